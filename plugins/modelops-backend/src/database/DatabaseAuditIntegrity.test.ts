/*
 * Integrity of approvals under tampering and concurrency (issue 9, items 5-7), on PostgreSQL and
 * SQLite: long chains verify and tampering past the first page is located; one pending request per
 * version and stage and linear promotions are enforced by the database; request rows are checked
 * against the audit chain on promotion and on verification.
 */
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import {
  auditEventHashInput,
  AuditEventContent,
  chainAuditEvent,
} from '@modelops/plugin-modelops-common';
import knexFactory, { Knex } from 'knex';
import { NewApprovalRequest } from './ApprovalStore';
import { DatabaseApprovalStore } from './DatabaseApprovalStore';
import { DatabaseAuditLog, sha256Hex } from './DatabaseAuditLog';

jest.setTimeout(300_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const migrationsDir = resolvePackagePath(
  '@modelops/plugin-modelops-backend',
  'migrations',
);

const MRM = 'group:default/model-risk-management';
const COMPLIANCE = 'group:default/compliance';
const T0 = new Date('2026-11-22T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const by = { actor: 'user:default/priya.raman', client: 'test' };
const user = (name: string, groups: string[]) => ({
  userRef: `user:default/${name}`,
  groupRefs: groups,
});
const EVENTS = 'modelops_audit_events';

function newRequest(
  overrides: Partial<NewApprovalRequest> = {},
): NewApprovalRequest {
  return {
    modelRef: 'model:default/credit-default-scorer',
    modelVersion: '3.3.0',
    fromStage: 'staging',
    toStage: 'production',
    requester: 'user:default/priya.raman',
    justification: 'AUC +0.006 on the 2026 holdout',
    links: [],
    ownerRef: 'group:default/credit-risk-ds',
    riskTier: 'high',
    policyId: 'high-production',
    requirements: [
      { id: 'model-risk', groups: [MRM], count: 1 },
      { id: 'compliance', groups: [COMPLIANCE], count: 1 },
    ],
    allowOwnerApproval: false,
    createdAt: T0.toISOString(),
    expiresAt: at(60 * 24).toISOString(),
    ...overrides,
  };
}

async function approve(
  store: DatabaseApprovalStore,
  requestId: string,
  minute = 1,
) {
  await store.decide({
    requestId,
    approver: user('fatima.haddad', [MRM]),
    decision: 'approve',
    comment: null,
    client: null,
    now: at(minute),
  });
  return store.decide({
    requestId,
    approver: user('noah.klein', [COMPLIANCE]),
    decision: 'approve',
    comment: null,
    client: null,
    now: at(minute + 1),
  });
}

const count = async (q: Knex.QueryBuilder) =>
  Number((await q.count({ n: '*' }))[0].n);
/** Runs a raw write: 'inserted', or the database's error message. */
const attempt = (q: Knex.QueryBuilder) =>
  q.then(
    () => 'inserted',
    (e: Error) => e.message,
  );

describe.each(databases.eachSupportedId())(
  'approvals integrity on %s',
  databaseId => {
    const isPg = databaseId.startsWith('POSTGRES');
    const extraConnections: Knex[] = [];
    afterAll(async () => {
      await Promise.all(extraConnections.map(k => k.destroy()));
    });

    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseApprovalStore.create({
        database: { getClient: async () => knex, migrations: { skip: false } },
      });
      return { knex, store };
    }

    /**
     * A store on its own pool of 25 connections to the same PostgreSQL database (the test pool has 5),
     * so 20 concurrent calls really run in 20 concurrent transactions. SQLite serialises writers anyway.
     */
    function racingStore(knex: Knex): DatabaseApprovalStore {
      if (!isPg) return new DatabaseApprovalStore(knex);
      const wide = knexFactory({
        client: 'pg',
        connection: knex.client.config.connection,
        pool: { min: 0, max: 25 },
      });
      extraConnections.push(wide);
      return new DatabaseApprovalStore(wide);
    }

    describe('item 5: verification of long chains', () => {
      /** Real requests around 5,000 bulk events appended in one transaction (not 5,000 calls). */
      async function longChain() {
        const { knex, store } = await createStore();
        const first = await store.createRequest(
          newRequest({ modelVersion: '1.0.0' }),
          by,
        );
        await approve(store, first.id);
        const bulk: AuditEventContent[] = Array.from(
          { length: 5000 },
          (_, i) => ({
            type: 'exemption.recorded',
            requestId: null,
            modelRef: `model:default/m${i % 50}`,
            actor: 'user:default/noah.klein',
            client: 'api',
            comment: `exemption #${i}`,
            payload: { check: 'has-model-card', n: i },
            createdAt: at(2).toISOString(),
          }),
        );
        await knex.transaction(trx =>
          new DatabaseAuditLog(knex).append(trx, bulk),
        );
        const last = await store.createRequest(
          newRequest({ modelVersion: '2.0.0', createdAt: at(3).toISOString() }),
          by,
        );
        await approve(store, last.id, 4);
        await store.recordPromotion({ requestId: last.id, by, now: at(6) });
        const total = 4 + 5000 + 5;
        return { knex, store, total };
      }

      it('verifies an intact chain of 5,009 events as intact, counting each event once', async () => {
        const { knex, store, total } = await longChain();
        const head = await knex('modelops_audit_head').where({ id: 1 }).first();
        expect(Number(head.seq)).toBe(total);
        expect(await store.verifyAuditChain()).toEqual({
          valid: true,
          checked: total,
          headHash: head.hash,
          firstBroken: null,
          stateMismatches: [],
        });
        expect(await store.auditHead()).toEqual({
          seq: total,
          hash: head.hash,
        });
      });

      it('locates edits, deletions and reorderings past event 1000 at the right event', async () => {
        const { knex, store, total } = await longChain();
        const row = async (seq: number) => knex(EVENTS).where({ seq }).first();
        const expectBroken = async (
          seq: number,
          reason: string,
          checked = seq - 1,
        ) => {
          const result = await store.verifyAuditChain();
          expect(result).toMatchObject({
            valid: false,
            checked,
            firstBroken: { seq, reason },
          });
        };
        const expectIntact = async () =>
          expect(await store.verifyAuditChain()).toMatchObject({
            valid: true,
            checked: total,
          });

        // edits: in the middle of a page, on both sides of the first page boundary, in a later page
        for (const seq of [1000, 1001, 1500, 4321]) {
          const original = await row(seq);
          await knex(EVENTS).where({ seq }).update({ comment: 'edited' });
          await expectBroken(seq, 'hash-mismatch');
          await knex(EVENTS)
            .where({ seq })
            .update({ comment: original.comment });
        }
        await expectIntact();

        // an edited event whose own hash was recomputed: the next link breaks
        const {
          items: [event3000],
        } = await store.listAuditEvents({
          afterSeq: 2999,
          limit: 1,
        });
        const { hash: originalHash, ...unhashed } = event3000;
        const rehashed = sha256Hex(
          auditEventHashInput({ ...unhashed, comment: 'edited and re-hashed' }),
        );
        await knex(EVENTS)
          .where({ seq: 3000 })
          .update({ comment: 'edited and re-hashed', hash: rehashed });
        await expectBroken(3001, 'prev-hash-mismatch', 3000);
        await knex(EVENTS)
          .where({ seq: 3000 })
          .update({ comment: event3000.comment, hash: originalHash });

        // deletions: the last event of the first page, the first of the second, one in the middle:
        // the event after the hole is reported, and everything before the hole counts as checked
        for (const seq of [1000, 1001, 2500]) {
          const original = await row(seq);
          await knex(EVENTS).where({ seq }).delete();
          await expectBroken(seq + 1, 'sequence-gap', seq - 1);
          await knex(EVENTS).insert(original);
        }
        await expectIntact();

        // reordering: events #2000 and #2001 swap places
        const [a, b] = [await row(2000), await row(2001)];
        await knex(EVENTS).where({ seq: 2000 }).update({ seq: -1 });
        await knex(EVENTS).where({ seq: 2001 }).update({ seq: 2000 });
        await knex(EVENTS).where({ seq: -1 }).update({ seq: 2001 });
        await expectBroken(2000, 'prev-hash-mismatch');
        await knex(EVENTS).whereIn('seq', [2000, 2001]).delete();
        await knex(EVENTS).insert([a, b]);
        await expectIntact();

        // a copy of an event slipped in below the chain's first sequence number
        await knex(EVENTS).insert({
          ...(await row(1500)),
          seq: 0,
          id: 'below-the-chain',
        });
        expect(await store.verifyAuditChain()).toMatchObject({
          valid: false,
          firstBroken: {
            seq: 0,
            id: 'below-the-chain',
            reason: 'sequence-gap',
          },
        });
        await knex(EVENTS).where({ seq: 0 }).delete();
        await expectIntact();

        // the last event deleted: caught by the chain head
        await knex(EVENTS).where({ seq: total }).delete();
        expect(await store.verifyAuditChain()).toMatchObject({
          valid: false,
          checked: total - 1,
          firstBroken: {
            seq: total,
            reason: 'sequence-gap',
            message: expect.stringMatching(/trailing events were deleted/),
          },
        });
      });
    });

    describe('item 6: database-enforced invariants', () => {
      it('20 concurrent creates for the same version and stage: one succeeds, 19 conflicts name it', async () => {
        const { knex, store } = await createStore();
        const racing = racingStore(knex);
        const results = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) =>
            racing.createRequest(
              newRequest({ justification: `attempt ${i}` }),
              by,
            ),
          ),
        );
        const ok = results.filter(
          r => r.status === 'fulfilled',
        ) as PromiseFulfilledResult<any>[];
        const failed = results.filter(
          r => r.status === 'rejected',
        ) as PromiseRejectedResult[];
        expect(ok).toHaveLength(1);
        expect(failed).toHaveLength(19);
        const winner = ok[0].value.id as string;
        for (const f of failed) {
          expect(f.reason).toBeInstanceOf(ConflictError);
          expect(f.reason.message).toBe(
            `request ${winner} for model:default/credit-default-scorer 3.3.0 → production is already pending; decide or cancel it first`,
          );
        }
        expect(await count(knex('modelops_approval_requests'))).toBe(1);
        expect(
          (await store.listAuditEvents()).items.map(e => [e.type, e.requestId]),
        ).toEqual([['request.created', winner]]);
        expect(await store.verifyAuditChain()).toMatchObject({
          valid: true,
          checked: 1,
        });
      });

      it('the database itself refuses a second pending request for the same version and stage', async () => {
        const { knex, store } = await createStore();
        const r = await store.createRequest(newRequest(), by);
        const row = await knex('modelops_approval_requests')
          .where({ id: r.id })
          .first();
        expect(
          await attempt(
            knex('modelops_approval_requests').insert({
              ...row,
              id: 'forged-duplicate',
            }),
          ),
        ).toMatch(/unique|UNIQUE/);
        // closed requests do not count: the same row as cancelled is accepted
        await knex('modelops_approval_requests').insert({
          ...row,
          id: 'closed-one',
          state: 'cancelled',
        });
      });

      it('a pending request past its expiry does not block: it is marked expired (with its event) first', async () => {
        const { store } = await createStore();
        const old = await store.createRequest(
          newRequest({ expiresAt: at(10).toISOString() }),
          by,
        );
        const fresh = await store.createRequest(
          newRequest({
            createdAt: at(11).toISOString(),
            expiresAt: at(100).toISOString(),
          }),
          by,
        );
        expect((await store.getRequest(old.id))?.state).toBe('expired');
        expect(
          (await store.listAuditEvents()).items.map(e => [e.type, e.requestId]),
        ).toEqual([
          ['request.created', old.id],
          ['request.expired', old.id],
          ['request.created', fresh.id],
        ]);
        expect(await store.verifyAuditChain()).toMatchObject({
          valid: true,
          stateMismatches: [],
        });
      });

      it('20 concurrent promotions of one approved request: one created, the same promotion returned to the others', async () => {
        const { knex, store } = await createStore();
        const r = await store.createRequest(newRequest(), by);
        await approve(store, r.id);
        const racing = racingStore(knex);
        const results = await Promise.all(
          Array.from({ length: 20 }, () =>
            racing.recordPromotion({ requestId: r.id, by, now: at(5) }),
          ),
        );
        expect(results.filter(x => x.created)).toHaveLength(1);
        expect(new Set(results.map(x => x.promotion.id)).size).toBe(1);
        expect(await count(knex('modelops_approval_promotions'))).toBe(1);
        expect(
          (await store.listAuditEvents()).items.filter(
            e => e.type === 'promotion.recorded',
          ),
        ).toHaveLength(1);
      });

      it('two approved requests for one version cannot both promote it (even concurrently); a rollback re-promotion can', async () => {
        const { knex, store } = await createStore();
        const a = await store.createRequest(newRequest(), by);
        await approve(store, a.id, 1);
        const b = await store.createRequest(
          newRequest({ createdAt: at(3).toISOString() }),
          by,
        ); // a is no longer pending
        await approve(store, b.id, 4);
        const racing = racingStore(knex);
        const results = await Promise.allSettled(
          [a, b].map(r =>
            racing.recordPromotion({ requestId: r.id, by, now: at(10) }),
          ),
        );
        const ok = results.filter(
          x => x.status === 'fulfilled',
        ) as PromiseFulfilledResult<any>[];
        const failed = results.filter(
          x => x.status === 'rejected',
        ) as PromiseRejectedResult[];
        expect(ok).toHaveLength(1);
        expect(failed).toHaveLength(1);
        expect(failed[0].reason).toBeInstanceOf(ConflictError);
        expect(failed[0].reason.message).toMatch(
          /already the latest promotion to production|recorded concurrently/,
        );
        expect(await count(knex('modelops_approval_promotions'))).toBe(1);
        // and sequentially: refused, naming the promotion and the request it came from
        const loser = ok[0].value.promotion.requestId === a.id ? b : a;
        await expect(
          store.recordPromotion({ requestId: loser.id, by, now: at(11) }),
        ).rejects.toThrow(
          new RegExp(
            `3\\.3\\.0 is already the latest promotion to production \\(promotion ${ok[0].value.promotion.id}, request ${ok[0].value.promotion.requestId}\\); request ${loser.id}`,
          ),
        );

        // 3.4.0 replaces it, then a rollback to 3.3.0 is a new, legitimate promotion
        const c = await store.createRequest(
          newRequest({
            modelVersion: '3.4.0',
            createdAt: at(20).toISOString(),
          }),
          by,
        );
        await approve(store, c.id, 21);
        await store.recordPromotion({ requestId: c.id, by, now: at(25) });
        const rollback = await store.createRequest(
          newRequest({ createdAt: at(30).toISOString() }),
          by,
        );
        await approve(store, rollback.id, 31);
        expect(
          (
            await store.recordPromotion({
              requestId: rollback.id,
              by,
              now: at(35),
            })
          ).created,
        ).toBe(true);
        expect(
          (
            await store.listPromotions('model:default/credit-default-scorer')
          ).map(p => p.modelVersion),
        ).toEqual(['3.3.0', '3.4.0', '3.3.0']);
        expect(await store.verifyAuditChain()).toMatchObject({
          valid: true,
          stateMismatches: [],
        });

        // the database refuses a second promotion following the same one
        const latest = await knex('modelops_approval_promotions')
          .where({ request_id: rollback.id })
          .first();
        const previous = latest.previous_promotion_id;
        expect(
          await attempt(
            knex('modelops_approval_promotions').insert({
              ...latest,
              id: 'forged',
              request_id: loser.id,
              previous_promotion_id: previous,
            }),
          ),
        ).toMatch(/unique|UNIQUE/);
      });

      it('the migration cancels duplicate pending requests left by the old race, with audit events, and the chain stays valid', async () => {
        const knex = await databases.init(databaseId);
        // one migration at a time, up to the one that creates the approvals tables
        while (!(await knex.schema.hasTable('modelops_audit_head')))
          await knex.migrate.up({ directory: migrationsDir });
        const old = new DatabaseApprovalStore(knex); // without the index, duplicates insert like on the old code
        const keep = await old.createRequest(newRequest(), by);
        const dup1 = await old.createRequest(
          newRequest({ createdAt: at(1).toISOString() }),
          by,
        );
        const dup2 = await old.createRequest(
          newRequest({ createdAt: at(2).toISOString() }),
          by,
        );
        await knex.migrate.latest({ directory: migrationsDir });
        const store = new DatabaseApprovalStore(knex);
        expect((await store.getRequest(keep.id))?.state).toBe('pending');
        expect((await store.getRequest(dup1.id))?.state).toBe('cancelled');
        expect((await store.getRequest(dup2.id))?.state).toBe('cancelled');
        const cancelled = (await store.listAuditEvents()).items.filter(
          e => e.type === 'request.cancelled',
        );
        expect(cancelled.map(e => [e.requestId, e.actor])).toEqual([
          [dup1.id, 'system:modelops-migration'],
          [dup2.id, 'system:modelops-migration'],
        ]);
        expect(cancelled[0].comment).toContain(
          `duplicate of pending request ${keep.id}`,
        );
        expect(await store.verifyAuditChain()).toMatchObject({
          valid: true,
          checked: 5,
          stateMismatches: [],
        });
        await expect(
          store.createRequest(
            newRequest({ createdAt: at(3).toISOString() }),
            by,
          ),
        ).rejects.toThrow(`request ${keep.id} for`);
      });
    });

    describe('item 7: request state is checked against the audit chain', () => {
      it('a rejected request set to approved in the database: verify reports it, promotion is refused', async () => {
        const { knex, store } = await createStore();
        const r = await store.createRequest(newRequest(), by);
        await store.decide({
          requestId: r.id,
          approver: user('fatima.haddad', [MRM]),
          decision: 'reject',
          comment: 'no',
          client: null,
          now: at(1),
        });
        await knex('modelops_approval_requests')
          .where({ id: r.id })
          .update({ state: 'approved' });

        const result = await store.verifyAuditChain();
        expect(result).toMatchObject({ valid: false, firstBroken: null });
        expect(result.stateMismatches).toEqual([
          {
            requestId: r.id,
            column: 'state',
            database: 'approved',
            chain: 'rejected',
          },
        ]);
        await expect(
          store.recordPromotion({ requestId: r.id, by, now: at(2) }),
        ).rejects.toThrow(ConflictError);
        await expect(
          store.recordPromotion({ requestId: r.id, by, now: at(2) }),
        ).rejects.toThrow(
          `request ${r.id} does not match the audit chain (state: database "approved", chain "rejected")`,
        );
        expect(await count(knex('modelops_approval_promotions'))).toBe(0);
      });

      it('a decision inserted without events is reported and cannot promote', async () => {
        const { knex, store } = await createStore();
        const r = await store.createRequest(newRequest(), by);
        await store.decide({
          requestId: r.id,
          approver: user('fatima.haddad', [MRM]),
          decision: 'approve',
          comment: null,
          client: null,
          now: at(1),
        });
        await knex('modelops_approval_decisions').insert({
          id: 'forged-decision',
          request_id: r.id,
          decider: 'user:default/mallory',
          decision: 'approve',
          requirement_id: 'compliance',
          eligible_requirement_ids: '["compliance"]',
          comment: null,
          created_at: at(2),
        });
        await knex('modelops_approval_requests')
          .where({ id: r.id })
          .update({ state: 'approved', closed_at: at(2) });
        const mismatches = (await store.verifyAuditChain()).stateMismatches!;
        expect(mismatches.map(m => [m.requestId, m.column])).toEqual([
          [r.id, 'state'],
          [r.id, 'closed_at'],
          [r.id, 'decisions'],
        ]);
        await expect(
          store.recordPromotion({ requestId: r.id, by, now: at(3) }),
        ).rejects.toThrow(
          /state: database "approved", chain "pending".*decisions: database/,
        );
      });

      it('a pending request with its requirements edited down is reported', async () => {
        const { knex, store } = await createStore();
        const r = await store.createRequest(newRequest(), by);
        await knex('modelops_approval_requests')
          .where({ id: r.id })
          .update({
            requirements: JSON.stringify([
              { id: 'model-risk', groups: [MRM], count: 1 },
            ]),
          });
        expect(
          (await store.verifyAuditChain()).stateMismatches!.map(m => m.column),
        ).toEqual(['requirements']);
      });

      it('request and promotion rows deleted or forged are reported; a deleted promotion cannot be recorded again', async () => {
        const { knex, store } = await createStore();
        const promoted = await store.createRequest(newRequest(), by);
        await approve(store, promoted.id);
        const { promotion } = await store.recordPromotion({
          requestId: promoted.id,
          by,
          now: at(5),
        });
        const gone = await store.createRequest(
          newRequest({ modelVersion: '9.9.9' }),
          by,
        );
        await store.cancel({
          requestId: gone.id,
          by,
          comment: null,
          now: at(6),
        });

        await knex('modelops_approval_promotions')
          .where({ id: promotion.id })
          .delete();
        await knex('modelops_approval_requests')
          .where({ id: gone.id })
          .delete();
        const row = await knex('modelops_approval_requests')
          .where({ id: promoted.id })
          .first();
        await knex('modelops_approval_requests').insert({
          ...row,
          id: 'forged-request',
          model_version: '4.0.0',
          promoted_at: null,
        });

        const result = await store.verifyAuditChain();
        expect(result.valid).toBe(false);
        expect(result.stateMismatches).toEqual(
          expect.arrayContaining([
            {
              requestId: promoted.id,
              column: 'promotion',
              database: null,
              chain: `${promotion.id} 3.3.0 production user:default/priya.raman`,
            },
            {
              requestId: 'forged-request',
              column: 'row',
              database: 'approved',
              chain: null,
            },
            {
              requestId: gone.id,
              column: 'row',
              database: null,
              chain: 'cancelled',
            },
          ]),
        );
        await expect(
          store.recordPromotion({ requestId: promoted.id, by, now: at(7) }),
        ).rejects.toThrow(/promotion: database null, chain/);
        await expect(
          store.recordPromotion({
            requestId: 'forged-request',
            by,
            now: at(7),
          }),
        ).rejects.toThrow(
          'request forged-request does not match the audit chain (row: database "approved", chain null)',
        );
      });

      it('a forged approval event appended without the chain head is refused at promotion', async () => {
        const { knex, store } = await createStore();
        const r = await store.createRequest(newRequest(), by);
        await store.decide({
          requestId: r.id,
          approver: user('fatima.haddad', [MRM]),
          decision: 'reject',
          comment: null,
          client: null,
          now: at(1),
        });
        // The attacker hashes a valid-looking 'request.approved' event onto the end but cannot (or forgets to) move the head.
        const last = await knex(EVENTS).orderBy('seq', 'desc').first();
        const forged = chainAuditEvent(
          {
            type: 'request.approved',
            requestId: r.id,
            modelRef: r.modelRef,
            actor: 'user:default/noah.klein',
            client: null,
            comment: null,
            payload: {},
            createdAt: at(2).toISOString(),
          },
          {
            seq: Number(last.seq) + 1,
            id: 'forged-event',
            prevHash: last.hash,
          },
          sha256Hex,
        );
        // (it still cannot make the rejection disappear: the replay sees approved after rejected)
        await knex(EVENTS).insert({
          seq: forged.seq,
          id: forged.id,
          type: forged.type,
          request_id: forged.requestId,
          model_ref: forged.modelRef,
          actor: forged.actor,
          client: null,
          comment: null,
          payload: '{}',
          created_at: forged.createdAt,
          prev_hash: forged.prevHash,
          hash: forged.hash,
        });
        await knex('modelops_approval_requests')
          .where({ id: r.id })
          .update({ state: 'approved' });
        await expect(
          store.recordPromotion({ requestId: r.id, by, now: at(3) }),
        ).rejects.toThrow(
          `request ${r.id} does not match the audit chain (event #${forged.seq} is not linked from the chain head)`,
        );
        expect(await store.verifyAuditChain()).toMatchObject({
          valid: false,
          firstBroken: { reason: 'sequence-gap' },
        });
      });
    });
  },
);
