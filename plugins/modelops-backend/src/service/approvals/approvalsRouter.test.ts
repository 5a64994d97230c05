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
import request from 'supertest';
import { modelopsPlugin } from '../../plugin';
import { userEntity } from '../../tests/fixtures';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const MRM = 'group:default/model-risk-management';
const COMPLIANCE = 'group:default/compliance';
const PLATFORM = 'group:default/modelops-platform';

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
    versions: [
      { version: '3.2.0', stage: 'production' },
      { version: '3.3.0', stage: 'staging' },
    ],
  },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/credit-risk-ds' }],
};

const lowModel = {
  ...model,
  metadata: { name: 'segmentation', namespace: 'default' },
  spec: { ...model.spec, riskTier: 'low', owner: 'personalization-ds' },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/personalization-ds' },
  ],
};

const entities = [
  model,
  lowModel,
  userEntity('priya.raman', ['group:default/credit-risk-ds']),
  userEntity('tomas.novak', ['group:default/credit-risk-ds', MRM]),
  userEntity('fatima.haddad', [MRM]),
  userEntity('grace.liu', [MRM, COMPLIANCE]),
  userEntity('noah.klein', [COMPLIANCE]),
  userEntity('amara.okafor', ['group:default/personalization-ds']),
  userEntity('lena.berg', [PLATFORM]),
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
  {
    id: 'low-production',
    riskTiers: ['low'],
    targetStages: ['production'],
    allowOwnerApproval: true,
    requirements: [{ groups: ['owner', 'group:default/modelops-platform'] }],
  },
];

/**
 * A strict permission policy: denies the named permissions to everyone and allows the rest
 * (`mockServices.permissions` can only allow or deny everything).
 */
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
        reqs.map(r => ({
          result: denied.includes(r.permission.name)
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
        })),
    }),
  });

let currentDatabase: string | undefined;

async function start(
  opts: {
    deny?: boolean;
    denied?: string[];
    notifyFails?: boolean;
    admins?: string[];
    policies?: any[];
  } = {},
) {
  const send = jest.fn(async (_n: any) => {
    if (opts.notifyFails)
      throw new Error('notifications backend not installed');
  });
  const knex = currentDatabase
    ? await databases.init(currentDatabase as any)
    : undefined;
  const { server } = await startTestBackend({
    features: [
      modelopsPlugin,
      ...(knex ? [mockServices.database.factory({ knex })] : []),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      catalogServiceMock.factory({ entities: entities as any }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send }),
      }),
      mockServices.rootConfig.factory({
        data: {
          modelops: {
            approvals: {
              policies: opts.policies ?? policies,
              admins: opts.admins ?? [PLATFORM],
            },
          },
        },
      }),
      ...(opts.deny
        ? [mockServices.permissions.factory({ result: AuthorizeResult.DENY })]
        : []),
      ...(opts.denied ? [strictPermissions(opts.denied)] : []),
    ],
  });
  return { server, send };
}

const as = (name: string) => ({
  Authorization: mockCredentials.user.header(`user:default/${name}`),
});
/** The example portal's guest: signed in, but no User entity in the catalog. */
const guest = {
  Authorization: mockCredentials.user.header('user:development/guest'),
};
/** A call the scaffolder makes on behalf of a template's initiator (what DefaultAuthService yields). */
const viaScaffolder = (name: string) => ({
  Authorization: `Bearer ${mockCredentials.user.token(`user:default/${name}`, {
    actor: { subject: 'plugin:scaffolder' },
  })}`,
});
/** The same, by another backend plugin. */
const viaPlugin = (name: string, plugin: string) => ({
  Authorization: `Bearer ${mockCredentials.user.token(`user:default/${name}`, {
    actor: { subject: plugin },
  })}`,
});
const body = {
  modelRef: 'model:default/credit-default-scorer',
  modelVersion: '3.3.0',
  justification: 'AUC +0.006 on the 2026 holdout',
  links: [{ url: 'https://mlflow.acme.example/runs/1', title: 'evaluation' }],
};

