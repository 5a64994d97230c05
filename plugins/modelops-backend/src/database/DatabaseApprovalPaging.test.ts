import { TestDatabases } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import type {
  ApprovalRequest,
  ItemsPage,
  ListApprovalRequestsFilter,
} from '@modelops/plugin-modelops-common';
import { DatabaseApprovalStore } from './DatabaseApprovalStore';
import { NewApprovalRequest } from './ApprovalStore';
import { encodePageCursor } from './pageCursors';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const by = { actor: 'user:default/priya.raman', client: 'test' };

/** Request `i`: versions are distinct (one pending request per version); createdAt ties in threes. */
function newRequest(i: number, minute = Math.floor(i / 3)): NewApprovalRequest {
  return {
    modelRef: `model:default/m${i % 2}`,
    modelVersion: `1.0.${i}`,
    fromStage: 'staging',
    toStage: 'production',
    requester: `user:default/${i % 4 === 0 ? 'ada' : 'priya.raman'}`,
    justification: 'paging test request',
    links: [],
    ownerRef: 'group:default/team',
    riskTier: 'low',
    policyId: 'low-production',
    requirements: [{ id: 'owner', groups: ['owner'], count: 1 }],
    allowOwnerApproval: true,
    createdAt: new Date(T0 + minute * 60_000).toISOString(),
    expiresAt: new Date(T0 + 86_400_000 * 30).toISOString(),
  };
}

