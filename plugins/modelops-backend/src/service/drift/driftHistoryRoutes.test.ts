import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import request from 'supertest';
import { modelopsPlugin } from '../../plugin';
import { churnModel } from '../../tests/fixtures';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const auth = { Authorization: mockCredentials.user.header('user:default/ada') };
const base = '/api/modelops/drift/models/default/churn';
const DAY = 24 * 3600_000;
const START = Date.UTC(2026, 8, 1);

/** A CLI-style report of two features; `age` drifts in the windows `drifting` says. */
function report(i: number, drifting: (i: number) => boolean) {
  const feature = (name: string, value: number, drift: boolean) => ({
    name,
    kind: 'numeric',
    nReference: 100,
    nCurrent: 100,
    missingReference: 0,
    missingCurrent: 0,
    metrics: {},
    method: 'wasserstein',
    value,
    threshold: 0.1,
    drift,
  });
  const age = feature(
    'age',
    drifting(i) ? 0.5 + i / 1000 : (i % 7) / 100,
    drifting(i),
  );
  const income = feature('income', (i % 5) / 100, false);
  return {
    features: [age, income],
    driftShare: age.drift ? 0.5 : 0,
    datasetDrift: age.drift,
  };
}

describe.each(databases.eachSupportedId())(
  'drift history routes on %s',
  databaseId => {
    async function start() {
      const knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          modelopsPlugin,
          mockServices.database.factory({ knex }),
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
          catalogServiceMock.factory({ entities: [churnModel() as any] }),
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({ send: async () => {} }),
          }),
        ],
      });
      return server;
    }

    async function submit(
      server: any,
      i: number,
      drifting: (i: number) => boolean,
    ) {
      const res = await request(server)
        .post(`${base}/runs`)
        .set(auth)
        .send({
          runId: `w-${i}`,
          windowEnd: new Date(START + i * DAY).toISOString(),
          report: report(i, drifting),
        });
      expect(res.status).toBe(201);
    }

    it('serves a compact, down-sampled series that keeps drift onsets and the latest window', async () => {
      const server = await start();
      // 60 windows; age drifts in 20-22 and 40-59 (onsets at 20 and 40).
      const drifting = (i: number) => (i >= 20 && i <= 22) || i >= 40;
      for (let i = 0; i < 60; i++) await submit(server, i, drifting);

      const res = await request(server)
        .get(`${base}/history/series?maxPoints=12`)
        .set(auth);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
      expect(res.headers['cache-control']).toBe('private, no-cache');
      expect(res.body).toMatchObject({
        entityRef: 'model:default/churn',
        from: null,
        to: null,
        maxPoints: 12,
      });
      expect(res.body.series.map((s: any) => [s.feature, s.method])).toEqual([
        ['age', 'wasserstein'],
        ['income', 'wasserstein'],
      ]);
      const [age, income] = res.body.series;
      expect(age.windows).toBe(60);
      expect(age.driftedWindows).toBe(23);
      expect(income.driftedWindows).toBe(0);
      for (const s of [age, income]) {
        expect(s.time.length).toBeLessThanOrEqual(12);
        for (const column of ['value', 'threshold', 'drift'])
          expect(s[column]).toHaveLength(s.time.length);
        // First and latest window are kept.
        expect(s.time[0]).toBe(START);
        expect(s.time[s.time.length - 1]).toBe(START + 59 * DAY);
      }
      // Both drift onsets are kept, with their drift flag and stored value.
      for (const onset of [20, 40]) {
        const j = age.time.indexOf(START + onset * DAY);
        expect(j).toBeGreaterThan(-1);
        expect(age.drift[j]).toBe(true);
        expect(age.value[j]).toBeCloseTo(0.5 + onset / 1000, 12);
      }

      // The time window and the feature filter are applied.
      const one = await request(server)
        .get(
          `${base}/history/series?feature=age&from=${new Date(
            START + 10 * DAY,
          ).toISOString()}&to=${new Date(START + 19 * DAY).toISOString()}`,
        )
        .set(auth);
      expect(one.status).toBe(200);
      expect(one.body.series).toHaveLength(1);
      expect(one.body.series[0].windows).toBe(10);
      expect(one.body.series[0].time).toEqual(
        Array.from({ length: 10 }, (_, k) => START + (10 + k) * DAY),
      );
    });

    it('answers a revisit with a 304 until a run adds points', async () => {
      const server = await start();
      for (let i = 0; i < 3; i++) await submit(server, i, () => false);
      for (const path of [
        `${base}/history/series`,
        `${base}/history?feature=age`,
      ]) {
        const first = await request(server).get(path).set(auth);
        expect(first.status).toBe(200);
        const etag = first.headers.etag;
        expect(etag).toBeTruthy();

        const again = await request(server)
          .get(path)
          .set({ ...auth, 'If-None-Match': etag });
        expect(again.status).toBe(304);
        expect(again.text).toBe('');
        expect(again.headers.etag).toBe(etag);
        // Weak comparison and lists, as browsers send them.
        const weak = await request(server)
          .get(path)
          .set({ ...auth, 'If-None-Match': `"other", W/${etag}` });
        expect(weak.status).toBe(304);
        // Another query is another resource.
        const other = await request(server)
          .get(
            `${path}${path.includes('?') ? '&' : '?'}from=2026-01-01T00:00:00Z`,
          )
          .set({ ...auth, 'If-None-Match': etag });
        expect(other.status).toBe(200);
      }
      const seriesTag = (
        await request(server).get(`${base}/history/series`).set(auth)
      ).headers.etag;
      const historyTag = (
        await request(server).get(`${base}/history?feature=age`).set(auth)
      ).headers.etag;

      // An acknowledgement-free, idempotent retry changes nothing: still 304.
      const retry = await request(server)
        .post(`${base}/runs`)
        .set(auth)
        .send({
          runId: 'w-0',
          windowEnd: new Date(START).toISOString(),
          report: report(0, () => false),
        });
      expect(retry.status).toBe(200);
      expect(
        (
          await request(server)
            .get(`${base}/history/series`)
            .set({ ...auth, 'If-None-Match': seriesTag })
        ).status,
      ).toBe(304);

      // A new run: new ETags and the new point in the body (the cached body is not served).
      await submit(server, 3, () => false);
      const changed = await request(server)
        .get(`${base}/history/series`)
        .set({ ...auth, 'If-None-Match': seriesTag });
      expect(changed.status).toBe(200);
      expect(changed.headers.etag).not.toBe(seriesTag);
      expect(changed.body.series[0].windows).toBe(4);
      const changedHistory = await request(server)
        .get(`${base}/history?feature=age`)
        .set({ ...auth, 'If-None-Match': historyTag });
      expect(changedHistory.status).toBe(200);
      expect(changedHistory.body.items).toHaveLength(4);
    });

    it('refuses a bad maxPoints or time range with a 400 naming the field', async () => {
      const server = await start();
      const cases: Array<[string, RegExp]> = [
        ['maxPoints=5', /maxPoints.*at least 10/],
        ['maxPoints=100000', /maxPoints.*at most 5000/],
        ['maxPoints=many', /maxPoints.*number/],
        ['from=yesterday', /from.*ISO 8601/],
        [
          'from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z',
          /to.*not be before from/,
        ],
        ['colour=red', /colour/],
      ];
      for (const [query, message] of cases) {
        const res = await request(server)
          .get(`${base}/history/series?${query}`)
          .set(auth);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
      }
    });

    it('is empty, not an error, for a model without history', async () => {
      const server = await start();
      const res = await request(server).get(`${base}/history/series`).set(auth);
      expect(res.status).toBe(200);
      expect(res.body.series).toEqual([]);
    });

    it('needs the drift read permission', async () => {
      const server = await start();
      const res = await request(server).get(`${base}/history/series`);
      expect(res.status).toBe(401);
    });
  },
);
