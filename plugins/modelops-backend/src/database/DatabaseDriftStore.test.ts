import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseAuditLog } from './DatabaseAuditLog';
import { DatabaseDriftStore } from './DatabaseDriftStore';
import { NewDriftRun } from './DriftStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const MODEL = 'model:default/credit-default-scorer';

function run(overrides: Partial<NewDriftRun> = {}): NewDriftRun {
  return {
    entityRef: MODEL,
    runId: 'run-1',
    referenceId: null,
    modelVersion: '3.2.0',
    windowStart: '2026-11-01T00:00:00.000Z',
    windowEnd: '2026-11-02T00:00:00.000Z',
    status: 'ok',
    datasetDrift: false,
    driftShare: 0.5,
    features: [
      {
        name: 'income',
        kind: 'numeric',
        method: 'ks',
        value: 0.01,
        threshold: 0.05,
        drift: true,
        status: 'ok',
      },
      {
        name: 'region',
        kind: 'categorical',
        method: 'chiSquare',
        value: 0.4,
        threshold: 0.05,
        drift: false,
        status: 'ok',
      },
    ],
    report: { features: [], driftShare: 0.5, datasetDrift: false },
    source: 'report',
    submittedBy: 'user:default/ada',
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())(
  'DatabaseDriftStore on %s',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseDriftStore.create({
        database: { getClient: async () => knex, migrations: { skip: false } },
      });
      return { knex, store };
    }

    it('stores reference profiles, newest first, per model version', async () => {
      const { store } = await createStore();
      const a = await store.addReference({
        entityRef: 'Model:default/X',
        modelVersion: '1',
        profile: { v: 1 } as any,
        featureCount: 2,
        rowCount: 10,
        createdBy: 'u',
        createdAt: '2026-01-01T00:00:00.000Z',
      });
      const b = await store.addReference({
        entityRef: 'model:default/x',
        modelVersion: '2',
        profile: { v: 2 } as any,
        featureCount: 2,
        rowCount: 20,
        createdBy: 'u',
        createdAt: '2026-02-01T00:00:00.000Z',
      });
      expect((await store.getReference('model:default/x'))?.id).toBe(b.id);
      expect(
        (await store.getReference('model:default/x', { modelVersion: '1' }))
          ?.profile,
      ).toEqual({ v: 1 });
      expect(
        (await store.getReference('model:default/x', { id: a.id }))?.createdAt,
      ).toBe('2026-01-01T00:00:00.000Z');
      expect(await store.getReference('model:default/other')).toBeUndefined();
      expect(
        (await store.listReferences('model:default/x')).map(
          r => r.modelVersion,
        ),
      ).toEqual(['2', '1']);
    });

    it('records a run once per client run id (idempotent retries)', async () => {
      const { store, knex } = await createStore();
      const first = await store.addRun(run());
      const retry = await store.addRun(
        run({ datasetDrift: true, driftShare: 1 }),
      );
      expect(first.created).toBe(true);
      expect(retry.created).toBe(false);
      expect(retry.run.id).toBe(first.run.id);
      expect(retry.run.driftShare).toBe(0.5);
      expect(first.run).toMatchObject({
        driftedCount: 1,
        featureCount: 2,
        windowEnd: '2026-11-02T00:00:00.000Z',
        datasetDrift: false,
      });
      const [{ n }] = await knex('modelops_drift_feature_results').count({
        n: '*',
      });
      expect(Number(n)).toBe(2);
    });

    it('survives concurrent submissions of the same run id', async () => {
      const { store, knex } = await createStore();
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.addRun(run({ runId: 'same' }))),
      );
      expect(results.filter(r => r.created)).toHaveLength(1);
      const [{ n }] = await knex('modelops_drift_runs').count({ n: '*' });
      expect(Number(n)).toBe(1);
    });

    it('pages runs newest first with a cursor and filters by time range', async () => {
      const { store } = await createStore();
      for (let d = 1; d <= 7; d++) {
        await store.addRun(
          run({ runId: `r${d}`, windowEnd: `2026-11-0${d}T00:00:00.000Z` }),
        );
      }
      const page1 = await store.listRuns(MODEL, { limit: 3 });
      expect(page1.items.map(r => r.runId)).toEqual(['r7', 'r6', 'r5']);
      const page2 = await store.listRuns(MODEL, {
        limit: 3,
        cursor: page1.nextCursor,
      });
      expect(page2.items.map(r => r.runId)).toEqual(['r4', 'r3', 'r2']);
      const page3 = await store.listRuns(MODEL, {
        limit: 3,
        cursor: page2.nextCursor,
      });
      expect(page3.items.map(r => r.runId)).toEqual(['r1']);
      expect(page3.nextCursor).toBeUndefined();
      const ranged = await store.listRuns(MODEL, {
        limit: 10,
        from: '2026-11-03T00:00:00.000Z',
        to: '2026-11-05T00:00:00.000Z',
      });
      expect(ranged.items.map(r => r.runId)).toEqual(['r5', 'r4', 'r3']);
      expect(ranged.items[0].report).toBeUndefined();
      await expect(
        store.listRuns(MODEL, { limit: 3, cursor: 'garbage' }),
      ).rejects.toThrow(/cursor is not valid/);
    });

    it('returns the latest run per model and per-feature history', async () => {
      const { store } = await createStore();
      await store.addRun(
        run({ runId: 'a', windowEnd: '2026-11-01T00:00:00.000Z' }),
      );
      await store.addRun(
        run({
          runId: 'b',
          windowEnd: '2026-11-03T00:00:00.000Z',
          datasetDrift: true,
        }),
      );
      await store.addRun(
        run({
          entityRef: 'model:default/other',
          runId: 'c',
          windowEnd: '2026-11-02T00:00:00.000Z',
        }),
      );
      expect((await store.latestRun(MODEL))?.runId).toBe('b');
      expect((await store.latestRuns(MODEL, 2)).map(r => r.runId)).toEqual([
        'b',
        'a',
      ]);
      const all = await store.latestStatusAll();
      expect(all.map(s => [s.entityRef, s.lastRun.runId])).toEqual([
        ['model:default/credit-default-scorer', 'b'],
        ['model:default/other', 'c'],
      ]);
      const history = (
        await store.featureHistory(MODEL, 'income', { limit: 100 })
      ).items;
      expect(history.map(h => [h.runId, h.value, h.drift])).toEqual([
        ['a', 0.01, true],
        ['b', 0.01, true],
      ]);
      expect(
        (
          await store.featureHistory(MODEL, undefined, {
            from: '2026-11-02T00:00:00.000Z',
            limit: 100,
          })
        ).items.map(h => h.feature),
      ).toEqual(['income', 'region']);
    });

    it('bounds history pages and continues with a cursor without gaps or repeats', async () => {
      const { store } = await createStore();
      // 3 runs x 4 features, two runs with the same window end (ties are ordered by feature, then id).
      const features = ['a', 'b', 'c', 'd'].map(name => ({
        name,
        kind: 'numeric' as const,
        method: 'ks' as const,
        value: 0.5,
        threshold: 0.05,
        drift: false,
        status: 'ok',
      }));
      await store.addRun(
        run({ runId: 'r1', windowEnd: '2026-11-01T00:00:00.000Z', features }),
      );
      await store.addRun(
        run({ runId: 'r2', windowEnd: '2026-11-02T00:00:00.000Z', features }),
      );
      await store.addRun(
        run({ runId: 'r3', windowEnd: '2026-11-02T00:00:00.000Z', features }),
      );
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.featureHistory(MODEL, undefined, {
          limit: 5,
          cursor,
        });
        expect(page.items.length).toBeLessThanOrEqual(5);
        seen.push(...page.items.map(h => `${h.runId}/${h.feature}`));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toHaveLength(12);
      expect(new Set(seen).size).toBe(12);
      expect(seen.slice(0, 4)).toEqual(['r1/a', 'r1/b', 'r1/c', 'r1/d']);
      const last = await store.featureHistory(MODEL, undefined, { limit: 12 });
      expect(last.nextCursor).toBeUndefined();
    });

    it('versions each model history (bumped by new runs only, also under concurrency) and reads chart rows', async () => {
      const { store } = await createStore();
      expect(await store.historyVersion(MODEL)).toBe(0);
      await store.addRun(
        run({ runId: 'a', windowEnd: '2026-11-02T00:00:00Z' }),
      );
      const v1 = await store.historyVersion(MODEL);
      expect(v1).toBeGreaterThan(0);
      // A retry stores nothing and keeps the version; another model has its own.
      await store.addRun(
        run({ runId: 'a', windowEnd: '2026-11-02T00:00:00Z' }),
      );
      expect(await store.historyVersion(MODEL)).toBe(v1);
      await store.addRun(run({ entityRef: 'model:default/other', runId: 'z' }));
      expect(await store.historyVersion(MODEL)).toBe(v1);
      // Concurrent runs of one model: each bumps the version once.
      await Promise.all(
        ['b', 'c', 'd'].map((id, i) =>
          store.addRun(
            run({ runId: id, windowEnd: `2026-11-0${3 + i}T00:00:00Z` }),
          ),
        ),
      );
      expect(
        await store.historyVersion('Model:default/Credit-Default-Scorer'),
      ).toBe(v1 + 3);

      const rows = await store.historyRows(MODEL, {});
      expect(
        rows.map(r => [r.feature, new Date(r.time).toISOString()]),
      ).toEqual([
        ['income', '2026-11-02T00:00:00.000Z'],
        ['income', '2026-11-03T00:00:00.000Z'],
        ['income', '2026-11-04T00:00:00.000Z'],
        ['income', '2026-11-05T00:00:00.000Z'],
        ['region', '2026-11-02T00:00:00.000Z'],
        ['region', '2026-11-03T00:00:00.000Z'],
        ['region', '2026-11-04T00:00:00.000Z'],
        ['region', '2026-11-05T00:00:00.000Z'],
      ]);
      expect(rows[0]).toEqual({
        feature: 'income',
        method: 'ks',
        time: Date.parse('2026-11-02T00:00:00Z'),
        value: 0.01,
        threshold: 0.05,
        drift: true,
      });
      const filtered = await store.historyRows(MODEL, {
        feature: 'region',
        from: '2026-11-03T00:00:00Z',
        to: '2026-11-04T00:00:00Z',
      });
      expect(filtered.map(r => [r.feature, r.time])).toEqual([
        ['region', Date.parse('2026-11-03T00:00:00Z')],
        ['region', Date.parse('2026-11-04T00:00:00Z')],
      ]);
    });

    it('refuses a run whose referenceId is unknown or belongs to another model, storing nothing', async () => {
      const { store, knex } = await createStore();
      const other = await store.addReference({
        entityRef: 'model:default/other',
        modelVersion: null,
        profile: { v: 1 } as any,
        featureCount: 1,
        rowCount: 1,
        createdBy: 'u',
      });
      await expect(
        store.addRun(
          run({
            runId: 'x',
            referenceId: '00000000-0000-4000-8000-000000000000',
          }),
        ),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(
          /^referenceId: no reference 00000000-0000-4000-8000-000000000000/,
        ),
      });
      await expect(
        store.addRun(run({ runId: 'y', referenceId: other.id })),
      ).rejects.toMatchObject({ name: 'InputError' });
      const [{ n }] = await knex('modelops_drift_runs').count({ n: '*' });
      expect(Number(n)).toBe(0);
      const mine = await store.addReference({
        entityRef: MODEL,
        modelVersion: null,
        profile: { v: 1 } as any,
        featureCount: 1,
        rowCount: 1,
        createdBy: 'u',
      });
      expect(
        (await store.addRun(run({ runId: 'z', referenceId: mine.id }))).run
          .referenceId,
      ).toBe(mine.id);
    });

    describe('acknowledging a drifting run', () => {
      const ack = (
        by = 'user:default/ada',
        comment = 'seasonal shift, reviewed',
      ) => ({
        by,
        client: 'web',
        comment,
        at: '2026-11-03T10:00:00.000Z',
      });

      it('records who, when and why once, and chains a drift.acknowledged audit event', async () => {
        const { knex, store } = await createStore();
        await store.addRun(run({ runId: 'drifting', datasetDrift: true }));
        const acknowledged = await store.acknowledgeRun(
          MODEL,
          'drifting',
          ack(),
        );
        expect(acknowledged.acknowledgement).toEqual({
          by: 'user:default/ada',
          at: '2026-11-03T10:00:00.000Z',
          comment: 'seasonal shift, reviewed',
        });
        expect(
          (await store.getRun(MODEL, 'drifting'))?.acknowledgement?.by,
        ).toBe('user:default/ada');
        expect((await store.latestRun(MODEL))?.acknowledgement).not.toBeNull();
        const audit = new DatabaseAuditLog(knex);
        const events = await audit.list({ modelRef: MODEL });
        expect(events.map(e => e.type)).toEqual(['drift.acknowledged']);
        expect(events[0]).toMatchObject({
          actor: 'user:default/ada',
          client: 'web',
          comment: 'seasonal shift, reviewed',
          payload: { runId: 'drifting' },
        });
        expect((await audit.verify()).valid).toBe(true);
        await expect(
          store.acknowledgeRun(MODEL, 'drifting', ack('user:default/bob')),
        ).rejects.toThrow(/already acknowledged by user:default\/ada/);
      });

      it('lets exactly one of many concurrent acknowledgements win', async () => {
        const { knex, store } = await createStore();
        await store.addRun(run({ runId: 'race', datasetDrift: true }));
        const results = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) =>
            store.acknowledgeRun(MODEL, 'race', ack(`user:default/u${i}`)),
          ),
        );
        const won = results.filter(r => r.status === 'fulfilled');
        expect(won).toHaveLength(1);
        const lost = results.filter(
          (r): r is PromiseRejectedResult => r.status === 'rejected',
        );
        expect(lost.map(r => r.reason.name)).toEqual(
          Array(7).fill('ConflictError'),
        );
        const events = await new DatabaseAuditLog(knex).list({
          modelRef: MODEL,
        });
        expect(events).toHaveLength(1);
        expect(events[0].actor).toBe(
          (won[0] as PromiseFulfilledResult<any>).value.acknowledgement.by,
        );
      });

      it('refuses a run without drift (400) and an unknown run (404), writing nothing', async () => {
        const { knex, store } = await createStore();
        await store.addRun(run({ runId: 'calm', datasetDrift: false }));
        await expect(
          store.acknowledgeRun(MODEL, 'calm', ack()),
        ).rejects.toThrow(/shows no dataset drift/);
        await expect(
          store.acknowledgeRun(MODEL, 'nope', ack()),
        ).rejects.toThrow(/no drift run nope/);
        expect((await store.getRun(MODEL, 'calm'))?.acknowledgement).toBeNull();
        expect(await new DatabaseAuditLog(knex).list({})).toEqual([]);
      });
    });
  },
);
