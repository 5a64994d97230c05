import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseScorecardStore } from './DatabaseScorecardStore';
import { ScorecardSnapshotRow } from './ScorecardStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const migrationsDir = resolvePackagePath(
  '@modelops/plugin-modelops-backend',
  'migrations',
);

const counts = {
  pass: 3,
  fail: 1,
  notApplicable: 1,
  notEvaluated: 2,
  waived: 0,
};
const row = (
  entityRef: string,
  ownerRef: string | null,
  level: number,
  scorecard = 'maturity',
): ScorecardSnapshotRow => ({
  entityRef,
  ownerRef,
  scorecard,
  level,
  maxLevel: 4,
  blocked: level === 0,
  counts,
  failingChecks: level < 4 ? ['model-card-present'] : [],
});

describe.each(databases.eachSupportedId())(
  'DatabaseScorecardStore on %s',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseScorecardStore.create({
        database: { getClient: async () => knex, migrations: { skip: false } },
      });
      return { knex, store };
    }

    it('migrates up and down', async () => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      for (const t of [
        'modelops_scorecard_snapshot_batches',
        'modelops_scorecard_snapshots',
        'modelops_scorecard_exemptions',
      ]) {
        expect(await knex.schema.hasTable(t)).toBe(true);
      }
      await knex.migrate.rollback({ directory: migrationsDir }, true);
      expect(await knex.schema.hasTable('modelops_scorecard_snapshots')).toBe(
        false,
      );
    });

    it('stores snapshots and serves model history oldest first', async () => {
      const { store } = await createStore();
      const b1 = await store.addSnapshot({
        takenAt: '2026-11-01T00:00:00.000Z',
        trigger: 'schedule',
        modelCount: 1,
        durationMs: 12.4,
        rows: [
          row('Model:default/A', 'group:default/t1', 1),
          row('model:default/a', 'group:default/t1', 2, 'production-readiness'),
        ],
      });
      await store.addSnapshot({
        takenAt: '2026-11-02T00:00:00.000Z',
        trigger: 'manual',
        modelCount: 1,
        durationMs: 3,
        rows: [row('model:default/a', 'group:default/t1', 3)],
      });
      expect(b1).toMatchObject({
        takenAt: '2026-11-01T00:00:00.000Z',
        trigger: 'schedule',
        modelCount: 1,
        durationMs: 12,
      });
      expect((await store.listBatches(10)).map(b => b.trigger)).toEqual([
        'manual',
        'schedule',
      ]);

      const { items: history } = await store.modelHistory('model:default/a', {
        scorecard: 'maturity',
      });
      expect(history.map(h => [h.takenAt, h.level])).toEqual([
        ['2026-11-01T00:00:00.000Z', 1],
        ['2026-11-02T00:00:00.000Z', 3],
      ]);
      expect(history[0]).toMatchObject({
        blocked: false,
        counts,
        failingChecks: ['model-card-present'],
      });
      expect(
        (
          await store.modelHistory('model:default/a', {
            from: '2026-11-01T12:00:00Z',
          })
        ).items,
      ).toHaveLength(1);
      expect(
        (
          await store.modelHistory('model:default/a', {
            to: '2026-11-01T12:00:00Z',
          })
        ).items,
      ).toHaveLength(2);
    });

    it('reads rows stored before not-evaluated counts existed as 0 not evaluated', async () => {
      const { knex, store } = await createStore();
      await store.addSnapshot({
        takenAt: '2026-11-01T00:00:00.000Z',
        trigger: 'schedule',
        modelCount: 1,
        durationMs: 1,
        rows: [],
      });
      const [batch] = await store.listBatches(1);
      // a row as the code before the not_evaluated_count column wrote it
      await knex('modelops_scorecard_snapshots').insert({
        batch_id: batch.id,
        taken_at: new Date('2026-11-01T00:00:00.000Z'),
        entity_ref: 'model:default/old',
        owner_ref: null,
        scorecard: 'maturity',
        level: 2,
        max_level: 4,
        blocked: false,
        pass_count: 5,
        fail_count: 1,
        na_count: 0,
        waived_count: 0,
        failing_checks: '[]',
      });
      const {
        items: [point],
      } = await store.modelHistory('model:default/old', {});
      expect(point.counts).toEqual({
        pass: 5,
        fail: 1,
        notApplicable: 0,
        notEvaluated: 0,
        waived: 0,
      });
    });

    it('aggregates team history over several owners, in chunks', async () => {
      const { store } = await createStore();
      const many = Array.from({ length: 1200 }, (_, i) =>
        row(`model:default/m${i}`, `group:default/t${i % 600}`, i % 5),
      );
      await store.addSnapshot({
        takenAt: '2026-11-01T00:00:00Z',
        trigger: 'schedule',
        modelCount: 1200,
        durationMs: 1,
        rows: many,
      });
      await store.addSnapshot({
        takenAt: '2026-11-08T00:00:00Z',
        trigger: 'schedule',
        modelCount: 2,
        durationMs: 1,
        rows: [
          row('model:default/m0', 'group:default/t0', 4),
          row('model:default/x', 'group:default/other', 0),
        ],
      });

      const owners = Array.from(
        { length: 600 },
        (_, i) => `group:default/t${i}`,
      );
      const points = await store.teamHistory(owners, { scorecard: 'maturity' });
      expect(points.items).toEqual([
        {
          takenAt: '2026-11-01T00:00:00.000Z',
          scorecard: 'maturity',
          modelCount: 1200,
          averageLevel: 2,
          levels: { '0': 240, '1': 240, '2': 240, '3': 240, '4': 240 },
        },
        {
          takenAt: '2026-11-08T00:00:00.000Z',
          scorecard: 'maturity',
          modelCount: 1,
          averageLevel: 4,
          levels: { '4': 1 },
        },
      ]);
      const t1 = (await store.teamHistory(['GROUP:default/T1'], {})).items;
      expect(t1[0]).toMatchObject({ modelCount: 2, levels: { '1': 2 } });
      expect(await store.teamHistory([], {})).toEqual({ items: [] });
    });

    it('prunes old batches with their rows', async () => {
      const { store, knex } = await createStore();
      await store.addSnapshot({
        takenAt: '2026-01-01T00:00:00Z',
        trigger: 'schedule',
        modelCount: 1,
        durationMs: 1,
        rows: [row('model:default/a', null, 1)],
      });
      await store.addSnapshot({
        takenAt: '2026-11-01T00:00:00Z',
        trigger: 'schedule',
        modelCount: 1,
        durationMs: 1,
        rows: [row('model:default/a', null, 2)],
      });
      expect(await store.pruneSnapshots('2026-06-01T00:00:00Z')).toBe(1);
      expect(
        Number(
          (await knex('modelops_scorecard_snapshots').count({ n: '*' }))[0].n,
        ),
      ).toBe(1);
      expect(
        Number(
          (
            await knex('modelops_scorecard_snapshot_batches').count({ n: '*' })
          )[0].n,
        ),
      ).toBe(1);
      expect(
        (await store.modelHistory('model:default/a', {})).items.map(
          h => h.level,
        ),
      ).toEqual([2]);
    });

    it('creates, approves (not by the requester, once) and revokes exemptions', async () => {
      const { store } = await createStore();
      const e = await store.createExemption({
        entityRef: 'Model:default/A',
        checkId: 'model-card-present',
        scorecard: null,
        reason: 'Rewriting the model card',
        requestedBy: 'user:default/ada',
        expiresAt: '2026-12-31T00:00:00Z',
        createdAt: '2026-11-22T00:00:00Z',
      });
      expect(e).toMatchObject({
        entityRef: 'model:default/a',
        approvedBy: null,
        expiresAt: '2026-12-31T00:00:00.000Z',
      });

      await expect(
        store.approveExemption(
          e.id,
          'user:default/ADA',
          '2026-11-22T01:00:00Z',
        ),
      ).rejects.toThrow('someone other than its requester');
      const approved = await store.approveExemption(
        e.id,
        'user:default/grace',
        '2026-11-22T01:00:00Z',
      );
      expect(approved).toMatchObject({
        approvedBy: 'user:default/grace',
        approvedAt: '2026-11-22T01:00:00.000Z',
      });
      await expect(
        store.approveExemption(
          e.id,
          'user:default/bob',
          '2026-11-22T02:00:00Z',
        ),
      ).rejects.toThrow('already approved');
      await expect(
        store.approveExemption(
          'nope',
          'user:default/bob',
          '2026-11-22T02:00:00Z',
        ),
      ).rejects.toThrow('no exemption nope');

      const late = await store.createExemption({
        entityRef: 'model:default/a',
        checkId: 'x',
        scorecard: 'maturity',
        reason: 'r',
        requestedBy: 'user:default/ada',
        expiresAt: '2026-11-23T00:00:00Z',
        createdAt: '2026-11-22T00:00:00Z',
      });
      await expect(
        store.approveExemption(
          late.id,
          'user:default/grace',
          '2026-11-24T00:00:00Z',
        ),
      ).rejects.toThrow('expired');

      expect(
        (await store.listExemptions({ entityRef: 'model:default/A' }))
          .map(x => x.id)
          .sort(),
      ).toEqual([e.id, late.id].sort());
      await store.revokeExemption(
        e.id,
        'user:default/grace',
        '2026-11-22T03:00:00Z',
      );
      await expect(
        store.revokeExemption(
          e.id,
          'user:default/grace',
          '2026-11-22T03:00:00Z',
        ),
      ).rejects.toThrow('already revoked');
      expect(
        (await store.listExemptions({ entityRef: 'model:default/a' })).map(
          x => x.id,
        ),
      ).toEqual([late.id]);
      expect(
        (await store.listExemptions({ includeRevoked: true })).find(
          x => x.id === e.id,
        )?.revokedBy,
      ).toBe('user:default/grace');
      await expect(
        store.approveExemption(
          e.id,
          'user:default/bob',
          '2026-11-22T04:00:00Z',
        ),
      ).rejects.toThrow('revoked');
    });
  },
);
