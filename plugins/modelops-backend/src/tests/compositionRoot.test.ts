import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import request from 'supertest';
import { DatabaseApprovalStore } from '../database/DatabaseApprovalStore';
import { DatabaseDriftStore } from '../database/DatabaseDriftStore';
import { DatabaseScorecardStore } from '../database/DatabaseScorecardStore';
import { modelopsPlugin } from '../plugin';
import { churnModel, userEntity } from './fixtures';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const MRM = 'group:default/model-risk-management';
const RISK = 'group:default/risk';

/** A model outside the default namespace whose owner is a short ref (no ownedBy relation yet). */
const financeModel = {
  ...churnModel({ riskTier: 'low', owner: 'credit-risk' }),
  metadata: { name: 'scorer', namespace: 'finance' },
  relations: [],
};
const entities = [
  churnModel({ riskTier: 'low' }),
  financeModel,
  userEntity('ada', ['group:default/team-a']),
  userEntity('fatima', [MRM]),
  userEntity('grace', [RISK]),
];
const config = {
  modelops: {
    approvals: {
      policies: [
        {
          id: 'low',
          riskTiers: ['low'],
          targetStages: ['production'],
          requirements: [{ group: MRM }],
        },
      ],
    },
    scorecards: {
      cacheTtlSeconds: 0,
      snapshots: { enabled: false },
      exemptionApprovers: [RISK],
    },
  },
};

/** Pins `knex.migrate` (a getter that makes a new Migrator per access) to one spied migrator. */
function spyOnMigrations(knex: Knex) {
  const migrator = knex.migrate;
  const latest = jest.spyOn(migrator, 'latest');
  Object.defineProperty(knex, 'migrate', {
    get: () => migrator,
    configurable: true,
  });
  return latest;
}

const as = (name: string) => ({
  Authorization: mockCredentials.user.header(`user:default/${name}`),
});
const viaScaffolder = (name: string) => ({
  Authorization: `Bearer ${mockCredentials.user.token(`user:default/${name}`, {
    actor: { subject: 'plugin:scaffolder' },
  })}`,
});

