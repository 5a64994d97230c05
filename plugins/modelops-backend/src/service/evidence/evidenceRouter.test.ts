import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { NotAllowedError } from '@backstage/errors';
import { EVIDENCE_SECTIONS } from '@modelops/plugin-modelops-common';
import { Knex } from 'knex';
import request from 'supertest';
import { DatabaseApprovalStore } from '../../database/DatabaseApprovalStore';
import { PAGE_MAX_LIMIT } from '../../database/pageCursors';
import { modelopsPlugin } from '../../plugin';
import { userEntity } from '../../tests/fixtures';
import { ApprovalService } from '../approvals/ApprovalService';
import { EvidenceService } from './EvidenceService';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const MRM = 'group:default/model-risk-management';
const COMPLIANCE = 'group:default/compliance';

const model = {
  apiVersion: 'modelops.io/v1alpha1',
  kind: 'Model',
  metadata: {
    name: 'credit-default-scorer',
    namespace: 'default',
    title: 'Credit Default Scorer',
  },
  spec: {
    type: 'classification',
    lifecycle: 'production',
    owner: 'credit-risk-ds',
    riskTier: 'high',
    euAiActCategory: 'high-risk',
    intendedUse: 'Probability of default of retail loan applicants',
    limitations: 'Not for small-business loans <script>alert(1)</script>',
    trainingData: ['loan-history-2025', 'resource:default/hidden-dataset'],
    servedBy: ['credit-scoring-api'],
    versions: [
      { version: '3.2.0', stage: 'production', metrics: { auc: 0.91 } },
      { version: '3.3.0', stage: 'staging', metrics: { auc: 0.916 } },
    ],
    monitoring: { drift: { minCurrentSize: 5 } },
  },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/credit-risk-ds' }],
};

const entities = [
  model,
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'loan-history-2025', title: 'Loan history 2025' },
    spec: { type: 'dataset', owner: 'group:default/data-platform' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'credit-scoring-api' },
    spec: { type: 'service', owner: 'credit-risk-ds', lifecycle: 'production' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'credit-risk-ds', title: 'Credit Risk DS' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'not-a-model' },
    spec: { type: 'service', owner: 'x', lifecycle: 'production' },
  },
  userEntity('priya.raman', ['group:default/credit-risk-ds']),
  userEntity('fatima.haddad', [MRM]),
  userEntity('noah.klein', [COMPLIANCE]),
];

const policies = [
  {
    id: 'high-production',
    riskTiers: ['high'],
    targetStages: ['production'],
    requirements: [
      { id: 'model-risk', group: MRM },
      { id: 'compliance', group: COMPLIANCE },
    ],
  },
];

/** Denies the named permissions, allows the rest. */
const strictPermissions = (denied: string[]) =>
  createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () => ({
      authorize: async (reqs: any[]) =>
        reqs.map(r => ({
          result: denied.includes(r.permission.name)
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
        })),
      authorizeConditional: async (reqs: any[]) =>
        reqs.map(() => ({ result: AuthorizeResult.ALLOW })),
    }),
  });

const as = (name: string) => ({
  Authorization: mockCredentials.user.header(`user:default/${name}`),
});
const URL = '/api/modelops/models/default/credit-default-scorer/evidence';

