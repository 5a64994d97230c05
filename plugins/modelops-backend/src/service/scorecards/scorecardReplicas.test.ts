import { CacheManager } from '@backstage/backend-defaults/cache';
import {
  CacheService,
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
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { modelopsPlugin } from '../../plugin';
import { churnModel, userEntity } from '../../tests/fixtures';
import { ScorecardCache } from './ScorecardCache';

/*
 * Caches that survive replicas (issue 13 item 5): two instances of the plugin (two "replicas")
 * share one database and one cache store, as a deployment with backend.cache does. An
 * acknowledgement on one replica must change the answers of the other at once, and answers must be
 * computed once and served by both. Runs on the in-memory store and on a real Redis server
 * (MODELOPS_TEST_REDIS, default redis://127.0.0.1:6379; scripts/test.sh sets it and starts Redis).
 */

jest.setTimeout(120_000);

/** `backend.cache` of app-config. */
type CacheConfig = { store: string; connection?: string };

const REDIS_URL = process.env.MODELOPS_TEST_REDIS || 'redis://127.0.0.1:6379';

/** Whether Redis answers PING (checked synchronously, so the suite can be skipped up front). */
function redisAnswers(url: string): boolean {
  const u = new URL(url);
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      `const s = require('node:net').connect(${Number(
        u.port || 6379,
      )}, ${JSON.stringify(u.hostname)});
       s.setTimeout(2000, () => process.exit(1));
       s.on('error', () => process.exit(1));
       s.on('connect', () => s.write('PING\\r\\n'));
       s.on('data', d => process.exit(String(d).startsWith('+PONG') ? 0 : 1));`,
    ],
    { timeout: 5000 },
  );
  return probe.status === 0;
}

const redisReachable = redisAnswers(REDIS_URL);
if (!redisReachable && process.env.MODELOPS_TEST_REDIS) {
  throw new Error(
    `MODELOPS_TEST_REDIS=${process.env.MODELOPS_TEST_REDIS} does not answer PING: start Redis (redis-server --daemonize yes) or unset the variable`,
  );
}
if (!redisReachable) {
  // eslint-disable-next-line no-console
  console.warn(
    `SKIPPED the Redis variant of the replica cache tests: no Redis answers at ${REDIS_URL} and MODELOPS_TEST_REDIS is not set (scripts/test.sh sets it and starts Redis)`,
  );
}

const stores: Array<[string, CacheConfig]> = [
  ['memory', { store: 'memory' }],
  ...(redisReachable
    ? [['redis', { store: 'redis', connection: REDIS_URL }] as [string, any]]
    : []),
];

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const ada = { Authorization: mockCredentials.user.header('user:default/ada') };
const model = '/api/modelops/drift/models/default/churn';
const team = '/api/modelops/scorecards/teams/default/team-a';
const teamA = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-a', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

/** The cache service the deployment configures (backend.cache), for a fresh plugin namespace. */
function cacheService(backendCache: CacheConfig): CacheService {
  return CacheManager.fromConfig(
    mockServices.rootConfig({ data: { backend: { cache: backendCache } } }),
  ).forPlugin(`modelops-test-${randomUUID()}`);
}

