import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { modelopsScorecardChecksExtensionPoint } from '@modelops/plugin-modelops-node';
import request from 'supertest';
import { modelopsPlugin } from '../../plugin';
import { userEntity } from '../../tests/fixtures';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const daysAgo = (n: number) =>
  new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

function group(name: string, parent?: string, children: string[] = []) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default', title: name.toUpperCase() },
    spec: { type: 'team', ...(parent ? { parent } : {}), children },
  };
}

function model(
  name: string,
  owner: string,
  spec: Record<string, unknown> = {},
  annotations: Record<string, string> = {},
) {
  return {
    apiVersion: 'modelops.io/v1alpha1',
    kind: 'Model',
    metadata: {
      name,
      namespace: 'default',
      title: name,
      annotations: {
        'modelops.io/last-review-date': daysAgo(30),
        'backstage.io/techdocs-ref': 'dir:.',
        ...annotations,
      },
    },
    spec: {
      type: 'classification',
      lifecycle: 'production',
      owner,
      riskTier: 'high',
      euAiActCategory: 'high-risk',
      intendedUse:
        'Decision support for underwriters on consumer loan applications in the EU.',
      limitations:
        'Not validated for applicants with less than 6 months of credit history.',
      trainingData: ['resource:default/loans'],
      servedBy: ['component:default/scoring'],
      versions: [
        {
          version: '1.0.0',
          stage: 'production',
          metrics: { auc: 0.9 },
          runUrl: 'https://mlflow/runs/1',
        },
      ],
      monitoring: { drift: {} },
      ...spec,
    },
  };
}

const entities = [
  group('acme', undefined, ['data-science']),
  group('data-science', 'acme', ['team-a', 'team-b']),
  group('team-a', 'data-science'),
  group('team-b', 'data-science'),
  group('risk', 'acme'),
  userEntity('ada', ['group:default/team-a']),
  userEntity('grace', ['group:default/risk']),
  userEntity('bob', ['group:default/team-b']),
  model('ready', 'team-a'),
  model('undocumented', 'team-b', { intendedUse: undefined, servedBy: [] }),
  model('person-owned', 'user:default/ada'),
  model('prohibited', 'team-a', { euAiActCategory: 'prohibited' }),
  model('experiment', 'risk', {
    lifecycle: 'experimental',
    versions: [
      {
        version: '0.1',
        stage: 'development',
        metrics: { auc: 0.7 },
        runUrl: 'https://r/2',
      },
    ],
  }),
];

const fairness = createBackendModule({
  pluginId: 'modelops',
  moduleId: 'test-fairness-check',
  register(reg) {
    reg.registerInit({
      deps: { scorecards: modelopsScorecardChecksExtensionPoint },
      async init({ scorecards }) {
        scorecards.addCheck(
          {
            id: 'fairness-tag',
            title: 'Fairness reviewed',
            description: 'EU AI Act Art. 10(2)(f)',
            citations: ['EU AI Act Art. 10(2)(f)'],
            howToFix: 'Tag the model fairness-reviewed',
            requires: [],
            origin: 'module',
            evaluate: f => ({
              status: f.entity.metadata.name === 'ready' ? 'pass' : 'fail',
              evidence: ['name'],
            }),
          },
          { scorecard: 'maturity', level: 4 },
        );
      },
    });
  },
});