describe.each(databases.eachSupportedId())(
  'GET /models/:namespace/:name/evidence on %s',
  databaseId => {
    let knex: Knex;

    async function start(denied: string[] = []) {
      knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          modelopsPlugin,
          mockServices.database.factory({ knex }),
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
          catalogServiceMock.factory({ entities: entities as any }),
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({ send: async () => {} }),
          }),
          mockServices.rootConfig.factory({
            data: { modelops: { approvals: { policies } } },
          }),
          ...(denied.length ? [strictPermissions(denied)] : []),
        ],
      });
      return server;
    }

    /** A request for 3.3.0 → production, approved by both roles. */
    async function approvedRequest(server: any) {
      const created = await request(server)
        .post('/api/modelops/approvals/requests')
        .set(as('priya.raman'))
        .send({
          modelRef: 'model:default/credit-default-scorer',
          modelVersion: '3.3.0',
          justification: 'AUC +0.006 on the 2026 holdout',
        });
      expect(created.status).toBe(201);
      for (const [name, comment] of [
        ['fatima.haddad', 'Backtest | reviewed'],
        ['noah.klein', 'Fair lending check done'],
      ]) {
        const decided = await request(server)
          .post(`/api/modelops/approvals/requests/${created.body.id}/decisions`)
          .set(as(name))
          .send({ decision: 'approve', comment });
        expect(decided.status).toBe(201);
      }
      return created.body.id as string;
    }

    it('has every section, the approvals with approvers and comments, an intact chain; a tampered audit row shows as broken', async () => {
      const server = await start();
      const id = await approvedRequest(server);

      const md = await request(server).get(URL).set(as('noah.klein'));
      expect(md.status).toBe(200);
      expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8');
      expect(md.headers['modelops-audit-chain']).toBe('intact');
      expect(md.headers['content-disposition']).toBe(
        'attachment; filename="evidence-default-credit-default-scorer.md"',
      );
      for (const s of EVIDENCE_SECTIONS)
        expect(md.text).toContain(`## ${s.title}\n`);
      expect(md.text).toContain(
        '| Provider / owner | Credit Risk DS (group:default/credit-risk-ds) |',
      );
      expect(md.text).toContain(
        '| resource:default/loan-history-2025 | Loan history 2025 | group:default/data-platform | dataset |',
      );
      expect(md.text).toContain(
        '| resource:default/hidden-dataset | not found in the catalog',
      );
      expect(md.text).toContain('component:default/credit-scoring-api');
      expect(md.text).toContain(id);
      expect(md.text).toContain(
        '| user:default/fatima.haddad | approve | model-risk |',
      );
      expect(md.text).toContain('Backtest \\| reviewed');
      expect(md.text).toContain('Fair lending check done');
      expect(md.text).toContain('Not for small-business loans \\<script\\>');
      expect(md.text).toMatch(
        /Audit chain intact: 4 event\(s\) verified, head hash [0-9a-f]{64}\./,
      );
      expect(md.text).toContain('| Audit events about this model | 4 |');
      expect(md.text).toContain('| minCurrentSize | 5 |');
      expect(md.text).toContain('_No drift runs have been recorded._');
      expect(md.text).toMatch(/\| Production readiness \| \d of \d/);
      expect(md.text).toContain('Generated | By | Audit chain');
      expect(md.text).toContain('| user:default/noah.klein | intact |');

      // Tamper with the trail as someone with database access would: edit a decision's comment.
      const updated = await knex('modelops_audit_events')
        .where({ seq: 2 })
        .update({ comment: 'forged' });
      expect(updated).toBe(1);

      const broken = await request(server).get(URL).set(as('noah.klein'));
      expect(broken.status).toBe(200);
      expect(broken.text).toContain('Audit chain BROKEN at event #2');
      expect(broken.headers['modelops-audit-chain']).toBe('broken');
      expect(broken.text).toContain('| Result | broken |');
      expect(broken.text).toContain('| First broken link | event #2');
      expect(broken.text).toContain('| **BROKEN** |');

      const html = await request(server)
        .get(`${URL}?format=html`)
        .set(as('noah.klein'));
      expect(html.status).toBe(200);
      expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(html.headers['content-disposition']).toBe(
        'attachment; filename="evidence-default-credit-default-scorer.html"',
      );
      expect(html.headers['content-security-policy']).toContain(
        "default-src 'none'",
      );
      expect(html.text).toContain('ATTENTION: Audit chain BROKEN at event #2');
      expect(html.text).not.toContain('<script>');
      for (const s of EVIDENCE_SECTIONS)
        expect(html.text).toContain(`<section id="${s.id}"`);
    });

    it('answers 404 for an unknown model or a non-Model, 400 for a bad format, 403 without approval read, and leaves out sections the caller may not read', async () => {
      const server = await start();
      const unknown = await request(server)
        .get('/api/modelops/models/default/nope/evidence')
        .set(as('noah.klein'));
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toBe(
        'model:default/nope is not a Model in the catalog (or you may not read it); check the namespace and name',
      );
      const component = await request(server)
        .get('/api/modelops/models/default/not-a-model/evidence')
        .set(as('noah.klein'));
      expect(component.status).toBe(404);

      const bad = await request(server)
        .get(`${URL}?format=pdf`)
        .set(as('noah.klein'));
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('format');
      expect(bad.body.error.message).toContain('must be one of markdown, html');

      const anonymous = await request(server).get(URL);
      expect(anonymous.status).toBe(401);

      const denied = await start(['modelops.approval.read']);
      const forbidden = await request(denied).get(URL).set(as('noah.klein'));
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.error.message).toBe(
        'missing permission modelops.approval.read',
      );

      const partial = await start([
        'modelops.scorecard.read',
        'modelops.drift.read',
      ]);
      const pack = await request(partial).get(URL).set(as('noah.klein'));
      expect(pack.status).toBe(200);
      expect(pack.text).toContain(
        'Scorecards could not be read: not included: you lack the permission modelops.scorecard.read',
      );
      expect(pack.text).toContain(
        'Drift references and runs could not be read: not included: you lack the permission modelops.drift.read',
      );
    });

    it(`includes every approval request of a model with more than one page (${PAGE_MAX_LIMIT}) of them`, async () => {
      const db = await databases.init(databaseId);
      const store = await DatabaseApprovalStore.create({
        database: { getClient: async () => db, migrations: { skip: false } },
      });
      const total = PAGE_MAX_LIMIT + 7;
      const T0 = Date.parse('2026-11-01T00:00:00.000Z');
      for (let i = 0; i < total; i += 1) {
        await store.createRequest(
          {
            modelRef: 'model:default/credit-default-scorer',
            modelVersion: `1.0.${i}`,
            fromStage: 'staging',
            toStage: 'production',
            requester: 'user:default/priya.raman',
            justification: `request ${i}`,
            links: [],
            ownerRef: 'group:default/credit-risk-ds',
            riskTier: 'high',
            policyId: 'high-production',
            requirements: [{ id: 'model-risk', groups: [MRM], count: 1 }],
            allowOwnerApproval: false,
            createdAt: new Date(T0 + i * 1000).toISOString(),
            expiresAt: new Date(T0 + 86_400_000 * 365).toISOString(),
          },
          { actor: 'user:default/priya.raman', client: 'test' },
        );
      }
      const approvals = new ApprovalService({
        store,
        catalog: {} as any,
        auth: {} as any,
        permissions: {} as any,
        logger: mockServices.logger.mock(),
        policies: [],
        adminGroups: [],
      });
      const service = new EvidenceService({
        catalog: catalogServiceMock({ entities: entities as any }),
        approvals,
        scorecards: {} as any,
        drift: {} as any,
        now: () => new Date('2026-11-28T12:00:00.000Z'),
      });
      const all = await service.allRequests(
        'model:default/credit-default-scorer',
      );
      expect(all).toHaveLength(total);

      // A part whose read fails with an internal error is named as missing; the error (which may
      // quote SQL or a connection) goes to the log, not into the pack.
      const logger = mockServices.logger.mock();
      const failing = new EvidenceService({
        catalog: catalogServiceMock({ entities: entities as any }),
        approvals,
        scorecards: {
          evaluateModel: async () => {
            throw new Error(
              'connect ECONNREFUSED postgresql://modelops:s3cret@db.internal:5432/modelops',
            );
          },
        } as any,
        drift: {
          listReferences: async () => {
            throw new NotAllowedError('missing permission modelops.drift.read');
          },
        } as any,
        logger,
      });
      const partial = await failing.build({
        modelRef: 'model:default/credit-default-scorer',
        credentials: mockCredentials.user('user:default/noah.klein'),
        generatedBy: 'user:default/noah.klein',
        access: { scorecards: true, drift: true },
      });
      const text = JSON.stringify(partial);
      expect(text).not.toContain('s3cret');
      expect(text).not.toContain('db.internal');
      expect(
        JSON.stringify(partial.sections.find(s => s.id === 'scorecards')),
      ).toContain('could not be read (server error');
      expect(text).toContain('missing permission modelops.drift.read');
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('reading scorecards failed'),
      );
      expect(new Set(all.map(r => r.id)).size).toBe(total);

      const pack = await service.build({
        modelRef: 'model:default/credit-default-scorer',
        credentials: mockCredentials.user('user:default/noah.klein'),
        generatedBy: 'user:default/noah.klein',
        access: { scorecards: false, drift: false },
      });
      const approvalsSection = pack.sections.find(s => s.id === 'approvals')!;
      const table = approvalsSection.blocks[0];
      expect(table.type === 'table' && table.rows.length).toBe(total);
      const audit = pack.sections.find(s => s.id === 'audit-chain')!;
      expect(JSON.stringify(audit.blocks)).toContain(
        `Audit chain intact: ${total} event(s) verified`,
      );
    });
  },
);
