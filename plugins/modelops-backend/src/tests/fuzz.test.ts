import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { buildReferenceProfile } from '@modelops/plugin-modelops-common';
import request from 'supertest';
import { modelopsPlugin } from '../plugin';
import { churnModel, userEntity } from './fixtures';

/*
 * Schema-driven fuzzing of every route of /api/modelops (drift, approvals, scorecards), on
 * PostgreSQL and SQLite (issue 9 item 8). Each request starts from a valid body, path and query
 * and replaces, removes or adds fields with hostile values (NUL bytes, strings longer than their
 * columns, wrong types, deep nesting, huge numbers, unknown ids, malformed refs). The invariant:
 * no request is answered with a 5xx. Seeded PRNG, bounded count: the same requests every run.
 */

jest.setTimeout(300_000);

const REQUESTS_PER_DATABASE = 700;
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const RISK = 'group:default/risk';
const group = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
});
const entities = [
  churnModel(),
  group('team-a'),
  group('risk'),
  userEntity('ada', ['group:default/team-a']),
  userEntity('grace', [RISK]),
];

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEEP = '__DEEP__';
const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

/** Hostile values, including the causes of the 500s seen in the hostile test. */
const NASTY: unknown[] = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  'x'.repeat(33),
  'x'.repeat(37),
  'x'.repeat(65),
  'x'.repeat(129),
  'x'.repeat(256),
  'x'.repeat(300),
  'x'.repeat(6000),
  '\ud800',
  '💥'.repeat(200),
  // eslint-disable-next-line no-script-url -- a script URL is one of the inputs that must be refused
  'javascript:alert(1)',
  'data:text/html,x',
  'model:default/churn',
  'model:default/',
  'model:',
  ':/',
  'component:default/x',
  'not a ref at all',
  '00000000-0000-4000-8000-000000000000',
  '2026-11-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '0001-01-01T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '2026-13-45',
  '%00',
  "'; DROP TABLE modelops_drift_runs; --",
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 2,
  [],
  [null],
  [[[]]],
  {},
  { a: null },
  { '': 1 },
  { ['k\u0000']: 1 },
  DEEP,
];

const profile = buildReferenceProfile({
  a: Array.from({ length: 40 }, (_, i) => i % 13),
  plan: Array.from({ length: 40 }, (_, i) => (i % 3 ? 'x' : 'y')),
});
const reportFeature = {
  name: 'a',
  kind: 'numeric',
  status: 'ok',
  nReference: 40,
  nCurrent: 40,
  missingReference: 0,
  missingCurrent: 0,
  metrics: {},
  method: 'ks',
  value: 0.5,
  threshold: 0.05,
  drift: false,
};

interface RouteSpec {
  method: 'get' | 'post';
  path: string;
  /** Valid values of the path params. */
  params?: Record<string, () => string>;
  query?: Record<string, unknown>;
  body?: () => unknown;
}

