import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { buildReferenceProfile } from '@modelops/plugin-modelops-common';
import { Knex } from 'knex';
import request from 'supertest';
import { modelopsPlugin } from '../../plugin';

/*
 * Bad input and limits of the drift API (issue 9 items 8 and 9), on PostgreSQL and SQLite: every
 * case is a 4xx whose message starts with the field path, and nothing invalid is stored.
 */

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const model = {
  apiVersion: 'modelops.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'churn', namespace: 'default' },
  spec: {
    type: 'classification',
    lifecycle: 'production',
    owner: 'team-a',
    monitoring: { drift: { minCurrentSize: 5 } },
  },
};
const auth = { Authorization: mockCredentials.user.header('user:default/ada') };
const base = '/api/modelops/drift/models/default/churn';
const MAX_FEATURES = 50;

function reportFeature(name: string, extra: object = {}) {
  return {
    name,
    kind: 'numeric',
    status: 'ok',
    nReference: 100,
    nCurrent: 100,
    missingReference: 0,
    missingCurrent: 0,
    metrics: {},
    method: 'ks',
    value: 0.5,
    threshold: 0.05,
    drift: false,
    ...extra,
  };
}
const report = (features: object[]) => ({
  features,
  driftShare: 0,
  datasetDrift: false,
});
const values = (n: number) => Array.from({ length: n }, (_, i) => i % 17);