describe.each(databases.eachSupportedId())(
  'approvals router on %s',
  databaseId => {
    beforeAll(() => {
      currentDatabase = databaseId;
    });
    it('runs request → decisions → promotion, with SoD, viewer status, inbox, notifications and a verifiable audit trail', async () => {
      const { server, send } = await start();
      const created = await request(server)
        .post('/api/modelops/approvals/requests')
        .set(as('priya.raman'))
        .set('x-modelops-client', 'scaffolder')
        .send(body);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        state: 'pending',
        requester: 'user:default/priya.raman',
        fromStage: 'staging',
        toStage: 'production',
        policyId: 'high-production',
        ownerRef: 'group:default/credit-risk-ds',
      });
      expect(
        created.body.progress.map((p: any) => [p.requirementId, p.missing]),
      ).toEqual([
        ['model-risk', 1],
        ['compliance', 1],
      ]);
      // Each eligible approver by name: not the requester, not tomas (owning team) (issue 12 item 4).
      expect(send).toHaveBeenCalledWith(
        expect.objectContaining({
          recipients: {
            type: 'entity',
            entityRef: [
              'user:default/fatima.haddad',
              'user:default/grace.liu',
              'user:default/noah.klein',
            ],
          },
        }),
      );
      const id = created.body.id;

      // The requester sees no buttons; an eligible approver does; an owner in MRM is refused by policy.
      const asRequester = await request(server)
        .get(`/api/modelops/approvals/requests/${id}`)
        .set(as('priya.raman'));
      expect(asRequester.body.viewer).toMatchObject({
        canApprove: false,
        isRequester: true,
      });
      const asFatima = await request(server)
        .get(`/api/modelops/approvals/requests/${id}`)
        .set(as('fatima.haddad'));
      expect(asFatima.body.viewer).toMatchObject({
        canApprove: true,
        canReject: true,
      });
      const ownerTry = await request(server)
        .post(`/api/modelops/approvals/requests/${id}/decisions`)
        .set(as('tomas.novak'))
        .send({ decision: 'approve' });
      expect(ownerTry.status).toBe(403);
      expect(ownerTry.body.error.message).toContain('owning team');

      // Inbox: fatima and noah see it, priya does not.
      expect(
        (
          await request(server)
            .get('/api/modelops/approvals/inbox')
            .set(as('fatima.haddad'))
        ).body.items.map((r: any) => r.id),
      ).toEqual([id]);
      expect(
        (
          await request(server)
            .get('/api/modelops/approvals/inbox')
            .set(as('priya.raman'))
        ).body.items,
      ).toEqual([]);

      const self = await request(server)
        .post(`/api/modelops/approvals/requests/${id}/decisions`)
        .set(as('priya.raman'))
        .send({ decision: 'approve' });
      expect(self.status).toBe(403);
      expect(self.body.error.message).toContain('requester cannot decide');

      // Promotion before approval is refused.
      const early = await request(server)
        .post(`/api/modelops/approvals/requests/${id}/promotion`)
        .set(viaScaffolder('priya.raman'));
      expect(early.status).toBe(403);
      expect(early.body.error.message).toContain('is pending');

      const d1 = await request(server)
        .post(`/api/modelops/approvals/requests/${id}/decisions`)
        .set(as('grace.liu'))
        .send({ decision: 'approve', comment: 'validation report reviewed' });
      expect(d1.status).toBe(201);
      expect(d1.body.request.state).toBe('pending');
      const again = await request(server)
        .post(`/api/modelops/approvals/requests/${id}/decisions`)
        .set(as('grace.liu'))
        .send({ decision: 'approve' });
      expect(again.status).toBe(409);
      const d2 = await request(server)
        .post(`/api/modelops/approvals/requests/${id}/decisions`)
        .set(as('fatima.haddad'))
        .send({ decision: 'approve' });
      expect(d2.status).toBe(201);
      expect(d2.body.request.state).toBe('approved');
      // grace (MRM + compliance) was moved to compliance so fatima (MRM only) could fill model-risk
      expect(
        Object.fromEntries(
          d2.body.request.progress.map((p: any) => [
            p.requirementId,
            p.approvers,
          ]),
        ),
      ).toEqual({
        'model-risk': ['user:default/fatima.haddad'],
        compliance: ['user:default/grace.liu'],
      });
      expect(send).toHaveBeenLastCalledWith(
        expect.objectContaining({
          recipients: {
            type: 'entity',
            entityRef: ['user:default/priya.raman'],
          },
        }),
      );

      const promoted = await request(server)
        .post(`/api/modelops/approvals/requests/${id}/promotion`)
        .set(viaScaffolder('priya.raman'));
      expect(promoted.status).toBe(201);
      expect(promoted.body.promotion).toMatchObject({
        modelVersion: '3.3.0',
        toStage: 'production',
      });
      const promotedAgain = await request(server)
        .post(`/api/modelops/approvals/requests/${id}/promotion`)
        .set(viaScaffolder('priya.raman'));
      expect(promotedAgain.status).toBe(200);
      const promotions = await request(server)
        .get(
          '/api/modelops/approvals/models/default/credit-default-scorer/promotions',
        )
        .set(as('noah.klein'));
      expect(promotions.body.items).toHaveLength(1);
      // Several models in one request (what the catalog module reads), refs in any spelling.
      const several = await request(server)
        .get(
          '/api/modelops/approvals/promotions?modelRef=default/Credit-Default-Scorer&modelRef=model:default/segmentation',
        )
        .set(as('noah.klein'));
      expect(several.status).toBe(200);
      expect(
        several.body.items.map((p: any) => [p.modelRef, p.modelVersion]),
      ).toEqual([['model:default/credit-default-scorer', '3.3.0']]);
      const one = await request(server)
        .get('/api/modelops/approvals/promotions?modelRef=segmentation')
        .set(as('noah.klein'));
      expect(one.body).toEqual({ items: [] });
      const none = await request(server)
        .get('/api/modelops/approvals/promotions')
        .set(as('noah.klein'));
      expect(none.status).toBe(400);
      expect(none.body.error.message).toContain('modelRef');
      const notAModel = await request(server)
        .get('/api/modelops/approvals/promotions?modelRef=component:default/x')
        .set(as('noah.klein'));
      expect(notAModel.status).toBe(400);
      expect(notAModel.body.error.message).toContain(
        'must be a Model entity ref',
      );

      const audit = await request(server)
        .get(`/api/modelops/approvals/audit?requestId=${id}`)
        .set(as('noah.klein'));
      // The client comes from the verified credentials: the header claiming `scaffolder` is ignored.
      // The refused attempts (owner, requester, a second decision) are in the chain too (issue 12 item 3).
      expect(
        audit.body.items.map((e: any) => [e.type, e.actor, e.client]),
      ).toEqual([
        ['request.created', 'user:default/priya.raman', 'web'],
        ['decision.refused', 'user:default/tomas.novak', 'web'],
        ['decision.refused', 'user:default/priya.raman', 'web'],
        ['decision.recorded', 'user:default/grace.liu', 'web'],
        ['decision.refused', 'user:default/grace.liu', 'web'],
        ['decision.recorded', 'user:default/fatima.haddad', 'web'],
        ['request.approved', 'user:default/fatima.haddad', 'web'],
        ['promotion.recorded', 'user:default/priya.raman', 'plugin:scaffolder'],
      ]);
      const csv = await request(server)
        .get('/api/modelops/approvals/audit?format=csv')
        .set(as('noah.klein'));
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.text.split('\r\n')[0]).toBe(
        'seq,id,createdAt,type,actor,client,requestId,modelRef,comment,payload,prevHash,hash',
      );
      expect(csv.text.trim().split('\r\n')).toHaveLength(9);
      const verify = await request(server)
        .get('/api/modelops/approvals/audit/verify')
        .set(as('noah.klein'));
      expect(verify.body).toMatchObject({
        valid: true,
        checked: 8,
        firstBroken: null,
      });
      const head = await request(server)
        .get('/api/modelops/approvals/audit/head')
        .set(as('noah.klein'));
      expect(head.status).toBe(200);
      expect(head.body).toEqual({ seq: 8, hash: verify.body.headHash });
    });

    it('rejects bad input with 400 naming the field', async () => {
      const { server } = await start();
      const missing = await request(server)
        .post('/api/modelops/approvals/requests')
        .set(as('priya.raman'))
        .send({ modelRef: 'model:default/credit-default-scorer' });
      expect(missing.status).toBe(400);
      expect(missing.body.problems.map((p: any) => p.path)).toEqual([
        'modelVersion',
        'justification',
      ]);
      const stage = await request(server)
        .post('/api/modelops/approvals/requests')
        .set(as('priya.raman'))
        .send({ ...body, toStage: 'prod' });
      expect(stage.status).toBe(400);
      expect(stage.body.error.message).toContain(
        'toStage: must be one of none, development, staging, production, archived',
      );
      const version = await request(server)
        .post('/api/modelops/approvals/requests')
        .set(as('priya.raman'))
        .send({ ...body, modelVersion: '9.9.9' });
      expect(version.status).toBe(400);
      expect(version.body.error.message).toContain(
        'modelVersion: model:default/credit-default-scorer has no version "9.9.9" (known: 3.2.0, 3.3.0)',
      );
      const noPolicy = await request(server)
        .post('/api/modelops/approvals/requests')
        .set(as('priya.raman'))
        .send({ ...body, toStage: 'archived' });
      expect(noPolicy.status).toBe(400);
      expect(noPolicy.body.error.message).toContain(
        'no approval policy applies',
      );
      const unknownModel = await request(server)
        .post('/api/modelops/approvals/requests')
        .set(as('priya.raman'))
        .send({ ...body, modelRef: 'model:default/nope' });
      expect(unknownModel.status).toBe(404);
      const created = await request(server)
        .post('/api/modelops/approvals/requests')
        .set(as('priya.raman'))
        .send(body);
      const decision = await request(server)
        .post(`/api/modelops/approvals/requests/${created.body.id}/decisions`)
        .set(as('fatima.haddad'))
        .send({ decision: 'maybe' });
      expect(decision.status).toBe(400);
      expect(decision.body.problems).toEqual([
        { path: 'decision', message: 'must be "approve" or "reject"' },
      ]);
      // A rejection needs a reason (issue 12 item 3): 400 naming `comment`, nothing recorded.
      for (const comment of [undefined, '', '   ']) {
        const bare = await request(server)
          .post(`/api/modelops/approvals/requests/${created.body.id}/decisions`)
          .set(as('fatima.haddad'))
          .send({
            decision: 'reject',
            ...(comment === undefined ? {} : { comment }),
          });
        expect(bare.status).toBe(400);
        expect(bare.body.problems).toEqual([
          {
            path: 'comment',
            message:
              'is required when rejecting: say why, so the requester knows what to fix',
          },
        ]);
      }
      const stillPending = await request(server)
        .get(`/api/modelops/approvals/requests/${created.body.id}`)
        .set(as('fatima.haddad'));
      expect(stillPending.body).toMatchObject({
        state: 'pending',
        decisions: [],
      });
      const reasoned = await request(server)
        .post(`/api/modelops/approvals/requests/${created.body.id}/decisions`)
        .set(as('fatima.haddad'))
        .send({ decision: 'reject', comment: 'no fairness analysis attached' });
      expect(reasoned.status).toBe(201);
      expect(reasoned.body.request.state).toBe('rejected');
      expect(reasoned.body.decision.comment).toBe(
        'no fairness analysis attached',
      );
      expect(
        (
          await request(server)
            .get('/api/modelops/approvals/requests/nope')
            .set(as('fatima.haddad'))
        ).status,
      ).toBe(404);
      expect(
        (
          await request(server)
            .get('/api/modelops/approvals/audit?limit=0')
            .set(as('fatima.haddad'))
        ).status,
      ).toBe(400);
    });

    it('pages the requests, the inbox and the audit trail with cursors; the CSV export is the whole trail (issue 13 item 1)', async () => {
      const { server } = await start({
        policies: [
          ...policies,
          {
            id: 'high-staging',
            riskTiers: ['high'],
            targetStages: ['staging'],
            requirements: [{ id: 'model-risk', group: MRM }],
          },
        ],
      });
      const api = '/api/modelops/approvals';
      // 130 requests (each cancelled, so the next may be made) and 260 audit events.
      const ids: string[] = [];
      for (let i = 0; i < 130; i++) {
        const created = await request(server)
          .post(`${api}/requests`)
          .set(as('priya.raman'))
          .send(body);
        expect(created.status).toBe(201);
        ids.push(created.body.id);
        const cancelled = await request(server)
          .post(`${api}/requests/${created.body.id}/cancel`)
          .set(as('priya.raman'))
          .send({});
        expect(cancelled.status).toBe(200);
      }
      const walk = async (path: string, who = 'noah.klein') => {
        const seen: any[] = [];
        const sizes: number[] = [];
        let next: string | undefined;
        do {
          const sep = path.includes('?') ? '&' : '?';
          const res = await request(server)
            .get(
              `${path}${
                next ? `${sep}cursor=${encodeURIComponent(next)}` : ''
              }`,
            )
            .set(as(who));
          expect(res.status).toBe(200);
          seen.push(...res.body.items);
          sizes.push(res.body.items.length);
          next = res.body.nextCursor;
        } while (next && sizes.length < 100);
        return { seen, sizes };
      };
      const requests = await walk(`${api}/requests?limit=40`);
      expect(requests.sizes).toEqual([40, 40, 40, 10]);
      expect(requests.seen.map(r => r.id)).toEqual([...ids].reverse());
      // The default page is 50.
      const first = await request(server)
        .get(`${api}/requests`)
        .set(as('noah.klein'));
      expect(first.body.items).toHaveLength(50);
      expect(typeof first.body.nextCursor).toBe('string');

      const audit = await walk(`${api}/audit?limit=100`);
      expect(audit.sizes).toEqual([100, 100, 60]);
      expect(audit.seen.map(e => e.seq)).toEqual(
        Array.from({ length: 260 }, (_, i) => i + 1),
      );
      const perRequest = await walk(`${api}/audit?requestId=${ids[7]}&limit=1`);
      expect(perRequest.seen.map(e => e.type)).toEqual([
        'request.created',
        'request.cancelled',
      ]);
      // The CSV export has every event (read in two pages of 250 inside), one header line.
      const csv = await request(server)
        .get(`${api}/audit?format=csv`)
        .set(as('noah.klein'));
      expect(csv.status).toBe(200);
      const lines = csv.text.trim().split('\r\n');
      expect(lines).toHaveLength(261);
      expect(lines.filter(l => l.startsWith('seq,'))).toHaveLength(1);
      expect(lines.slice(1).map(l => Number(l.split(',')[0]))).toEqual(
        Array.from({ length: 260 }, (_, i) => i + 1),
      );

      // Limits and cursors: 400 naming the field.
      for (const [query, field] of [
        ['requests?limit=501', /^limit: must be at most 500/],
        ['requests?limit=0', /^limit: must be at least 1/],
        ['inbox?limit=100000', /^limit: must be at most 500/],
        ['audit?limit=501', /^limit: must be at most 500/],
        ['audit?format=csv&limit=501', /^limit: must be at most 500/],
        ['requests?cursor=not-a-cursor', /^cursor: /],
        ['inbox?cursor=not-a-cursor', /^cursor: /],
        ['audit?cursor=not-a-cursor', /^cursor: /],
        ['audit?format=csv&cursor=not-a-cursor', /^cursor: /],
        [`audit?cursor=${first.body.nextCursor}`, /^cursor: /],
      ] as const) {
        const res = await request(server)
          .get(`${api}/${query}`)
          .set(as('noah.klein'));
        expect([query, res.status]).toEqual([query, 400]);
        expect(res.body.error.message).toMatch(field);
      }

      // The inbox: fatima may decide the two high-risk requests, not the low-risk one between them.
      const open = async (who: string, payload: object) => {
        const res = await request(server)
          .post(`${api}/requests`)
          .set(as(who))
          .send(payload);
        expect(res.status).toBe(201);
        return res.body.id as string;
      };
      const toStaging = await open('priya.raman', {
        ...body,
        modelVersion: '3.2.0',
        toStage: 'staging',
      });
      await open('amara.okafor', {
        ...body,
        modelRef: 'model:default/segmentation',
      });
      const toProduction = await open('priya.raman', body);
      const inbox = await walk(`${api}/inbox?limit=1`, 'fatima.haddad');
      expect(inbox.seen.map(r => r.id)).toEqual([toProduction, toStaging]);
      expect(inbox.sizes[0]).toBe(1);
      expect(
        (await request(server).get(`${api}/inbox`).set(as('fatima.haddad')))
          .body,
      ).toMatchObject({ items: [{ id: toProduction }, { id: toStaging }] });
      expect(
        (await request(server).get(`${api}/inbox`).set(as('fatima.haddad')))
          .body.nextCursor,
      ).toBeUndefined();
    });

    it('answers a revisit of a listing page with 304 until any request on it changes (issue 13 item 1)', async () => {
      const { server } = await start();
      const api = '/api/modelops/approvals/requests';
      const created = await request(server)
        .post(api)
        .set(as('priya.raman'))
        .send(body);
      expect(created.status).toBe(201);
      const list = (query: string, etag?: string) => {
        const r = request(server).get(`${api}${query}`).set(as('noah.klein'));
        return etag ? r.set('If-None-Match', etag) : r;
      };
      const first = await list('');
      expect(first.status).toBe(200);
      expect(first.headers.etag).toMatch(/^"[\w-]+"$/);
      expect(first.headers['cache-control']).toBe('private, no-cache');
      expect(first.body.items.map((r: any) => r.state)).toEqual(['pending']);
      expect((await list('', first.headers.etag)).status).toBe(304);
      expect((await list('', `W/${first.headers.etag}, "other"`)).status).toBe(
        304,
      );
      // Another query is another page, with its own tag.
      const filtered = await list('?state=pending');
      expect(filtered.headers.etag).not.toBe(first.headers.etag);

      // A decision changes the request's progress: the old tag no longer matches.
      const decided = await request(server)
        .post(`${api}/${created.body.id}/decisions`)
        .set(as('fatima.haddad'))
        .send({ decision: 'approve', comment: 'validation reviewed' });
      expect(decided.status).toBe(201);
      const afterDecision = await list('', first.headers.etag);
      expect(afterDecision.status).toBe(200);
      expect(afterDecision.headers.etag).not.toBe(first.headers.etag);
      expect(
        afterDecision.body.items[0].progress.map((p: any) => p.missing),
      ).toEqual([0, 1]);

      // A cancel changes its state; the page served from this process's copy is not stale.
      expect(
        (
          await request(server)
            .post(`${api}/${created.body.id}/cancel`)
            .set(as('priya.raman'))
            .send({})
        ).status,
      ).toBe(200);
      const afterCancel = await list('', afterDecision.headers.etag);
      expect(afterCancel.status).toBe(200);
      expect(afterCancel.body.items.map((r: any) => r.state)).toEqual([
        'cancelled',
      ]);
      expect((await list('?state=pending', filtered.headers.etag)).status).toBe(
        200,
      );
      expect((await list('?state=pending')).body.items).toEqual([]);
    });

    it('answers 403 without permission and for service callers on user-only actions', async () => {
      const { server } = await start({ deny: true });
      expect(
        (
          await request(server)
            .post('/api/modelops/approvals/requests')
            .set(as('priya.raman'))
            .send(body)
        ).status,
      ).toBe(403);
      expect(
        (
          await request(server)
            .get('/api/modelops/approvals/audit/verify')
            .set(as('priya.raman'))
        ).status,
      ).toBe(403);
      expect(
        (
          await request(server)
            .get('/api/modelops/approvals/requests')
            .set(as('priya.raman'))
        ).status,
      ).toBe(403);
      const { server: open } = await start();
      const service = await request(open)
        .post('/api/modelops/approvals/requests')
        .set('Authorization', mockCredentials.service.header())
        .send(body);
      expect(service.status).toBe(403);
      expect(service.body.error.message).toContain('signed-in user');
    });

    it('lets the owning team approve when the policy allows it, and survives a failing notifications backend', async () => {
      const { server, send } = await start({ notifyFails: true });
      const created = await request(server)
        .post('/api/modelops/approvals/requests')
        .set(as('amara.okafor'))
        .send({ ...body, modelRef: 'model:default/segmentation' });
      expect(created.status).toBe(201);
      expect(send).toHaveBeenCalled();
      expect(created.body.progress[0].groups).toEqual([
        'owner',
        'group:default/modelops-platform',
      ]);
      const teammate = entities.find(e => e.metadata.name === 'amara.okafor');
      expect(teammate).toBeDefined();
      // the requester is in the owning team but still cannot approve their own request
      const self = await request(server)
        .post(`/api/modelops/approvals/requests/${created.body.id}/decisions`)
        .set(as('amara.okafor'))
        .send({ decision: 'approve' });
      expect(self.status).toBe(403);
      const cancel = await request(server)
        .post(`/api/modelops/approvals/requests/${created.body.id}/cancel`)
        .set(as('lena.berg'))
        .send({});
      // lena is in modelops.approvals.admins and the (allow-all) policy grants the admin permission
      expect(cancel.status).toBe(200);
      expect(cancel.body.state).toBe('cancelled');
    });

    it("enforces the policy's minimum readiness, from config, with the real scorecards when the promotion is recorded (issue 12 item 2)", async () => {
      const { server } = await start({
        policies: [
          policies[0],
          { ...policies[1], minimumReadiness: { level: 'Gold' } },
        ],
      });
      const policy = await request(server)
        .get(
          '/api/modelops/approvals/models/default/segmentation/policy?toStage=production',
        )
        .set(as('amara.okafor'));
      expect(policy.body.minimumReadiness).toEqual({
        scorecard: 'production-readiness',
        level: 3,
        levelName: 'Gold',
      });
      const created = await request(server)
        .post('/api/modelops/approvals/requests')
        .set(as('amara.okafor'))
        .send({ ...body, modelRef: 'model:default/segmentation' });
      const id = created.body.id;
      const approved = await request(server)
        .post(`/api/modelops/approvals/requests/${id}/decisions`)
        .set(as('lena.berg'))
        .send({ decision: 'approve' });
      expect(approved.body.request.state).toBe('approved');
      const promoted = await request(server)
        .post(`/api/modelops/approvals/requests/${id}/promotion`)
        .set(viaScaffolder('amara.okafor'));
      expect(promoted.status).toBe(409);
      expect(promoted.body.error.message).toMatch(
        /^model:default\/segmentation holds production-readiness level \d \(\w+\), below the minimum production-readiness level 3 \(Gold\) that policy low-production requires for production; to reach \w+, fix: /,
      );
      const promotions = await request(server)
        .get('/api/modelops/approvals/models/default/segmentation/promotions')
        .set(as('amara.okafor'));
      expect(promotions.body.items).toEqual([]);
    });

    it('re-evaluates the scorecards after a promotion is recorded: the readiness check does not leave a stale evaluation behind', async () => {
      const { server } = await start({
        policies: [
          policies[0],
          { ...policies[1], minimumReadiness: { level: 'Stone' } },
        ],
      });
      const created = await request(server)
        .post('/api/modelops/approvals/requests')
        .set(as('amara.okafor'))
        .send({ ...body, modelRef: 'model:default/segmentation' });
      await request(server)
        .post(`/api/modelops/approvals/requests/${created.body.id}/decisions`)
        .set(as('lena.berg'))
        .send({ decision: 'approve' })
        .expect(201);
      const promoted = await request(server)
        .post(`/api/modelops/approvals/requests/${created.body.id}/promotion`)
        .set(viaScaffolder('amara.okafor'));
      expect(promoted.status).toBe(201);
      const scorecard = await request(server)
        .get('/api/modelops/scorecards/models/default/segmentation')
        .set(as('amara.okafor'));
      expect(scorecard.status).toBe(200);
      // Evaluated after the promotion (the cached evaluation of the readiness check was dropped).
      expect(Date.parse(scorecard.body.evaluatedAt)).toBeGreaterThanOrEqual(
        Date.parse(promoted.body.promotion.createdAt),
      );
    });

    it('refuses to start with a minimum readiness that is not a level, naming the key (issue 12 item 2)', async () => {
      await expect(
        start({
          policies: [
            { ...policies[0], minimumReadiness: { level: 'Platinum' } },
          ],
        }),
      ).rejects.toThrow(
        'modelops.approvals.policies[0].minimumReadiness.level "Platinum" is not a level of production-readiness',
      );
    });

    describe('authorization (issue 9 item 3)', () => {
      const api = '/api/modelops/approvals';
      const create = async (
        server: any,
        who = 'priya.raman',
        extra: Record<string, unknown> = {},
      ) => {
        const res = await request(server)
          .post(`${api}/requests`)
          .set(as(who))
          .send({ ...body, ...extra });
        expect(res.status).toBe(201);
        return res.body.id as string;
      };
      const approveAll = async (server: any, id: string) => {
        for (const who of ['fatima.haddad', 'noah.klein']) {
          expect(
            (
              await request(server)
                .post(`${api}/requests/${id}/decisions`)
                .set(as(who))
                .send({ decision: 'approve' })
            ).status,
          ).toBe(201);
        }
      };
      const stateOf = async (server: any, id: string) =>
        (
          await request(server)
            .get(`${api}/requests/${id}`)
            .set(as('noah.klein'))
        ).body.state;

      it('allow-all policy: only the requester or an admin in modelops.approvals.admins cancels', async () => {
        const { server } = await start();
        const id = await create(server);
        // Everyone holds modelops.approval.admin under allow-all; that alone no longer makes an admin.
        for (const [who, headers] of [
          ['another user', as('fatima.haddad')],
          ['the guest', guest],
          ['a service', { Authorization: mockCredentials.service.header() }],
          ['another user via the scaffolder', viaScaffolder('amara.okafor')],
        ] as const) {
          const res = await request(server)
            .post(`${api}/requests/${id}/cancel`)
            .set(headers)
            .send({});
          expect([who, res.status]).toEqual([who, 403]);
          expect(res.body.error.message).toContain(
            'only the requester or an approvals admin',
          );
        }
        expect(await stateOf(server, id)).toBe('pending');
        const own = await request(server)
          .post(`${api}/requests/${id}/cancel`)
          .set(as('priya.raman'))
          .send({ comment: 'superseded' });
        expect(own.status).toBe(200);
        expect(own.body.state).toBe('cancelled');

        const second = await create(server);
        const byAdmin = await request(server)
          .post(`${api}/requests/${second}/cancel`)
          .set(as('lena.berg'))
          .send({});
        expect(byAdmin.status).toBe(200);
        const audit = await request(server)
          .get(`${api}/audit?requestId=${second}`)
          .set(as('noah.klein'));
        expect(audit.body.items.at(-1)).toMatchObject({
          type: 'request.cancelled',
          actor: 'user:default/lena.berg',
          client: 'web',
        });
      });

      it('no admins configured: nobody but the requester cancels, whatever the policy grants', async () => {
        const { server } = await start({ admins: [] });
        const id = await create(server);
        expect(
          (
            await request(server)
              .post(`${api}/requests/${id}/cancel`)
              .set(as('lena.berg'))
              .send({})
          ).status,
        ).toBe(403);
        expect(await stateOf(server, id)).toBe('pending');
      });

      it('strict policy: a member of an admin group without modelops.approval.admin is no admin', async () => {
        const { server } = await start({ denied: ['modelops.approval.admin'] });
        const id = await create(server);
        expect(
          (
            await request(server)
              .post(`${api}/requests/${id}/cancel`)
              .set(as('lena.berg'))
              .send({})
          ).status,
        ).toBe(403);
        await approveAll(server, id);
        const promote = await request(server)
          .post(`${api}/requests/${id}/promotion`)
          .set(as('lena.berg'));
        expect(promote.status).toBe(403);
        // the requester still cancels their own request and records their promotion through the scaffolder
        expect(
          (
            await request(server)
              .post(`${api}/requests/${id}/promotion`)
              .set(viaScaffolder('priya.raman'))
          ).status,
        ).toBe(201);
        const next = await create(server, 'amara.okafor', {
          modelRef: 'model:default/segmentation',
        });
        expect(
          (
            await request(server)
              .post(`${api}/requests/${next}/cancel`)
              .set(as('amara.okafor'))
              .send({})
          ).status,
        ).toBe(200);
      });

      it("allow-all policy: a promotion is recorded only by the requester's scaffolder task or an admin", async () => {
        const { server } = await start();
        const id = await create(server);
        await approveAll(server, id);
        for (const [who, headers] of [
          ['the requester with their own token', as('priya.raman')],
          ['another user', as('fatima.haddad')],
          ['another user via the scaffolder', viaScaffolder('amara.okafor')],
          [
            'the requester via another plugin',
            viaPlugin('priya.raman', 'plugin:catalog'),
          ],
          ['the guest', guest],
          ['a service', { Authorization: mockCredentials.service.header() }],
        ] as const) {
          const res = await request(server)
            .post(`${api}/requests/${id}/promotion`)
            .set(headers);
          expect([who, res.status]).toEqual([who, 403]);
        }
        expect(
          (
            await request(server)
              .get(`${api}/models/default/credit-default-scorer/promotions`)
              .set(as('noah.klein'))
          ).body.items,
        ).toEqual([]);
        const ok = await request(server)
          .post(`${api}/requests/${id}/promotion`)
          .set(viaScaffolder('priya.raman'));
        expect(ok.status).toBe(201);
        const audit = await request(server)
          .get(`${api}/audit?requestId=${id}`)
          .set(as('noah.klein'));
        expect(audit.body.items.at(-1)).toMatchObject({
          type: 'promotion.recorded',
          actor: 'user:default/priya.raman',
          client: 'plugin:scaffolder',
        });

        // an admin may record it too (e.g. the template run was lost)
        const second = await create(server, 'amara.okafor', {
          modelRef: 'model:default/segmentation',
        });
        expect(
          (
            await request(server)
              .post(`${api}/requests/${second}/decisions`)
              .set(as('lena.berg'))
              .send({ decision: 'approve' })
          ).status,
        ).toBe(201);
        const byAdmin = await request(server)
          .post(`${api}/requests/${second}/promotion`)
          .set(as('lena.berg'));
        expect(byAdmin.status).toBe(201);
        expect(byAdmin.body.promotion).toMatchObject({
          modelRef: 'model:default/segmentation',
        });
      });

      it('records the client from the verified credentials, never from x-modelops-client', async () => {
        const { server } = await start();
        const forged = await request(server)
          .post(`${api}/requests`)
          .set(as('priya.raman'))
          .set('x-modelops-client', 'scaffolder')
          .send(body);
        expect(forged.status).toBe(201);
        const obo = await request(server)
          .post(`${api}/requests`)
          .set(viaScaffolder('amara.okafor'))
          .set('x-modelops-client', 'web')
          .send({ ...body, modelRef: 'model:default/segmentation' });
        expect(obo.status).toBe(201);
        const audit = await request(server)
          .get(`${api}/audit`)
          .set(as('noah.klein'));
        expect(audit.body.items.map((e: any) => [e.actor, e.client])).toEqual([
          ['user:default/priya.raman', 'web'],
          ['user:default/amara.okafor', 'plugin:scaffolder'],
        ]);
      });

      it.each<[string, { deny?: boolean; denied?: string[] }]>([
        [
          'strict policy (decide denied)',
          { denied: ['modelops.approval.decide'] },
        ],
        ['deny-all policy', { deny: true }],
      ])(
        '%s: decisions answer 403 for existing and unknown ids alike',
        async (_name, opts) => {
          const { server: open } = await start();
          const { server } = await start(opts);
          // an existing request (creation is still allowed by the strict policy; deny-all cannot create)
          const existing = opts.deny ? undefined : await create(server);
          const ids = [
            ...(existing ? [existing] : []),
            '00000000-0000-4000-8000-000000000000',
            'no-such-request',
          ];
          for (const id of ids) {
            const res = await request(server)
              .post(`${api}/requests/${id}/decisions`)
              .set(as('fatima.haddad'))
              .send({ decision: 'approve' });
            expect([id, res.status, res.body.error.message]).toEqual([
              id,
              403,
              'missing permission modelops.approval.decide',
            ]);
          }
          // with the permission, an unknown id is a 404 (only then)
          expect(
            (
              await request(open)
                .post(`${api}/requests/no-such-request/decisions`)
                .set(as('fatima.haddad'))
                .send({ decision: 'approve' })
            ).status,
          ).toBe(404);
        },
      );

      it('the guest (no User entity) may read, but not request, decide, cancel or promote', async () => {
        const { server } = await start();
        const id = await create(server);
        expect(
          (await request(server).get(`${api}/requests`).set(guest)).status,
        ).toBe(200);
        expect(
          (await request(server).get(`${api}/requests/${id}`).set(guest)).body
            .viewer,
        ).toMatchObject({ canApprove: false, canReject: false });
        expect(
          (await request(server).get(`${api}/audit/verify`).set(guest)).status,
        ).toBe(200);
        const asks = await request(server)
          .post(`${api}/requests`)
          .set(guest)
          .send({ ...body, modelRef: 'model:default/segmentation' });
        expect(asks.status).toBe(403);
        expect(asks.body.error.message).toContain(
          'user:development/guest is not one',
        );
        expect(
          (
            await request(server)
              .post(`${api}/requests/${id}/decisions`)
              .set(guest)
              .send({ decision: 'reject', comment: 'guest says no' })
          ).status,
        ).toBe(403);
        expect(
          (
            await request(server)
              .post(`${api}/requests/${id}/cancel`)
              .set(guest)
              .send({})
          ).status,
        ).toBe(403);
        expect(await stateOf(server, id)).toBe('pending');
      });

      it('refuses non-http(s) links with 400 naming the field, storing nothing (item 4)', async () => {
        const { server } = await start();
        for (const url of [
          // eslint-disable-next-line no-script-url -- the script URL is the input that must be refused
          'javascript:alert(document.cookie)',
          'data:text/html,<script>alert(1)</script>',
          'ftp://x.example/a',
        ]) {
          const res = await request(server)
            .post(`${api}/requests`)
            .set(as('priya.raman'))
            .send({
              ...body,
              links: [
                { url: 'https://ok.example/a' },
                { url, title: 'report' },
              ],
            });
          expect(res.status).toBe(400);
          expect(res.body.error.message).toBe(
            'links[1].url: must be an http(s) URL, e.g. https://mlflow.example.com/#/runs/123',
          );
        }
        expect(
          (await request(server).get(`${api}/requests`).set(as('noah.klein')))
            .body.items,
        ).toEqual([]);
        expect(
          (await request(server).get(`${api}/audit`).set(as('noah.klein'))).body
            .items,
        ).toEqual([]);
      });
    });
  },
);