describe.each(databases.eachSupportedId())(
  'composition root on %s',
  databaseId => {
    async function start() {
      const knex = await databases.init(databaseId);
      const latest = spyOnMigrations(knex);
      const creates = [
        DatabaseDriftStore,
        DatabaseApprovalStore,
        DatabaseScorecardStore,
      ].map(c => jest.spyOn(c, 'create'));
      const auditor = mockServices.auditor.mock();
      const { server } = await startTestBackend({
        features: [
          modelopsPlugin,
          mockServices.database.factory({ knex }),
          auditor.factory,
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
          catalogServiceMock.factory({ entities: entities as any }),
          mockServices.rootConfig.factory({ data: config }),
        ],
      });
      return { server, knex, latest, creates, auditor };
    }

    afterEach(() => jest.restoreAllMocks());

    it('builds the stores once per start: one migrate.latest, no per-feature create', async () => {
      const { server, latest, creates } = await start();
      expect(latest).toHaveBeenCalledTimes(1);
      for (const create of creates) expect(create).not.toHaveBeenCalled();
      // Every feature is served by the stores built once.
      for (const path of [
        '/api/modelops/drift/status',
        '/api/modelops/approvals/requests',
        '/api/modelops/scorecards/exemptions',
      ]) {
        expect((await request(server).get(path).set(as('ada'))).status).toBe(
          200,
        );
      }
      expect(latest).toHaveBeenCalledTimes(1);
    });

    it('sends approvals, exemptions and drift submissions to the auditor service, and exemption changes to the hash chain', async () => {
      const { server, auditor } = await start();
      const events = () =>
        auditor.createEvent.mock.calls.map(([o]) => [
          o.eventId,
          (o.meta as any)?.actionType ?? null,
        ]);
      const results = async () =>
        Promise.all(auditor.createEvent.mock.results.map(r => r.value));

      // Approvals: create, decide, promote (on the requester's behalf), and create + cancel another.
      const created = await request(server)
        .post('/api/modelops/approvals/requests')
        .set(as('ada'))
        .send({
          modelRef: 'model:default/churn',
          modelVersion: '1.1',
          justification: 'Better recall on the holdout',
        });
      expect(created.status).toBe(201);
      expect(
        (
          await request(server)
            .post(
              `/api/modelops/approvals/requests/${created.body.id}/decisions`,
            )
            .set(as('fatima'))
            .send({ decision: 'approve' })
        ).status,
      ).toBe(201);
      expect(
        (
          await request(server)
            .post(
              `/api/modelops/approvals/requests/${created.body.id}/promotion`,
            )
            .set(viaScaffolder('ada'))
            .send({})
        ).status,
      ).toBe(201);
      const other = await request(server)
        .post('/api/modelops/approvals/requests')
        .set(as('ada'))
        .send({
          modelRef: 'model:default/churn',
          modelVersion: '1.0',
          toStage: 'production',
          justification: 'Roll back to the previous version',
        });
      expect(other.status).toBe(400); // already in production: refused, and audited as a failure
      expect(
        (
          await request(server)
            .post(`/api/modelops/approvals/requests/${created.body.id}/cancel`)
            .set(as('ada'))
            .send({})
        ).status,
      ).toBe(409);

      // Exemptions: request (ada), approve (grace, an approver), revoke (ada, the requester).
      const exemption = await request(server)
        .post('/api/modelops/scorecards/exemptions')
        .set(as('ada'))
        .send({
          entityRef: 'model:default/churn',
          checkId: 'model-card-present',
          reason: 'Model card is being reviewed by legal',
          expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        });
      expect(exemption.status).toBe(201);
      expect(
        (
          await request(server)
            .post(
              `/api/modelops/scorecards/exemptions/${exemption.body.id}/approve`,
            )
            .set(as('grace'))
            .send({})
        ).status,
      ).toBe(200);
      expect(
        (
          await request(server)
            .post(
              `/api/modelops/scorecards/exemptions/${exemption.body.id}/revoke`,
            )
            .set(as('ada'))
            .send({})
        ).status,
      ).toBe(200);

      // Drift: a reference and a run.
      const rows = Array.from({ length: 20 }, (_, i) => ({
        x: i % 7,
        y: (i * 3) % 5,
      }));
      expect(
        (
          await request(server)
            .post('/api/modelops/drift/models/default/churn/references')
            .set(as('ada'))
            .send({ rows })
        ).status,
      ).toBe(201);
      expect(
        (
          await request(server)
            .post('/api/modelops/drift/models/default/churn/runs')
            .set(as('ada'))
            .send({ runId: 'w1', rows })
        ).status,
      ).toBe(201);

      expect(events()).toEqual([
        ['approval-request', 'create'],
        ['approval-decision', 'approve'],
        ['model-promotion', null],
        ['approval-request', 'create'],
        ['approval-request', 'cancel'],
        ['scorecard-exemption', 'request'],
        ['scorecard-exemption', 'approve'],
        ['scorecard-exemption', 'revoke'],
        ['drift-submit', 'reference'],
        ['drift-submit', 'run'],
      ]);
      // Every event carries the request (so the auditor records the caller) and is closed once.
      for (const [options] of auditor.createEvent.mock.calls)
        expect(options.request).toBeDefined();
      const handles = await results();
      // [success calls, fail calls] of each event: exactly one of them, once.
      const outcome = handles.map(h => [
        (h.success as jest.Mock).mock.calls.length,
        (h.fail as jest.Mock).mock.calls.length,
      ]);
      const ok = [1, 0];
      const failed = [0, 1];
      expect(outcome).toEqual([ok, ok, ok, failed, failed, ok, ok, ok, ok, ok]);
      expect(
        (handles[2].success as jest.Mock).mock.calls[0][0].meta,
      ).toMatchObject({
        requestId: created.body.id,
        modelVersion: '1.1',
        toStage: 'production',
      });
      expect(
        (handles[3].fail as jest.Mock).mock.calls[0][0].error.message,
      ).toContain('already in production');

      // The exemption's life is in the hash chain, next to the approval events, and the chain verifies.
      const chain = await request(server)
        .get('/api/modelops/approvals/audit')
        .set(as('ada'));
      const exemptionEvents = chain.body.items.filter((e: any) =>
        e.type.startsWith('exemption.'),
      );
      expect(
        exemptionEvents.map((e: any) => [
          e.type,
          e.actor,
          e.client,
          e.requestId,
          e.modelRef,
          e.payload.exemptionId,
        ]),
      ).toEqual([
        [
          'exemption.requested',
          'user:default/ada',
          'web',
          null,
          'model:default/churn',
          exemption.body.id,
        ],
        [
          'exemption.approved',
          'user:default/grace',
          'web',
          null,
          'model:default/churn',
          exemption.body.id,
        ],
        [
          'exemption.revoked',
          'user:default/ada',
          'web',
          null,
          'model:default/churn',
          exemption.body.id,
        ],
      ]);
      const verify = await request(server)
        .get('/api/modelops/approvals/audit/verify')
        .set(as('ada'));
      expect(verify.body).toMatchObject({
        valid: true,
        checked: chain.body.items.length,
        stateMismatches: [],
      });
    });

    it("records a request's owning team in the model's namespace (spec.owner resolved like the catalog does)", async () => {
      const { server } = await start();
      const created = await request(server)
        .post('/api/modelops/approvals/requests')
        .set(as('ada'))
        .send({
          modelRef: 'model:finance/scorer',
          modelVersion: '1.1',
          justification: 'Better recall on the holdout',
        });
      expect(created.status).toBe(201);
      expect(created.body.ownerRef).toBe('group:finance/credit-risk');
    });
  },
);