describe.each(databases.eachSupportedId())(
  'scorecards router on %s',
  databaseId => {
    async function start(
      opts: { deny?: boolean; config?: Record<string, unknown> } = {},
    ) {
      const knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          modelopsPlugin,
          mockServices.database.factory({ knex }),
          fairness,
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
          catalogServiceMock.factory({ entities: entities as any }),
          mockServices.rootConfig.factory({
            data: {
              modelops: {
                scorecards: {
                  cacheTtlSeconds: 0,
                  snapshots: { enabled: false },
                  checks: [
                    {
                      id: 'framework-declared',
                      title: 'Framework declared',
                      howToFix: 'Set spec.framework',
                      scorecard: 'production-readiness',
                      level: 2,
                      path: 'spec.framework',
                      operator: 'exists',
                      when: {
                        path: 'spec.lifecycle',
                        operator: 'equals',
                        value: 'experimental',
                      },
                    },
                  ],
                  // members of `risk` approve exemptions (grace); ada and bob do not
                  exemptionApprovers: ['group:default/risk'],
                  ...opts.config,
                },
              },
            },
          }),
          ...(opts.deny
            ? [
                mockServices.permissions.factory({
                  result: AuthorizeResult.DENY,
                }),
              ]
            : []),
        ],
      });
      return server;
    }

    const as = (user: string) => ({
      Authorization: mockCredentials.user.header(`user:default/${user}`),
    });
    const ada = as('ada');
    const api = '/api/modelops/scorecards';
    const level = (body: any, scorecard: string) =>
      body.scorecards.find((s: any) => s.scorecard === scorecard);

    it('evaluates one model with catalog, drift and module checks', async () => {
      const server = await start();
      const res = await request(server)
        .get(`${api}/models/default/ready`)
        .set(ada);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        entityRef: 'model:default/ready',
        owner: 'group:default/team-a',
        factSources: ['catalog', 'drift'],
      });
      const maturity = level(res.body, 'maturity');
      // no approval policies configured: the approval of the production version is not
      // evaluated, so level 3 is not proven; no drift run submitted yet either
      expect(maturity).toMatchObject({
        level: 2,
        next: {
          level: 3,
          failingChecks: [],
          notEvaluatedChecks: ['production-version-approved'],
        },
        ceiling: { level: 3 },
      });
      expect(
        maturity.checks.find((c: any) => c.checkId === 'owner-is-group'),
      ).toMatchObject({
        status: 'pass',
        evidence: ['group:default/team-a resolves to a Group'],
      });
      expect(
        maturity.checks.find(
          (c: any) => c.checkId === 'production-version-approved',
        ),
      ).toMatchObject({ status: 'not-evaluated' });
      expect(
        maturity.checks.find((c: any) => c.checkId === 'fairness-tag'),
      ).toMatchObject({ status: 'pass', level: 4 });

      const report = {
        features: [
          {
            name: 'x',
            kind: 'numeric',
            status: 'ok',
            nReference: 100,
            nCurrent: 100,
            missingReference: 0,
            missingCurrent: 0,
            metrics: { ks: { statistic: 0.1, pValue: 0.5 } },
            method: 'ks',
            value: 0.5,
            threshold: 0.05,
            drift: false,
          },
        ],
        driftShare: 0,
        datasetDrift: false,
      };
      const run = await request(server)
        .post('/api/modelops/drift/models/default/ready/runs')
        .set(ada)
        .send({ runId: 'r1', windowEnd: new Date().toISOString(), report });
      expect(run.status).toBe(201);
      const after = await request(server)
        .get(`${api}/models/default/ready`)
        .set(ada);
      // the drift checks pass now; the unproven approval still holds the level at 2
      expect(level(after.body, 'maturity')).toMatchObject({
        level: 2,
        ceiling: { level: 4 },
        counts: { fail: 0, notEvaluated: 1 },
      });
      expect(level(after.body, 'production-readiness')).toMatchObject({
        level: 2,
        levelName: 'Silver',
        ceiling: { level: 3, name: 'Gold' },
      });
    });

    it('reports unresolved owners, prohibited models and 404s', async () => {
      const server = await start();
      const person = await request(server)
        .get(`${api}/models/default/person-owned`)
        .set(ada);
      expect(
        level(person.body, 'production-readiness').checks[0],
      ).toMatchObject({ checkId: 'owner-is-group', status: 'fail' });
      const prohibited = await request(server)
        .get(`${api}/models/default/prohibited`)
        .set(ada);
      expect(level(prohibited.body, 'maturity')).toMatchObject({
        level: 0,
        blocked: true,
      });
      const missing = await request(server)
        .get(`${api}/models/default/nope`)
        .set(ada);
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toBe(
        'no Model model:default/nope in the catalog',
      );
    });

    it('rolls a team up over its child teams', async () => {
      const server = await start();
      const ds = await request(server)
        .get(`${api}/teams/default/data-science`)
        .set(ada);
      expect(ds.status).toBe(200);
      expect(ds.body.groups.map((g: any) => [g.ref, g.modelCount])).toEqual([
        ['group:default/data-science', 0],
        ['group:default/team-a', 2],
        ['group:default/team-b', 1],
      ]);
      expect(ds.body.models.map((m: any) => m.entityRef).sort()).toEqual([
        'model:default/prohibited',
        'model:default/ready',
        'model:default/undocumented',
      ]);
      const readiness = ds.body.summary.find(
        (s: any) => s.scorecard === 'production-readiness',
      );
      expect(readiness.modelCount).toBe(3);
      expect(readiness.blockedCount).toBe(1);
      expect(readiness.failingChecks.map((f: any) => f.checkId)).toEqual(
        expect.arrayContaining(['intended-use-documented', 'serving-lineage']),
      );

      const direct = await request(server)
        .get(`${api}/teams/default/data-science?includeDescendants=false`)
        .set(ada);
      expect(direct.body.models).toEqual([]);
      const root = await request(server)
        .get(`${api}/teams/default/acme`)
        .set(ada);
      expect(root.body.models).toHaveLength(4); // every group-owned model; the user-owned one belongs to no team
      expect(
        (await request(server).get(`${api}/teams/default/ghost`).set(ada))
          .status,
      ).toBe(404);
      const bad = await request(server)
        .get(`${api}/teams/default/acme?includeDescendants=maybe`)
        .set(ada);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toBe(
        'includeDescendants: must be true or false',
      );
    });

    it("averages each team's own models' levels, per scorecard", async () => {
      const server = await start();
      const summaryOf = async (team: string) =>
        (await request(server).get(`${api}/teams/default/${team}`).set(ada))
          .body.summary as Array<{ scorecard: string; averageLevel: number }>;
      const levelOf = async (name: string, scorecard: string) =>
        (
          await request(server).get(`${api}/models/default/${name}`).set(ada)
        ).body.scorecards.find((s: any) => s.scorecard === scorecard).level;
      const expected = async (names: string[], scorecard: string) => {
        const levels = await Promise.all(names.map(n => levelOf(n, scorecard)));
        return (
          Math.round(
            (levels.reduce((a, b) => a + b, 0) / levels.length) * 100,
          ) / 100
        );
      };
      const teamA = await summaryOf('team-a'); // ready, prohibited
      const teamB = await summaryOf('team-b'); // undocumented
      const average = (summary: typeof teamA, scorecard: string) =>
        summary.find(s => s.scorecard === scorecard)?.averageLevel;
      for (const scorecard of ['maturity', 'production-readiness']) {
        expect(average(teamA, scorecard)).toBe(
          await expected(['ready', 'prohibited'], scorecard),
        );
        expect(average(teamB, scorecard)).toBe(
          await expected(['undocumented'], scorecard),
        );
      }
      // Different models, different averages. (Maturity and readiness averages often agree: their
      // levels 1 and 2 hold nearly the same checks, so a model below level 3 has the same number.)
      expect(average(teamA, 'maturity')).not.toBe(average(teamB, 'maturity'));
    });

    it('applies custom checks from config', async () => {
      const server = await start();
      const exp = await request(server)
        .get(`${api}/models/default/experiment`)
        .set(ada);
      const check = level(exp.body, 'production-readiness').checks.find(
        (c: any) => c.checkId === 'framework-declared',
      );
      expect(check).toMatchObject({
        status: 'fail',
        level: 2,
        evidence: ['spec.framework = nothing (exists)'],
      });
      const ready = await request(server)
        .get(`${api}/models/default/ready`)
        .set(ada);
      expect(
        level(ready.body, 'production-readiness').checks.find(
          (c: any) => c.checkId === 'framework-declared',
        ).status,
      ).toBe('not-applicable');
    });

    it('refuses to start with a bad custom check, naming the problem', async () => {
      await expect(
        start({
          config: {
            checks: [
              {
                id: 'x',
                title: 'X',
                howToFix: 'f',
                scorecard: 'maturity',
                level: 9,
                path: 'spec.a',
                operator: 'exists',
              },
            ],
          },
        }),
      ).rejects.toThrow(
        'modelops.scorecards.checks[0].level 9 does not exist in scorecard maturity (levels 1-4)',
      );
    });

    it('serves the whole catalog, sorted and paged', async () => {
      const server = await start();
      const res = await request(server)
        .get(`${api}/catalog?scorecard=maturity&limit=2`)
        .set(ada);
      expect(res.status).toBe(200);
      expect(res.body.modelCount).toBe(5);
      expect(res.body.items).toHaveLength(2);
      expect(res.body.items[0].scorecards[0].level).toBe(0);
      expect(res.body.nextCursor).toEqual(expect.any(String));
      expect(res.body.owners[0]).toEqual({
        owner: 'group:default/team-a',
        title: 'TEAM-A',
        modelCount: 2,
      });
      expect(
        (
          await request(server)
            .get(`${api}/catalog?scorecard=platinum`)
            .set(ada)
        ).status,
      ).toBe(400);
      expect(
        (await request(server).get(`${api}/catalog?limit=-1`).set(ada)).status,
      ).toBe(400);
    });

    describe('paging (issue 13)', () => {
      /** Every page of `path` (with its query) in pages of `limit`, following nextCursor. */
      const walk = async (server: any, path: string, limit: number) => {
        const pages: any[] = [];
        let cursor: string | undefined;
        do {
          const sep = path.includes('?') ? '&' : '?';
          const res = await request(server)
            .get(
              `${api}${path}${sep}limit=${limit}${
                cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
              }`,
            )
            .set(ada);
          expect([path, res.status, res.body.error?.message]).toEqual([
            path,
            200,
            undefined,
          ]);
          pages.push(res.body);
          cursor = res.body.nextCursor;
        } while (cursor && pages.length < 50);
        return { pages, items: pages.flatMap(p => p.items) };
      };

      it('walks the catalog page by page, each model once, in the sort order', async () => {
        const server = await start();
        const whole = await request(server)
          .get(`${api}/catalog?scorecard=maturity&limit=500`)
          .set(ada);
        expect(whole.body.items).toHaveLength(5);
        expect(whole.body.nextCursor).toBeUndefined();
        const walked = await walk(server, '/catalog?scorecard=maturity', 2);
        expect(walked.pages).toHaveLength(3);
        expect(walked.items.map((m: any) => m.entityRef)).toEqual(
          whole.body.items.map((m: any) => m.entityRef),
        );
        const levels = walked.items.map(
          (m: any) => level(m, 'maturity')?.level ?? 0,
        );
        expect(levels).toEqual([...levels].sort((a, b) => a - b));
        // every page carries the summary
        expect(walked.pages[2].modelCount).toBe(5);
        const byRef = await walk(server, '/catalog', 3);
        const refs = byRef.items.map((m: any) => m.entityRef);
        expect(refs).toEqual([...refs].sort());
        expect(new Set(refs).size).toBe(5);
        // a cursor of the maturity order is not one of the order by ref
        const res = await request(server)
          .get(
            `${api}/catalog?cursor=${encodeURIComponent(
              walked.pages[0].nextCursor,
            )}`,
          )
          .set(ada);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(/^cursor: /);
      });

      it("walks a team's models page by page, sorted and filtered on the server, as its roll-up counts them", async () => {
        const server = await start();
        const root = await request(server)
          .get(`${api}/teams/default/acme`)
          .set(ada);
        const rolled = root.body.models.map((m: any) => m.entityRef).sort();
        expect(rolled).toHaveLength(4);
        // Default: by name, every model of the team and its child teams, each once.
        const byName = await walk(server, '/teams/default/acme/models', 3);
        expect(byName.pages).toHaveLength(2);
        expect(byName.pages[0].total).toBe(4);
        expect(byName.items.map((m: any) => m.entityRef)).toEqual(rolled);
        const desc = await walk(
          server,
          '/teams/default/acme/models?order=desc',
          1,
        );
        expect(desc.items.map((m: any) => m.entityRef)).toEqual(
          [...rolled].reverse(),
        );
        // Least ready first on a scorecard: level ascending, more failing checks first.
        const leastReady = await walk(
          server,
          '/teams/default/acme/models?sort=maturity',
          1,
        );
        const keys = leastReady.items.map((m: any) => [
          level(m, 'maturity')?.level ?? 0,
          -m.failingCheckCount,
        ]);
        expect(keys).toEqual(
          [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]),
        );
        expect(leastReady.items).toHaveLength(4);
        const failing = await walk(
          server,
          '/teams/default/acme/models?sort=failing&order=desc',
          2,
        );
        const counts = failing.items.map((m: any) => m.failingCheckCount);
        expect(counts).toEqual([...counts].sort((a, b) => b - a));
        // A level filter keeps the models the roll-up counts at that level.
        const maturity = root.body.summary.find(
          (x: any) => x.scorecard === 'maturity',
        );
        for (const l of maturity.levels) {
          const atLevel = await walk(
            server,
            `/teams/default/acme/models?scorecard=maturity&level=${l.level}`,
            1,
          );
          expect([l.level, atLevel.items.length]).toEqual([l.level, l.count]);
          expect([l.level, atLevel.pages[0].total ?? 0]).toEqual([
            l.level,
            l.count,
          ]);
        }
        // Only the team's own models without descendants.
        const direct = await walk(
          server,
          '/teams/default/team-a/models?includeDescendants=false',
          10,
        );
        expect(direct.items).toHaveLength(2);

        // Bad input: 400 naming the field; unknown team 404; a cursor of another order refused.
        for (const [query, message] of [
          ['sort=nope', /^sort: scorecard "nope" is unknown; use one of /],
          ['scorecard=nope&level=1', /^scorecard: scorecard "nope" is unknown/],
          ['level=1', /^level: needs scorecard/],
          ['scorecard=maturity&level=-1', /^level: must be a level number/],
          // A level the scorecard does not have: refused, not memoised (one list per level).
          [
            'scorecard=maturity&level=999',
            /^level: maturity has levels 0 to \d+/,
          ],
          ['order=up', /^order: must be asc or desc/],
          ['sort=maturity%00', /^sort: contains a NUL byte/],
          [
            `cursor=${encodeURIComponent(leastReady.pages[0].nextCursor)}`,
            /^cursor: /,
          ],
        ] as const) {
          const res = await request(server)
            .get(`${api}/teams/default/acme/models?${query}`)
            .set(ada);
          expect([query, res.status]).toEqual([query, 400]);
          expect(res.body.error.message).toMatch(message);
        }
        expect(
          (
            await request(server)
              .get(`${api}/teams/default/ghost/models`)
              .set(ada)
          ).status,
        ).toBe(404);
      });

      it('walks model and team history and exemptions (stored, then config) page by page', async () => {
        const server = await start({
          config: {
            exemptions: [
              {
                entityRef: 'model:default/undocumented',
                checkId: 'model-card-present',
                reason: 'rewrite in progress',
                requestedBy: 'user:default/ada',
                approvedBy: 'user:default/grace',
                expiresAt: '2099-12-01T00:00:00Z',
              },
              {
                entityRef: 'model:default/ready',
                checkId: 'model-card-present',
                reason: 'rewrite in progress',
                requestedBy: 'user:default/ada',
                approvedBy: 'user:default/grace',
                expiresAt: '2099-12-01T00:00:00Z',
              },
            ],
          },
        });
        for (let i = 0; i < 3; i++)
          await request(server).post(`${api}/snapshots`).set(ada);
        const modelPages = await walk(
          server,
          '/models/default/ready/history',
          2,
        );
        const all = await request(server)
          .get(`${api}/models/default/ready/history`)
          .set(ada);
        expect(all.body.items.length).toBeGreaterThan(2);
        expect(modelPages.items).toEqual(all.body.items);
        const team = await walk(
          server,
          '/teams/default/data-science/history',
          2,
        );
        const teamAll = await request(server)
          .get(`${api}/teams/default/data-science/history`)
          .set(ada);
        expect(team.items.length).toBeGreaterThan(2);
        expect(team.items).toEqual(teamAll.body.items);
        expect(team.pages[1].groups).toEqual(teamAll.body.groups);

        for (const checkId of [
          'intended-use-documented',
          'model-card-present',
          'limitations-documented',
        ]) {
          const res = await request(server)
            .post(`${api}/exemptions`)
            .set(ada)
            .send({
              entityRef: 'model:default/undocumented',
              checkId,
              reason: 'Being agreed with the business owner',
              expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
            });
          expect(res.status).toBe(201);
        }
        const exemptions = await walk(server, '/exemptions', 2);
        expect(exemptions.pages).toHaveLength(3); // 3 stored + 2 from config
        expect(exemptions.items.map((e: any) => e.id)).toEqual([
          ...exemptions.items.slice(0, 3).map((e: any) => e.id),
          'config-0',
          'config-1',
        ]);
        expect(new Set(exemptions.items.map((e: any) => e.id)).size).toBe(5);
        const one = await walk(
          server,
          '/exemptions?entityRef=model:default/ready',
          1,
        );
        expect(one.items.map((e: any) => e.id)).toEqual(['config-1']);
      });

      it.each([
        ['/catalog'],
        ['/exemptions'],
        ['/models/default/ready/history'],
        ['/teams/default/data-science/history'],
      ])(
        '%s: limit bounds and bad cursors are 400s naming them',
        async path => {
          const server = await start();
          for (const [query, message] of [
            ['limit=501', 'limit: must be at most 500; follow nextCursor'],
            ['limit=0', 'limit: must be at least 1'],
            ['limit=ten', 'limit: must be a number'],
            ['cursor=garbage', 'cursor: is not valid for this listing'],
            [
              `cursor=${Buffer.from(
                '["requests","2026-11-01T00:00:00Z","x"]',
              ).toString('base64url')}`,
              'cursor: is not valid for this listing',
            ],
          ]) {
            const res = await request(server)
              .get(`${api}${path}?${query}`)
              .set(ada);
            expect(res.status).toBe(400);
            expect(res.body.error.message).toContain(message);
          }
          const max = await request(server)
            .get(`${api}${path}?limit=500`)
            .set(ada);
          expect(max.status).toBe(200);
        },
      );
    });

    it('snapshots results and serves model and team history', async () => {
      const server = await start();
      const snap = await request(server).post(`${api}/snapshots`).set(ada);
      expect(snap.status).toBe(201);
      expect(snap.body).toMatchObject({ trigger: 'manual', modelCount: 5 });
      await request(server).post(`${api}/snapshots`).set(ada);
      const history = await request(server)
        .get(`${api}/models/default/ready/history?scorecard=maturity`)
        .set(ada);
      expect(history.body.items.map((p: any) => p.level)).toEqual([2, 2]);
      expect(history.body.items[0].counts).toMatchObject({ notEvaluated: 1 });
      const team = await request(server)
        .get(
          `${api}/teams/default/data-science/history?scorecard=production-readiness`,
        )
        .set(ada);
      expect(team.body.items).toHaveLength(2);
      expect(team.body.items[0]).toMatchObject({
        modelCount: 3,
        scorecard: 'production-readiness',
      });
      expect(
        (await request(server).get(`${api}/snapshots`).set(ada)).body.items,
      ).toHaveLength(2);
      expect(
        (
          await request(server)
            .get(`${api}/models/default/ready/history?from=later`)
            .set(ada)
        ).status,
      ).toBe(400);
    });

    it('waives a check through an exemption approved by someone else, until revoked', async () => {
      const server = await start();
      const before = await request(server)
        .get(`${api}/models/default/undocumented`)
        .set(ada);
      expect(level(before.body, 'production-readiness').level).toBe(0);

      const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
      const body = {
        entityRef: 'model:default/undocumented',
        checkId: 'intended-use-documented',
        reason: 'Intended use is being agreed with the business owner',
        expiresAt,
      };
      const created = await request(server)
        .post(`${api}/exemptions`)
        .set(ada)
        .send(body);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        state: 'pending',
        requestedBy: 'user:default/ada',
      });

      const self = await request(server)
        .post(`${api}/exemptions/${created.body.id}/approve`)
        .set(ada)
        .send({});
      expect(self.status).toBe(403);
      expect(
        level(
          (
            await request(server)
              .get(`${api}/models/default/undocumented`)
              .set(ada)
          ).body,
          'production-readiness',
        ).level,
      ).toBe(0);

      const ok = await request(server)
        .post(`${api}/exemptions/${created.body.id}/approve`)
        .set(as('grace'))
        .send({});
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({
        state: 'active',
        approvedBy: 'user:default/grace',
      });
      const waived = await request(server)
        .get(`${api}/models/default/undocumented`)
        .set(ada);
      const readiness = level(waived.body, 'production-readiness');
      expect(
        readiness.checks.find(
          (c: any) => c.checkId === 'intended-use-documented',
        ),
      ).toMatchObject({
        status: 'waived',
        exemption: { approvedBy: 'user:default/grace' },
      });
      expect(readiness.level).toBe(1); // serving lineage still fails at level 2
      expect(waived.body.exemptions.map((e: any) => e.state)).toEqual([
        'active',
      ]);

      expect(
        (
          await request(server)
            .post(`${api}/exemptions/${created.body.id}/revoke`)
            .set(as('grace'))
            .send({})
        ).status,
      ).toBe(200);
      expect(
        level(
          (
            await request(server)
              .get(`${api}/models/default/undocumented`)
              .set(ada)
          ).body,
          'production-readiness',
        ).level,
      ).toBe(0);
    });

    it.each([
      [{ checkId: 'nope' }, 400, 'checkId "nope" is not a known check'],
      [
        { expiresAt: '2020-01-01T00:00:00Z' },
        400,
        'expiresAt must be in the future',
      ],
      [
        { expiresAt: '2999-01-01T00:00:00Z' },
        400,
        'expiresAt must be within 365 days',
      ],
      [
        { reason: 'because' },
        400,
        'reason: must explain the waiver (at least 10 characters)',
      ],
      [
        { entityRef: 'model:default/ghost' },
        404,
        'no Model model:default/ghost in the catalog',
      ],
      [{ colour: 'red' }, 400, 'Unrecognized key'],
    ])('rejects a bad exemption %j', async (patch, status, message) => {
      const server = await start();
      const body = {
        entityRef: 'model:default/ready',
        checkId: 'model-card-present',
        reason: 'A good enough reason',
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        ...patch,
      };
      const res = await request(server)
        .post(`${api}/exemptions`)
        .set(ada)
        .send(body);
      expect(res.status).toBe(status);
      expect(res.body.error.message).toContain(message);
    });

    describe('exemption authorization (issue 9 item 3)', () => {
      const exemption = () => ({
        entityRef: 'model:default/undocumented',
        checkId: 'intended-use-documented',
        reason: 'Intended use is being agreed with the business owner',
        expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      });
      const guest = {
        Authorization: mockCredentials.user.header('user:development/guest'),
      };
      const create = async (server: any, by = ada) => {
        const res = await request(server)
          .post(`${api}/exemptions`)
          .set(by)
          .send(exemption());
        expect(res.status).toBe(201);
        return res.body.id as string;
      };
      const states = async (server: any) =>
        (
          await request(server)
            .get(`${api}/exemptions?entityRef=model:default/undocumented`)
            .set(ada)
        ).body.items.map((e: any) => e.state);

      it('allow-all policy: only a member of the configured approver group approves, never the requester', async () => {
        const server = await start();
        const id = await create(server);
        for (const [who, headers] of [
          ['a user outside the approver group', as('bob')],
          ['the guest', guest],
        ] as const) {
          const res = await request(server)
            .post(`${api}/exemptions/${id}/approve`)
            .set(headers)
            .send({});
          expect([who, res.status]).toEqual([who, 403]);
          expect(res.body.error.message).toContain(
            'needs a member of group:default/risk',
          );
        }
        // nobody can revoke it but its requester or an approver either
        expect(
          (
            await request(server)
              .post(`${api}/exemptions/${id}/revoke`)
              .set(as('bob'))
              .send({})
          ).status,
        ).toBe(403);
        expect(await states(server)).toEqual(['pending']);

        // an approver who requested it still cannot approve their own
        const own = await create(server, as('grace'));
        expect(
          (
            await request(server)
              .post(`${api}/exemptions/${own}/approve`)
              .set(as('grace'))
              .send({})
          ).status,
        ).toBe(403);

        const ok = await request(server)
          .post(`${api}/exemptions/${id}/approve`)
          .set(as('grace'))
          .send({});
        expect(ok.status).toBe(200);
        expect(ok.body).toMatchObject({
          state: 'active',
          approvedBy: 'user:default/grace',
        });
        // the requester may withdraw it
        expect(
          (
            await request(server)
              .post(`${api}/exemptions/${id}/revoke`)
              .set(ada)
              .send({})
          ).status,
        ).toBe(200);
      });

      it('unknown ids: a non-approver gets 403, not 404', async () => {
        const server = await start();
        expect(
          (
            await request(server)
              .post(
                `${api}/exemptions/00000000-0000-4000-8000-000000000000/approve`,
              )
              .set(as('bob'))
              .send({})
          ).status,
        ).toBe(403);
        expect(
          (
            await request(server)
              .post(
                `${api}/exemptions/00000000-0000-4000-8000-000000000000/approve`,
              )
              .set(as('grace'))
              .send({})
          ).status,
        ).toBe(404);
      });

      it('no approver groups configured: nobody approves through the API', async () => {
        const server = await start({ config: { exemptionApprovers: [] } });
        const id = await create(server);
        const res = await request(server)
          .post(`${api}/exemptions/${id}/approve`)
          .set(as('grace'))
          .send({});
        expect(res.status).toBe(403);
        expect(res.body.error.message).toContain(
          'no groups are configured in modelops.scorecards.exemptionApprovers',
        );
      });

      it('the guest may read exemptions but not request them', async () => {
        const server = await start();
        expect(
          (await request(server).get(`${api}/exemptions`).set(guest)).status,
        ).toBe(200);
        const res = await request(server)
          .post(`${api}/exemptions`)
          .set(guest)
          .send(exemption());
        expect(res.status).toBe(403);
        expect(res.body.error.message).toContain(
          'user:development/guest is not one',
        );
      });

      it('strict policy: without the exemption permission even an approver is refused', async () => {
        const server = await start({ deny: true });
        const res = await request(server)
          .post(`${api}/exemptions/x/approve`)
          .set(as('grace'))
          .send({});
        expect(res.status).toBe(403);
        expect(res.body.error.message).toBe(
          'missing permission modelops.scorecard.exemption',
        );
      });
    });

    it('requires permissions', async () => {
      const server = await start({ deny: true });
      const res = await request(server)
        .get(`${api}/teams/default/acme`)
        .set(ada);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'missing permission modelops.scorecard.read',
      );
    });
  },
);