function routes(ids: {
  requestId: () => string;
  exemptionId: () => string;
  referenceId: () => string;
}): RouteSpec[] {
  const modelParams = { namespace: () => 'default', name: () => 'churn' };
  const drift = '/drift/models/:namespace/:name';
  return [
    { method: 'get', path: '/health' },
    {
      method: 'post',
      path: `${drift}/references`,
      params: modelParams,
      body: () => ({
        modelVersion: '1.0',
        columns: {
          a: [1, 2, 3, 4, 5, 6],
          plan: ['x', 'y', 'x', 'y', 'x', 'x'],
        },
        categorical: ['plan'],
      }),
    },
    {
      method: 'post',
      path: `${drift}/references`,
      params: modelParams,
      body: () => ({
        modelVersion: '1.1',
        profile: JSON.parse(JSON.stringify(profile)),
      }),
    },
    {
      method: 'post',
      path: `${drift}/references`,
      params: modelParams,
      body: () => ({
        rows: [
          { a: 1, plan: 'x' },
          { a: 2, plan: 'y' },
        ],
      }),
    },
    { method: 'get', path: `${drift}/references`, params: modelParams },
    {
      method: 'get',
      path: `${drift}/references/:id`,
      params: { ...modelParams, id: ids.referenceId },
    },
    {
      method: 'post',
      path: `${drift}/runs`,
      params: modelParams,
      body: () => ({
        runId: `r-${Math.random()}`,
        windowEnd: '2026-11-02T00:00:00Z',
        referenceId: ids.referenceId(),
        columns: {
          a: [1, 2, 3, 4, 5, 6],
          plan: ['x', 'y', 'x', 'y', 'x', 'x'],
        },
      }),
    },
    {
      method: 'post',
      path: `${drift}/runs`,
      params: modelParams,
      body: () => ({
        runId: `r-${Math.random()}`,
        modelVersion: '1.0',
        windowStart: '2026-11-01T00:00:00Z',
        windowEnd: '2026-11-02T00:00:00Z',
        report: {
          features: [{ ...reportFeature }],
          driftShare: 0,
          datasetDrift: false,
          status: 'ok',
        },
      }),
    },
    {
      method: 'get',
      path: `${drift}/runs`,
      params: modelParams,
      query: {
        from: '2026-01-01T00:00:00Z',
        to: '2027-01-01T00:00:00Z',
        limit: '10',
        includeReport: 'true',
      },
    },
    {
      method: 'get',
      path: `${drift}/runs/:runId`,
      params: { ...modelParams, runId: () => 'r-1' },
    },
    { method: 'get', path: `${drift}/status`, params: modelParams },
    {
      method: 'get',
      path: `${drift}/history`,
      params: modelParams,
      query: { feature: 'a', from: '2026-01-01T00:00:00Z', limit: '100' },
    },
    { method: 'get', path: '/drift/status' },
    { method: 'get', path: '/approvals/policies' },
    {
      method: 'get',
      path: '/approvals/models/:namespace/:name/policy',
      params: modelParams,
    },
    {
      method: 'post',
      path: '/approvals/requests',
      body: () => ({
        modelRef: 'model:default/churn',
        modelVersion: '1.1',
        toStage: 'production',
        justification: 'Better AUC on the 2026 holdout',
        links: [{ url: 'https://mlflow.example/runs/1', title: 'eval' }],
      }),
    },
    {
      method: 'get',
      path: '/approvals/requests',
      query: {
        modelRef: 'model:default/churn',
        modelVersion: '1.1',
        state: 'pending',
        requester: 'user:default/ada',
        limit: '10',
      },
    },
    { method: 'get', path: '/approvals/inbox' },
    {
      method: 'get',
      path: '/approvals/requests/:id',
      params: { id: ids.requestId },
    },
    {
      method: 'post',
      path: '/approvals/requests/:id/decisions',
      params: { id: ids.requestId },
      body: () => ({ decision: 'approve', comment: 'looks fine' }),
    },
    {
      method: 'post',
      path: '/approvals/requests/:id/cancel',
      params: { id: ids.requestId },
      body: () => ({ comment: 'withdrawn' }),
    },
    {
      method: 'post',
      path: '/approvals/requests/:id/promotion',
      params: { id: ids.requestId },
      body: () => ({}),
    },
    {
      method: 'get',
      path: '/approvals/models/:namespace/:name/promotions',
      params: modelParams,
    },
    {
      method: 'get',
      path: '/approvals/audit',
      query: {
        requestId: 'x',
        modelRef: 'model:default/churn',
        afterSeq: '0',
        limit: '10',
        format: 'json',
      },
    },
    { method: 'get', path: '/approvals/audit/verify' },
    { method: 'get', path: '/scorecards/definitions' },
    {
      method: 'get',
      path: '/scorecards/models/:namespace/:name',
      params: modelParams,
    },
    {
      method: 'get',
      path: '/scorecards/models/:namespace/:name/history',
      params: modelParams,
      query: { scorecard: 'maturity', from: '2026-01-01', to: '2027-01-01' },
    },
    {
      method: 'get',
      path: '/scorecards/teams/:namespace/:name',
      params: { namespace: () => 'default', name: () => 'team-a' },
      query: { includeDescendants: 'true' },
    },
    {
      method: 'get',
      path: '/scorecards/teams/:namespace/:name/history',
      params: { namespace: () => 'default', name: () => 'team-a' },
      query: { scorecard: 'maturity' },
    },
    {
      method: 'get',
      path: '/scorecards/catalog',
      query: { limit: '10', offset: '0', scorecard: 'maturity' },
    },
    { method: 'get', path: '/scorecards/snapshots' },
    {
      method: 'get',
      path: '/scorecards/exemptions',
      query: { entityRef: 'model:default/churn' },
    },
    {
      method: 'post',
      path: '/scorecards/exemptions',
      body: () => ({
        entityRef: 'model:default/churn',
        checkId: 'framework-declared',
        scorecard: null,
        reason: 'Framework is declared in the registry instead',
        expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      }),
    },
    {
      method: 'post',
      path: '/scorecards/exemptions/:id/approve',
      params: { id: ids.exemptionId },
      body: () => ({ comment: 'ok' }),
    },
    {
      method: 'post',
      path: '/scorecards/exemptions/:id/revoke',
      params: { id: ids.exemptionId },
      body: () => ({ comment: 'no longer' }),
    },
  ];
}

