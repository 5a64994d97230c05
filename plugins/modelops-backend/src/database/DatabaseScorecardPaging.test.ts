import { TestDatabases } from '@backstage/backend-test-utils';
import type { ItemsPage } from '@modelops/plugin-modelops-common';
import { DatabaseScorecardStore } from './DatabaseScorecardStore';
import { encodePageCursor } from './pageCursors';
import { ScorecardSnapshotRow } from './ScorecardStore';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const row = (
  entityRef: string,
  ownerRef: string | null,
  level: number,
  scorecard: string,
): ScorecardSnapshotRow => ({
  entityRef,
  ownerRef,
  scorecard,
  level,
  maxLevel: 4,
  blocked: false,
  counts: { pass: 1, fail: 0, notApplicable: 0, notEvaluated: 0, waived: 0 },
  failingChecks: [],
});

/** Every page of a listing, following nextCursor (at most 100 pages). */
async function walk<T>(
  read: (cursor?: string) => Promise<ItemsPage<T>>,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await read(cursor);
    pages += 1;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && pages < 100);
  return { items, pages };
}

describe.each(databases.eachSupportedId())(
  'DatabaseScorecardStore paging on %s',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseScorecardStore.create({
        database: { getClient: async () => knex, migrations: { skip: false } },
      });
      return { knex, store };
    }

    /** 7 snapshots of 3 scorecards (21 points for model a); team t owns a and b. */
    async function seedHistory(store: DatabaseScorecardStore) {
      for (let day = 1; day <= 7; day++) {
        await store.addSnapshot({
          takenAt: `2026-11-0${day}T00:00:00.000Z`,
          trigger: 'schedule',
          modelCount: 2,
          durationMs: 1,
          rows: ['maturity', 'production-readiness', 'fairness'].flatMap(
            (sc, i) => [
              row('model:default/a', 'group:default/t', (day + i) % 5, sc),
              row('model:default/b', 'group:default/t', (day * i) % 5, sc),
            ],
          ),
        });
      }
    }

    it('walks a model history longer than a page, each point once, oldest first', async () => {
      const { store } = await createStore();
      await seedHistory(store);
      const whole = await store.modelHistory('model:default/a', {
        limit: 500,
      });
      expect(whole.items).toHaveLength(21);
      expect(whole.nextCursor).toBeUndefined();

      const { items, pages } = await walk(cursor =>
        store.modelHistory('model:default/a', { limit: 4, cursor }),
      );
      expect(pages).toBe(6); // 21 points in pages of 4
      expect(items.map(p => `${p.takenAt}|${p.scorecard}`)).toEqual(
        whole.items.map(p => `${p.takenAt}|${p.scorecard}`),
      );
      expect(new Set(items.map(p => `${p.takenAt}|${p.scorecard}`)).size).toBe(
        21,
      );
      // ties on takenAt are broken by scorecard
      expect(items.slice(0, 3).map(p => p.scorecard)).toEqual([
        'fairness',
        'maturity',
        'production-readiness',
      ]);
      // filters apply on every page
      const maturity = await walk(cursor =>
        store.modelHistory('model:default/a', {
          scorecard: 'maturity',
          limit: 2,
          cursor,
        }),
      );
      expect(maturity.items.map(p => p.level)).toEqual([1, 2, 3, 4, 0, 1, 2]); // (day + 0) % 5;
    });

    it('walks a team history longer than a page, each point once, with new snapshots between pages', async () => {
      const { store } = await createStore();
      await seedHistory(store);
      const whole = await store.teamHistory(['group:default/t'], {
        limit: 500,
      });
      expect(whole.items).toHaveLength(21);
      expect(whole.items[0]).toMatchObject({
        takenAt: '2026-11-01T00:00:00.000Z',
        scorecard: 'fairness',
        modelCount: 2,
      });

      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.teamHistory(['group:default/t'], {
          limit: 5,
          cursor,
        });
        seen.push(...page.items.map(p => `${p.takenAt}|${p.scorecard}`));
        cursor = page.nextCursor;
        pages += 1;
        if (pages === 2) {
          // a snapshot taken while walking comes after the cursor: it is on a later page
          await store.addSnapshot({
            takenAt: '2026-11-09T00:00:00.000Z',
            trigger: 'manual',
            modelCount: 1,
            durationMs: 1,
            rows: [row('model:default/a', 'group:default/t', 1, 'maturity')],
          });
        }
      } while (cursor && pages < 100);
      expect(seen).toHaveLength(22);
      expect(new Set(seen).size).toBe(22);
      expect(seen[21]).toBe('2026-11-09T00:00:00.000Z|maturity');
      expect(seen).toEqual([...seen].sort());
    });

    it('walks exemptions newest first, each once, with ties on createdAt and an entity filter', async () => {
      const { store } = await createStore();
      const ids: string[] = [];
      for (let i = 0; i < 13; i++) {
        const e = await store.createExemption({
          entityRef: `model:default/${i % 2 ? 'odd' : 'even'}`,
          checkId: `check-${i}`,
          scorecard: null,
          reason: 'a reason of some length',
          requestedBy: 'user:default/ada',
          expiresAt: '2026-12-31T00:00:00Z',
          // pairs share a createdAt: the id breaks the tie
          createdAt: `2026-11-${String(10 + Math.floor(i / 2)).padStart(
            2,
            '0',
          )}T00:00:00.000Z`,
        });
        ids.push(e.id);
      }
      await store.revokeExemption(
        ids[3],
        'user:default/ada',
        '2026-11-25T00:00:00Z',
      );
      const { items, pages } = await walk(cursor =>
        store.pageExemptions({ limit: 5, cursor }),
      );
      expect(pages).toBe(3);
      expect(items).toHaveLength(13); // revoked ones included
      expect(new Set(items.map(e => e.id))).toEqual(new Set(ids));
      const keys = items.map(e => `${e.createdAt}|${e.id}`);
      expect(keys).toEqual([...keys].sort().reverse());

      const odd = await walk(cursor =>
        store.pageExemptions({
          entityRef: 'Model:default/ODD',
          limit: 2,
          cursor,
        }),
      );
      expect(odd.items.map(e => e.checkId).sort()).toEqual([
        'check-1',
        'check-11',
        'check-3',
        'check-5',
        'check-7',
        'check-9',
      ]);
      expect(odd.pages).toBe(3);
    });

    it('rejects a cursor of another listing or one that is not ours with a 400 naming cursor', async () => {
      const { store } = await createStore();
      await seedHistory(store);
      const historyCursor = (
        await store.modelHistory('model:default/a', { limit: 1 })
      ).nextCursor!;
      expect(historyCursor).toBeDefined();
      for (const bad of [
        'garbage',
        historyCursor, // a model-history cursor given to the exemptions listing
        encodePageCursor('exemptions', ['not a date', 'x']),
      ]) {
        await expect(
          store.pageExemptions({ cursor: bad }),
        ).rejects.toMatchObject({
          name: 'InputError',
          message: expect.stringMatching(/^cursor: /),
        });
      }
      await expect(
        store.teamHistory(['group:default/t'], { cursor: historyCursor }),
      ).rejects.toMatchObject({ name: 'InputError' });
      await expect(
        store.modelHistory('model:default/a', {
          cursor: encodePageCursor('model-history', [5, 'x']),
        }),
      ).rejects.toMatchObject({ name: 'InputError' });
    });

    it('caps a page at 500 and defaults to 50', async () => {
      const { store } = await createStore();
      await store.addSnapshot({
        takenAt: '2026-11-01T00:00:00.000Z',
        trigger: 'schedule',
        modelCount: 1,
        durationMs: 1,
        rows: Array.from({ length: 520 }, (_, i) =>
          row('model:default/a', null, 1, `sc-${String(i).padStart(3, '0')}`),
        ),
      });
      const first = await store.modelHistory('model:default/a', {});
      expect(first.items).toHaveLength(50);
      expect(first.nextCursor).toBeDefined();
      const big = await store.modelHistory('model:default/a', {
        limit: 10_000,
      });
      expect(big.items).toHaveLength(500);
      const rest = await store.modelHistory('model:default/a', {
        limit: 500,
        cursor: big.nextCursor,
      });
      expect(rest.items).toHaveLength(20);
      expect(rest.nextCursor).toBeUndefined();
    });
  },
);