describe.each(databases.eachSupportedId())(
  'approval listings are cursor-paged on %s',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseApprovalStore.create({
        database: { getClient: async () => knex, migrations: { skip: false } },
      });
      return { knex, store };
    }

    /** Walks every page of a listing, calling `between` after each page but the last. */
    async function walk(
      list: (cursor?: string) => Promise<ItemsPage<ApprovalRequest>>,
      between?: (page: number) => Promise<void>,
    ) {
      const seen: ApprovalRequest[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await list(cursor);
        pages += 1;
        seen.push(...page.items);
        cursor = page.nextCursor;
        if (cursor && between) await between(pages);
      } while (cursor && pages < 1000);
      return { seen, pages };
    }

    it('walks 61 requests in pages of 7: each exactly once, newest first with ties broken by id, stable under inserts between pages', async () => {
      const { store } = await createStore();
      const created: ApprovalRequest[] = [];
      for (let i = 0; i < 61; i++)
        created.push(await store.createRequest(newRequest(i), by));
      // Newest first: createdAt descending, then id descending (createdAt ties in threes).
      const expected = [...created].sort((a, b) =>
        a.createdAt === b.createdAt
          ? b.id.localeCompare(a.id)
          : b.createdAt.localeCompare(a.createdAt),
      );

      const inserted: string[] = [];
      const { seen, pages } = await walk(
        cursor => store.listRequests({ limit: 7, cursor }),
        // A request created between two pages is newer than every cursor: not seen in this walk.
        async () => {
          const r = await store.createRequest(
            newRequest(1000 + inserted.length, 10_000),
            by,
          );
          inserted.push(r.id);
        },
      );
      expect(pages).toBe(9);
      expect(seen.map(r => r.id)).toEqual(expected.map(r => r.id));
      expect(new Set(seen.map(r => r.id)).size).toBe(61);
      expect(inserted).toHaveLength(8);
      // A fresh walk sees them, first.
      const again = await walk(cursor =>
        store.listRequests({ limit: 500, cursor }),
      );
      expect(again.pages).toBe(1);
      expect(again.seen).toHaveLength(69);
      expect(new Set(again.seen.slice(0, 8).map(r => r.id))).toEqual(
        new Set(inserted),
      );

      // A page of exactly `limit` that ends the list has no nextCursor.
      const exact = await store.listRequests({ limit: 69 });
      expect(exact.items).toHaveLength(69);
      expect(exact.nextCursor).toBeUndefined();
      // Default 50, capped at 500.
      expect((await store.listRequests()).items).toHaveLength(50);
    });

    it('pages filtered listings (model, requester, state) with the same cursor rules', async () => {
      const { store } = await createStore();
      const created: ApprovalRequest[] = [];
      for (let i = 0; i < 30; i++)
        created.push(await store.createRequest(newRequest(i), by));
      await store.cancel({
        requestId: created[5].id,
        by,
        comment: null,
        now: new Date(T0 + 3_600_000),
      });
      const cases: Array<
        [ListApprovalRequestsFilter, (r: ApprovalRequest) => boolean]
      > = [
        [
          { modelRef: 'model:default/M1' },
          r => r.modelRef === 'model:default/m1',
        ],
        [
          { requester: 'user:default/ada' },
          r => r.requester === 'user:default/ada',
        ],
        [{ state: 'pending' }, r => r.id !== created[5].id],
        [{ state: 'cancelled' }, r => r.id === created[5].id],
      ];
      for (const [filter, keep] of cases) {
        const { seen } = await walk(cursor =>
          store.listRequests({ ...filter, limit: 4, cursor }),
        );
        const want = created
          .filter(keep)
          .sort((a, b) =>
            a.createdAt === b.createdAt
              ? b.id.localeCompare(a.id)
              : b.createdAt.localeCompare(a.createdAt),
          );
        expect([filter, seen.map(r => r.id)]).toEqual([
          filter,
          want.map(r => r.id),
        ]);
      }
    });

    it('refuses a cursor that is not one of its own with an InputError naming cursor', async () => {
      const { store } = await createStore();
      for (let i = 0; i < 3; i++) await store.createRequest(newRequest(i), by);
      const bad = [
        'garbage',
        '%%%',
        Buffer.from('{"a":1}').toString('base64url'),
        encodePageCursor('audit', [3]),
        encodePageCursor('requests', ['not a date', 'x']),
        encodePageCursor('requests', ['2026-11-22T10:00:00.000Z']),
        encodePageCursor('requests', ['2026-11-22T10:00:00.000Z', 7]),
      ];
      for (const cursor of bad) {
        await expect(store.listRequests({ cursor })).rejects.toThrow(
          InputError,
        );
        await expect(store.listRequests({ cursor })).rejects.toThrow(
          /^cursor: /,
        );
      }
      const page = await store.listRequests({ limit: 2 });
      // The audit trail refuses a requests cursor too.
      await expect(
        store.listAuditEvents({ cursor: page.nextCursor }),
      ).rejects.toThrow(/^cursor: /);
    });

    it('pages the audit trail in chain order, all and per model, with appends between pages', async () => {
      const { store } = await createStore();
      for (let i = 0; i < 25; i++) await store.createRequest(newRequest(i), by);
      const seqs: number[] = [];
      let cursor: string | undefined;
      let appended = 0;
      do {
        const page = await store.listAuditEvents({ limit: 6, cursor });
        seqs.push(...page.items.map(e => e.seq));
        cursor = page.nextCursor;
        if (cursor && appended < 2) {
          // Appended events come after the cursor: the walk reaches them, once.
          await store.createRequest(newRequest(100 + appended), by);
          appended += 1;
        }
      } while (cursor);
      expect(seqs).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));

      const m0: number[] = [];
      cursor = undefined;
      do {
        const page = await store.listAuditEvents({
          modelRef: 'model:default/m0',
          limit: 4,
          cursor,
        });
        expect(page.items.length).toBeLessThanOrEqual(4);
        m0.push(...page.items.map(e => e.seq));
        cursor = page.nextCursor;
      } while (cursor);
      const { items: all } = await store.listAuditEvents({ limit: 500 });
      expect(m0).toEqual(
        all.filter(e => e.modelRef === 'model:default/m0').map(e => e.seq),
      );
      // afterSeq still works, and the later of afterSeq and cursor wins.
      expect(
        (await store.listAuditEvents({ afterSeq: 25 })).items.map(e => e.seq),
      ).toEqual([26, 27]);
      expect(
        (
          await store.listAuditEvents({
            afterSeq: 20,
            cursor: encodePageCursor('audit', [25]),
          })
        ).items.map(e => e.seq),
      ).toEqual([26, 27]);
    });
  },
);