/** Replaces, removes or adds fields at random depth in a JSON value. */
function mutate(
  value: unknown,
  r: () => number,
  pick: <T>(list: T[]) => T,
  budget = 3,
): unknown {
  if (budget <= 0) return value;
  if (Array.isArray(value)) {
    if (value.length === 0 || r() < 0.2) return pick(NASTY);
    const copy = [...value];
    const i = Math.floor(r() * copy.length);
    copy[i] = mutate(copy[i], r, pick, budget - 1);
    if (r() < 0.1) copy.push(pick(NASTY));
    return copy;
  }
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {
      ...(value as Record<string, unknown>),
    };
    const keys = Object.keys(copy);
    const roll = r();
    if (roll < 0.1 && keys.length) delete copy[pick(keys)];
    else if (roll < 0.2)
      copy[
        pick(['x'.repeat(300), 'a\u0000', 'extra', '__proto__', 'constructor'])
      ] = pick(NASTY);
    else if (keys.length) {
      const k = pick(keys);
      copy[k] = r() < 0.5 ? pick(NASTY) : mutate(copy[k], r, pick, budget - 1);
    }
    return copy;
  }
  return r() < 0.8 ? pick(NASTY) : value;
}

/** URL-encodes a path segment; a lone surrogate becomes its (invalid) UTF-8 bytes, as an attacker would send. */
function encodeSegment(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80';
  }
}

function toText(body: unknown): string {
  // The deep marker becomes 5,000 levels of raw JSON (building it as an object would be the test's problem).
  return JSON.stringify(body).replace(`"${DEEP}"`, deep(5000));
}