describe.each(stores)('scorecard caches shared by replicas (%s)', (_, conf) => {
  it('keeps a generation that every instance sees, and a new one on invalidate', async () => {
    const cache = cacheService(conf);
    const a = new ScorecardCache({ cache });
    const b = new ScorecardCache({ cache });
    const first = await a.generation();
    expect(await b.generation()).toBe(first);
    let computed = 0;
    const compute = async () => ({ value: ++computed });
    expect(await a.getOrCompute('k', 60_000, compute)).toEqual({ value: 1 });
    // The other instance reads the stored JSON value.
    expect(await b.getOrCompute('k', 60_000, compute)).toEqual({ value: 1 });
    const next = await b.invalidate();
    expect(next).not.toBe(first);
    expect(await a.generation()).toBe(next);
    expect(await a.getOrCompute('k', 60_000, compute)).toEqual({ value: 2 });
    // Concurrent misses in one process share one computation.
    await a.invalidate();
    const results = await Promise.all(
      [1, 2, 3].map(() => a.getOrCompute('k', 60_000, compute)),
    );
    expect(results).toEqual([{ value: 3 }, { value: 3 }, { value: 3 }]);
  });

  it('treats a failing store as a miss, not an error', async () => {
    const failing = {
      get: async () => {
        throw new Error('store down');
      },
      set: async () => {
        throw new Error('store down');
      },
      delete: async () => {},
      withOptions: () => failing,
    } as unknown as CacheService;
    const warn = jest.fn();
    const c = new ScorecardCache({
      cache: failing,
      logger: { warn } as any,
    });
    let computed = 0;
    await c.getOrCompute('k', 60_000, async () => ++computed);
    await c.getOrCompute('k', 60_000, async () => ++computed);
    expect(computed).toBe(2);
    expect(warn).toHaveBeenCalled();
  });

  it('invalidates the answers of every replica when one records an acknowledgement', async () => {
    const cache = cacheService(conf);
    const knex = await databases.init('SQLITE_3');
    const replica = async () => {
      const { server } = await startTestBackend({
        features: [
          modelopsPlugin,
          mockServices.database.factory({ knex }),
          createServiceFactory({
            service: coreServices.cache,
            deps: {},
            factory: () => cache,
          }),
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
          catalogServiceMock.factory({
            entities: [
              churnModel() as any,
              teamA,
              userEntity('ada', ['group:default/team-a']),
            ],
          }),
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({ send: async () => {} }),
          }),
          mockServices.rootConfig.factory({
            data: {
              modelops: {
                scorecards: {
                  cacheTtlSeconds: 300,
                  snapshots: { enabled: false },
                },
              },
            },
          }),
        ],
      });
      return server;
    };
    const [one, two] = [await replica(), await replica()];

    // A drifting run, submitted through replica one.
    const feature = {
      name: 'tenure',
      kind: 'numeric',
      nReference: 100,
      nCurrent: 100,
      missingReference: 0,
      missingCurrent: 0,
      metrics: {},
      method: 'ks',
      value: 0.001,
      threshold: 0.05,
      drift: true,
    };
    expect(
      (
        await request(one)
          .post(`${model}/runs`)
          .set(ada)
          .send({
            runId: 'w-1',
            windowEnd: '2026-11-20T00:00:00Z',
            report: { features: [feature], driftShare: 1, datasetDrift: true },
          })
      ).status,
    ).toBe(201);

    const driftCheck = async (server: any) => {
      const res = await request(server).get(team).set(ada);
      expect(res.status).toBe(200);
      const row = res.body.models.find(
        (m: any) => m.entityRef === 'model:default/churn',
      );
      return {
        etag: res.headers.etag as string,
        evaluatedAt: res.body.evaluatedAt as string,
        failing: row.scorecards.some((s: any) =>
          s.failingChecks.includes('no-unacknowledged-drift'),
        ),
        model: (
          await request(server)
            .get('/api/modelops/scorecards/models/default/churn')
            .set(ada)
        ).body,
      };
    };
    const before = await driftCheck(two);
    expect(before.failing).toBe(true);
    // Replica one serves the answer replica two computed (same evaluation, same ETag).
    const shared = await driftCheck(one);
    expect(shared.etag).toBe(before.etag);
    expect(shared.evaluatedAt).toBe(before.evaluatedAt);
    expect(
      (
        await request(one)
          .get(team)
          .set({ ...ada, 'If-None-Match': before.etag })
      ).status,
    ).toBe(304);

    // The roll-up only: same summary, no model rows, its own ETag.
    const rollup = await request(one)
      .get(`${team}?includeModels=false`)
      .set(ada);
    expect(rollup.status).toBe(200);
    expect(rollup.body.models).toEqual([]);
    expect(rollup.body.groups).toEqual([
      { ref: 'group:default/team-a', title: 'team-a', modelCount: 1 },
    ]);
    const full = await request(one).get(team).set(ada);
    expect(rollup.body.summary).toEqual(full.body.summary);
    expect(rollup.headers.etag).not.toBe(full.headers.etag);

    // The acknowledgement on replica one invalidates replica two's answers.
    expect(
      (
        await request(one)
          .post(`${model}/runs/w-1/acknowledgement`)
          .set(ada)
          .send({ comment: 'seasonal shift, reviewed with the risk team' })
      ).status,
    ).toBe(201);
    const after = await driftCheck(two);
    expect(after.failing).toBe(false);
    expect(after.etag).not.toBe(before.etag);
    const check = (m: any) =>
      m.scorecards
        .flatMap((s: any) => s.checks)
        .find((c: any) => c.checkId === 'no-unacknowledged-drift').status;
    expect(check(before.model)).toBe('fail');
    expect(check(after.model)).toBe('pass');
    expect(
      (
        await request(two)
          .get(team)
          .set({ ...ada, 'If-None-Match': before.etag })
      ).status,
    ).toBe(200);
  });
});