describe.each(databases.eachSupportedId())(
  'drift API limits on %s',
  databaseId => {
    let knex: Knex;
    let server: any;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      ({ server } = await startTestBackend({
        features: [
          modelopsPlugin,
          mockServices.database.factory({ knex }),
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
          catalogServiceMock.factory({ entities: [model as any] }),
          mockServices.rootConfig.factory({
            data: {
              modelops: { drift: { maxRows: 1000, maxFeatures: MAX_FEATURES } },
            },
          }),
        ],
      }));
    });

    const count = async (table: string) =>
      Number((await knex(table).count({ n: '*' }))[0].n);
    const post = (path: string, body: unknown) =>
      request(server)
        .post(`${base}${path}`)
        .set(auth)
        .set('Content-Type', 'application/json')
        .send(typeof body === 'string' ? body : JSON.stringify(body));

    it.each([
      [
        'a profile that is a list',
        { profile: [null] },
        /^profile: must be a reference profile object/,
      ],
      [
        'a profile whose feature is null',
        {
          profile: {
            ...buildReferenceProfile({ a: values(20) }),
            features: [null],
          },
        },
        /^profile\.features\[0\]: must be a feature profile object/,
      ],
      [
        'a numeric feature without edges (stored poison)',
        (() => {
          const p: any = buildReferenceProfile({ a: values(20) });
          delete p.features[0].edges;
          return { profile: p };
        })(),
        /^profile\.features\[0\]\.edges: must be a list of numbers/,
      ],
      [
        'bin counts that do not add up',
        (() => {
          const p: any = buildReferenceProfile({ a: values(20) });
          p.features[0].binCounts[0] += 1;
          return { profile: p };
        })(),
        /^profile\.features\[0\]\.binCounts: must add up to n \(20\)/,
      ],
      [
        'a 300-character modelVersion',
        { modelVersion: 'v'.repeat(300), columns: { a: values(20) } },
        /^modelVersion: must be at most 255 characters/,
      ],
      [
        'a 300-character column name',
        { columns: { ['c'.repeat(300)]: values(20) } },
        /^columns\.c+: column names must be at most 255 characters/,
      ],
      [
        `a profile with ${MAX_FEATURES + 1} features`,
        {
          profile: buildReferenceProfile(
            Object.fromEntries(
              Array.from({ length: MAX_FEATURES + 1 }, (_, i) => [
                `f${i}`,
                values(20),
              ]),
            ),
          ),
        },
        new RegExp(
          `^profile\\.features: more than ${MAX_FEATURES} features, the limit \\(modelops\\.drift\\.maxFeatures\\)`,
        ),
      ],
    ])(
      'refuses a reference with %s and stores nothing',
      async (_what, body, message) => {
        const before = await count('modelops_drift_references');
        const res = await post('/references', body);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
        expect(await count('modelops_drift_references')).toBe(before);
      },
    );

    it.each([
      [
        'a 300-character feature name',
        { runId: 'r', report: report([reportFeature('f'.repeat(300))]) },
        /^report\.features\[0\]\.name: must be at most 255 characters/,
      ],
      [
        'a 100-character status',
        {
          runId: 'r',
          report: report([reportFeature('a', { status: 's'.repeat(100) })]),
        },
        /^report\.features\[0\]\.status: must be at most 32 characters/,
      ],
      [
        'a 300-character modelVersion',
        {
          runId: 'r',
          modelVersion: 'v'.repeat(300),
          report: report([reportFeature('a')]),
        },
        /^modelVersion: must be at most 255 characters/,
      ],
      [
        'an unknown referenceId',
        {
          runId: 'r',
          referenceId: '00000000-0000-4000-8000-000000000000',
          report: report([reportFeature('a')]),
        },
        /^referenceId: no reference 00000000-0000-4000-8000-000000000000/,
      ],
      [
        'a 300-character referenceId',
        {
          runId: 'r',
          referenceId: 'x'.repeat(300),
          report: report([reportFeature('a')]),
        },
        /^referenceId: must be at most 36 characters/,
      ],
      [
        'a NUL in the run id',
        { runId: 'day\u00001', report: report([reportFeature('a')]) },
        /^runId: contains a NUL byte/,
      ],
      [
        'a NUL in a feature name',
        { runId: 'r', report: report([reportFeature('a\u0000')]) },
        /^report\.features\[0\]\.name: contains a NUL byte/,
      ],
      [
        'a feature named twice',
        {
          runId: 'r',
          report: report([reportFeature('a'), reportFeature('a')]),
        },
        /^report\.features\[1\]\.name: duplicates the feature "a"/,
      ],
      [
        `a report with ${MAX_FEATURES * 100} features (more than maxFeatures)`,
        {
          runId: 'r',
          report: report(
            Array.from({ length: MAX_FEATURES * 100 }, (_, i) =>
              reportFeature(`f${i}`),
            ),
          ),
        },
        // Refused on the raw bytes, before JSON.parse and zod (which took seconds for 200,000 features).
        new RegExp(
          `^report\\.features: more than ${MAX_FEATURES} features, the limit \\(modelops\\.drift\\.maxFeatures\\)`,
        ),
      ],
      [
        'JSON nested 5,000 deep',
        `{"runId":"r","report":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`,
        /^report\.a\.a\.a.*: is nested more than 64 levels deep/,
      ],
      [
        '20,000 columns',
        {
          runId: 'r',
          columns: Object.fromEntries(
            Array.from({ length: 20_000 }, (_, i) => [`c${i}`, [1]]),
          ),
        },
        /^columns: has more than 100 keys; drift requests allow at most modelops\.drift\.maxFeatures \(50\) columns/,
      ],
    ])(
      'refuses a run with %s and stores nothing',
      async (_what, body, message) => {
        const before = await count('modelops_drift_runs');
        const res = await post('/runs', body);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
        expect(await count('modelops_drift_runs')).toBe(before);
      },
    );

    it('refuses NUL bytes in path segments and query values with a 400', async () => {
      const path = await request(server).get(`${base}/runs/day%001`).set(auth);
      expect(path.status).toBe(400);
      expect(path.body.error.message).toMatch(
        /^path: segment 6 \("day\\u00001"\) contains a NUL byte/,
      );
      const query = await request(server)
        .get(`${base}/history?feature=a%00b`)
        .set(auth);
      expect(query.status).toBe(400);
      expect(query.body.error.message).toMatch(/^feature: contains a NUL byte/);
    });

    it('answers a run against a stored invalid profile with a 400 naming referenceId, not a 500', async () => {
      // A profile stored before full validation existed (inserted directly, as an old row would be).
      const p: any = buildReferenceProfile({ a: values(20) });
      delete p.features[0].edges;
      await knex('modelops_drift_references').insert({
        id: '11111111-1111-4111-8111-111111111111',
        entity_ref: 'model:default/churn',
        model_version: 'poison',
        profile: JSON.stringify(p),
        feature_count: 1,
        row_count: 20,
        created_by: 'test',
        created_at: new Date(),
      });
      const res = await post('/runs', {
        runId: 'p1',
        referenceId: '11111111-1111-4111-8111-111111111111',
        columns: { a: values(20) },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /^referenceId: reference 11111111-1111-4111-8111-111111111111 has an invalid profile \(features\.0\.edges: must be a list of numbers\)/,
      );
    });

    it('bounds history responses and continues them with a cursor', async () => {
      const ok = await post('/references', {
        columns: { a: values(20), b: values(20), c: values(20) },
      });
      expect(ok.status).toBe(201);
      for (let d = 1; d <= 3; d++) {
        const run = await post('/runs', {
          runId: `h${d}`,
          windowEnd: `2026-11-0${d}T00:00:00Z`,
          referenceId: ok.body.id,
          columns: { a: values(10), b: values(10), c: values(10) },
        });
        expect(run.status).toBe(201);
      }
      const seen: string[] = [];
      let url = `${base}/history?limit=4`;
      for (let page = 0; page < 5; page++) {
        const res = await request(server).get(url).set(auth);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(4);
        seen.push(...res.body.items.map((h: any) => `${h.runId}/${h.feature}`));
        if (!res.body.nextCursor) break;
        url = `${base}/history?limit=4&cursor=${res.body.nextCursor}`;
      }
      expect(seen).toEqual([
        'h1/a',
        'h1/b',
        'h1/c',
        'h2/a',
        'h2/b',
        'h2/c',
        'h3/a',
        'h3/b',
        'h3/c',
      ]);
      const tooMany = await request(server)
        .get(`${base}/history?limit=50001`)
        .set(auth);
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.error.message).toMatch(
        /^limit: must be at most 50000/,
      );
      const badCursor = await request(server)
        .get(`${base}/history?cursor=abc`)
        .set(auth);
      expect(badCursor.status).toBe(400);
      expect(badCursor.body.error.message).toMatch(
        /^cursor: cursor is not valid/,
      );
    });
  },
);