describe.each(databases.eachSupportedId())(
  'fuzzing every route on %s',
  databaseId => {
    it(`answers ${REQUESTS_PER_DATABASE} hostile requests without a single 5xx`, async () => {
      const knex = await databases.init(databaseId);
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
            data: {
              modelops: {
                drift: { maxRows: 200, maxFeatures: 20, maxBodySize: '1mb' },
                approvals: {
                  policies: [
                    {
                      id: 'high',
                      riskTiers: ['high'],
                      targetStages: ['production'],
                      requirements: [{ id: 'risk', group: RISK }],
                    },
                  ],
                  admins: [RISK],
                },
                scorecards: {
                  cacheTtlSeconds: 0,
                  snapshots: { enabled: false },
                  exemptionApprovers: [RISK],
                  checks: [
                    {
                      id: 'framework-declared',
                      title: 'Framework declared',
                      howToFix: 'Set spec.framework',
                      scorecard: 'production-readiness',
                      level: 2,
                      path: 'spec.framework',
                      operator: 'exists',
                    },
                  ],
                },
              },
            },
          }),
        ],
      });
      const ada = {
        Authorization: mockCredentials.user.header('user:default/ada'),
      };
      const grace = {
        Authorization: mockCredentials.user.header('user:default/grace'),
      };

      // Real ids, so mutated requests also reach the stores and not only the 404 paths.
      const ref = await request(server)
        .post('/api/modelops/drift/models/default/churn/references')
        .set(ada)
        .send({ profile });
      expect(ref.status).toBe(201);
      const approval = await request(server)
        .post('/api/modelops/approvals/requests')
        .set(ada)
        .send({
          modelRef: 'model:default/churn',
          modelVersion: '1.1',
          justification: 'Better AUC on the 2026 holdout',
        });
      expect(approval.status).toBe(201);
      const exemption = await request(server)
        .post('/api/modelops/scorecards/exemptions')
        .set(ada)
        .send({
          entityRef: 'model:default/churn',
          checkId: 'framework-declared',
          reason: 'Framework is declared in the registry instead',
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        });
      expect(exemption.status).toBe(201);

      const r = rng(databaseId === 'POSTGRES_15' ? 9 : 10);
      const pick = <T>(list: T[]): T => list[Math.floor(r() * list.length)];
      const specs = routes({
        requestId: () => approval.body.id,
        exemptionId: () => exemption.body.id,
        referenceId: () => ref.body.id,
      });

      const failures: string[] = [];
      const unexplained: string[] = [];
      const statuses: Record<string, number> = {};
      for (let n = 0; n < REQUESTS_PER_DATABASE; n++) {
        const spec = specs[n % specs.length];
        // Path params: usually valid, sometimes hostile (URL-encoded).
        const path = spec.path.replace(/:(\w+)/g, (_m, name: string) => {
          const valid = spec.params?.[name]?.() ?? 'x';
          const v = r() < 0.3 ? pick(NASTY) : valid;
          return (
            encodeSegment(
              typeof v === 'string' ? v : JSON.stringify(v),
            ).replace(/^\.\.?$/, 'dot') || 'empty'
          );
        });
        const query = new URLSearchParams();
        for (const [k, v] of Object.entries(spec.query ?? {})) {
          if (r() < 0.3) continue;
          const value = r() < 0.4 ? pick(NASTY) : v;
          query.append(
            k,
            typeof value === 'string' ? value : JSON.stringify(value),
          );
          if (r() < 0.05) query.append(k, 'second');
        }
        if (r() < 0.05)
          query.append(pick(['unknown', 'a\u0000', 'x'.repeat(300)]), 'v');
        const url = `/api/modelops${path}${query.size ? `?${query}` : ''}`;
        const who = r() < 0.5 ? ada : grace;
        let req =
          spec.method === 'get'
            ? request(server).get(url)
            : request(server).post(url);
        req = req.set(who);
        let bodyText: string | undefined;
        if (spec.method === 'post') {
          const valid = spec.body?.() ?? {};
          const mutated = r() < 0.15 ? valid : mutate(valid, r, pick);
          bodyText = toText(mutated);
          req = req.set('Content-Type', 'application/json').send(bodyText);
        }
        const res = await req;
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status >= 500) {
          failures.push(
            `${spec.method.toUpperCase()} ${url.slice(0, 200)} ${
              bodyText?.slice(0, 300) ?? ''
            } -> ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`,
          );
        } else if (
          res.status >= 400 &&
          res.status !== 404 &&
          res.status !== 401 &&
          typeof res.body?.error?.message !== 'string'
        ) {
          // Refusals say what is wrong: a field path (or a named resource) and a reason.
          unexplained.push(
            `${spec.method.toUpperCase()} ${url.slice(0, 200)} -> ${
              res.status
            } ${JSON.stringify(res.body).slice(0, 300)}`,
          );
        }
      }
      expect(failures).toEqual([]);
      expect(unexplained).toEqual([]);
      // The fuzzing reached the handlers: some requests succeeded, most were refused.
      expect(
        Object.entries(statuses)
          .filter(([s]) => Number(s) < 300)
          .reduce((a, [, c]) => a + c, 0),
      ).toBeGreaterThan(20);
      expect(statuses[400] ?? 0).toBeGreaterThan(100);
    });
  },
);
