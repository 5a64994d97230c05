import { TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import { DatabaseApprovalStore } from './DatabaseApprovalStore';
import { NewApprovalRequest } from './ApprovalStore';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const MRM = 'group:default/model-risk-management';
const COMPLIANCE = 'group:default/compliance';
const T0 = new Date('2026-11-22T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function newRequest(
  overrides: Partial<NewApprovalRequest> = {},
): NewApprovalRequest {
  return {
    modelRef: 'model:default/Credit-Default-Scorer',
    modelVersion: '3.3.0',
    fromStage: 'staging',
    toStage: 'production',
    requester: 'user:default/priya.raman',
    justification: 'AUC +0.006 on the 2026 holdout',
    links: [{ url: 'https://mlflow.acme.example/runs/1', title: 'evaluation' }],
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

const by = { actor: 'user:default/priya.raman', client: 'test' };
const user = (name: string, groups: string[]) => ({
  userRef: `user:default/${name}`,
  groupRefs: groups,
});

describe.each(databases.eachSupportedId())(
  'DatabaseApprovalStore on %s',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseApprovalStore.create({
        database: { getClient: async () => knex, migrations: { skip: false } },
      });
      return { knex, store };
    }

    it('creates a request, records decisions, approves when every role is filled, and audits each step', async () => {
      const { store } = await createStore();
      const created = await store.createRequest(newRequest(), by);
      expect(created).toMatchObject({
        modelRef: 'model:default/credit-default-scorer',
        state: 'pending',
        decisions: [],
        allowOwnerApproval: false,
        expiresAt: '2026-11-23T10:00:00.000Z',
      });
      await expect(store.createRequest(newRequest(), by)).rejects.toThrow(
        ConflictError,
      );

      const first = await store.decide({
        requestId: created.id,
        approver: user('fatima.haddad', [MRM]),
        decision: 'approve',
        comment: 'validated',
        client: 'web',
        now: at(5),
      });
      expect(first.request.state).toBe('pending');
      expect(first.decision).toMatchObject({
        decider: 'user:default/fatima.haddad',
        requirementId: 'model-risk',
      });
      const second = await store.decide({
        requestId: created.id,
        approver: user('noah.klein', [COMPLIANCE]),
        decision: 'approve',
        comment: null,
        client: 'web',
        now: at(6),
      });
      expect(second.request).toMatchObject({
        state: 'approved',
        closedAt: at(6).toISOString(),
      });
      expect(second.request.decisions.map(d => d.decider)).toEqual([
        'user:default/fatima.haddad',
        'user:default/noah.klein',
      ]);

      const { items: events } = await store.listAuditEvents({
        requestId: created.id,
      });
      expect(events.map(e => [e.seq, e.type, e.actor])).toEqual([
        [1, 'request.created', 'user:default/priya.raman'],
        [2, 'decision.recorded', 'user:default/fatima.haddad'],
        [3, 'decision.recorded', 'user:default/noah.klein'],
        [4, 'request.approved', 'user:default/noah.klein'],
      ]);
      expect(events[1]).toMatchObject({
        comment: 'validated',
        client: 'web',
        payload: { decision: 'approve', requirementId: 'model-risk' },
      });
      expect(await store.verifyAuditChain()).toMatchObject({
        valid: true,
        checked: 4,
        firstBroken: null,
      });
    });

    it('enforces segregation of duties in the store', async () => {
      const { store } = await createStore();
      const r = await store.createRequest(
        newRequest({ requester: 'user:default/fatima.haddad' }),
        by,
      );
      await expect(
        store.decide({
          requestId: r.id,
          approver: user('fatima.haddad', [MRM]),
          decision: 'approve',
          comment: null,
          client: null,
          now: at(1),
        }),
      ).rejects.toThrow(NotAllowedError);
      await store.decide({
        requestId: r.id,
        approver: user('grace.liu', [MRM, COMPLIANCE]),
        decision: 'approve',
        comment: null,
        client: null,
        now: at(2),
      });
      await expect(
        store.decide({
          requestId: r.id,
          approver: user('grace.liu', [MRM, COMPLIANCE]),
          decision: 'approve',
          comment: null,
          client: null,
          now: at(3),
        }),
      ).rejects.toThrow(/already decided/);
      await expect(
        store.decide({
          requestId: r.id,
          approver: user('x', ['group:default/genai-lab']),
          decision: 'reject',
          comment: null,
          client: null,
          now: at(3),
        }),
      ).rejects.toThrow(NotAllowedError);
      expect((await store.getRequest(r.id))?.state).toBe('pending');
    });

    it('records refused attempts (self-decision, second decision, non-member, owner) in the chain once per person, request and reason, without changing the request (issue 12 item 3)', async () => {
      const { store, knex } = await createStore();
      const r = await store.createRequest(newRequest(), by);
      const attempt = (
        approver: { userRef: string; groupRefs: string[] },
        decision: 'approve' | 'reject' = 'approve',
        comment: string | null = 'let me in',
      ) =>
        store.decide({
          requestId: r.id,
          approver,
          decision,
          comment,
          client: 'web',
          now: at(1),
        });
      const rowBefore = await knex('modelops_approval_requests')
        .where({ id: r.id })
        .first();

      // The requester, 20 times at once: every call is refused (403), one event is chained.
      const selfTries = await Promise.allSettled(
        Array.from({ length: 20 }, () => attempt(user('priya.raman', [MRM]))),
      );
      expect(
        selfTries.every(
          t => t.status === 'rejected' && t.reason instanceof NotAllowedError,
        ),
      ).toBe(true);
      await expect(
        attempt(user('x', ['group:default/genai-lab']), 'reject'),
      ).rejects.toThrow(NotAllowedError);
      await expect(
        attempt(user('tomas.novak', ['group:default/credit-risk-ds', MRM])),
      ).rejects.toThrow(/owning team/);
      await attempt(user('grace.liu', [MRM, COMPLIANCE]), 'approve', 'ok');
      for (let i = 0; i < 3; i++) {
        await expect(
          attempt(user('grace.liu', [MRM, COMPLIANCE])),
        ).rejects.toThrow(ConflictError);
      }

      const { items: events } = await store.listAuditEvents({
        requestId: r.id,
      });
      expect(
        events.map(e => [e.type, e.actor, e.payload.reason ?? null]),
      ).toEqual([
        ['request.created', 'user:default/priya.raman', null],
        ['decision.refused', 'user:default/priya.raman', 'self-decision'],
        ['decision.refused', 'user:default/x', 'not-eligible'],
        ['decision.refused', 'user:default/tomas.novak', 'owner-not-allowed'],
        ['decision.recorded', 'user:default/grace.liu', null],
        ['decision.refused', 'user:default/grace.liu', 'already-decided'],
      ]);
      expect(events[1]).toMatchObject({
        client: 'web',
        comment: null,
        payload: {
          decision: 'approve',
          message:
            'segregation of duties: the requester cannot decide on their own request',
          groups: [MRM],
        },
      });
      expect(events[2].payload.decision).toBe('reject');

      // The request is as the one accepted decision left it: pending, one decision, one revision more.
      const after = await store.getRequest(r.id);
      expect(after).toMatchObject({ state: 'pending', closedAt: null });
      expect(after!.decisions.map(d => d.decider)).toEqual([
        'user:default/grace.liu',
      ]);
      const rowAfter = await knex('modelops_approval_requests')
        .where({ id: r.id })
        .first();
      expect(Number(rowAfter.revision)).toBe(Number(rowBefore.revision) + 1);

      // The chain verifies, its replay agrees with the rows, and the request still completes.
      expect(await store.verifyAuditChain()).toMatchObject({
        valid: true,
        stateMismatches: [],
      });
      await attempt(user('fatima.haddad', [MRM]), 'approve', null);
      await expect(
        store.recordPromotion({ requestId: r.id, by, now: at(2) }),
      ).resolves.toMatchObject({ created: true });
      expect(await store.verifyAuditChain()).toMatchObject({ valid: true });
    });

    it('expires requests (on decision and in bulk) and records it', async () => {
      const { store } = await createStore();
      const a = await store.createRequest(
        newRequest({ expiresAt: at(10).toISOString() }),
        by,
      );
      await expect(
        store.decide({
          requestId: a.id,
          approver: user('fatima.haddad', [MRM]),
          decision: 'approve',
          comment: null,
          client: null,
          now: at(11),
        }),
      ).rejects.toThrow(/expired/);
      expect((await store.getRequest(a.id))?.state).toBe('expired');
      const b = await store.createRequest(
        newRequest({ modelVersion: '3.4.0', expiresAt: at(20).toISOString() }),
        by,
      );
      expect(await store.expireDue(at(19))).toEqual([]);
      expect((await store.expireDue(at(21))).map(r => r.id)).toEqual([b.id]);
      expect(
        (await store.listAuditEvents()).items.filter(
          e => e.type === 'request.expired',
        ),
      ).toHaveLength(2);
    });

    it('records a promotion only for an approved request, once', async () => {
      const { store } = await createStore();
      const r = await store.createRequest(newRequest(), by);
      await expect(
        store.recordPromotion({ requestId: r.id, by, now: at(1) }),
      ).rejects.toThrow(
        /is pending; a version is promoted only through an approved request/,
      );
      await store.decide({
        requestId: r.id,
        approver: user('fatima.haddad', [MRM]),
        decision: 'approve',
        comment: null,
        client: null,
        now: at(2),
      });
      await store.decide({
        requestId: r.id,
        approver: user('noah.klein', [COMPLIANCE]),
        decision: 'approve',
        comment: null,
        client: null,
        now: at(3),
      });
      const first = await store.recordPromotion({
        requestId: r.id,
        by,
        now: at(4),
      });
      const again = await store.recordPromotion({
        requestId: r.id,
        by,
        now: at(5),
      });
      expect(first.created).toBe(true);
      expect(again).toEqual({ promotion: first.promotion, created: false });
      expect(first.promotion).toMatchObject({
        modelRef: 'model:default/credit-default-scorer',
        modelVersion: '3.3.0',
        toStage: 'production',
        promotedBy: 'user:default/priya.raman',
      });
      expect(
        await store.listPromotions('model:default/credit-default-scorer'),
      ).toHaveLength(1);
      expect(
        await store.listPromotionsOf([
          'model:default/Credit-Default-Scorer',
          'model:default/never-promoted',
        ]),
      ).toEqual([first.promotion]);
      expect(await store.listPromotionsOf([])).toEqual([]);
      expect((await store.getRequest(r.id))?.promotedAt).toBe(
        at(4).toISOString(),
      );
    });

    it('cancels pending requests only', async () => {
      const { store } = await createStore();
      const r = await store.createRequest(newRequest(), by);
      expect(
        (
          await store.cancel({
            requestId: r.id,
            by,
            comment: 'wrong version',
            now: at(1),
          })
        ).state,
      ).toBe('cancelled');
      await expect(
        store.cancel({ requestId: r.id, by, comment: null, now: at(2) }),
      ).rejects.toThrow(ConflictError);
      // a new request for the same version is possible once the old one is closed
      await store.createRequest(
        newRequest({ createdAt: at(3).toISOString() }),
        by,
      );
      expect(
        (
          await store.listRequests({
            modelRef: 'model:default/credit-default-scorer',
          })
        ).items.map(x => x.state),
      ).toEqual(['pending', 'cancelled']);
    });

    it('100 concurrent approvals on one request: one final state, no lost or duplicated decision', async () => {
      const { store, knex } = await createStore();
      const r = await store.createRequest(newRequest(), by);
      const approvers = Array.from({ length: 100 }, (_, i) =>
        user(`approver-${i}`, [i % 2 ? MRM : COMPLIANCE]),
      );
      const results = await Promise.allSettled(
        approvers.map((a, i) =>
          store.decide({
            requestId: r.id,
            approver: a,
            decision: 'approve',
            comment: `#${i}`,
            client: null,
            now: at(1),
          }),
        ),
      );
      const ok = results.filter(
        x => x.status === 'fulfilled',
      ) as PromiseFulfilledResult<any>[];
      const failed = results.filter(
        x => x.status === 'rejected',
      ) as PromiseRejectedResult[];
      expect(ok).toHaveLength(2);
      expect(failed.every(f => f.reason instanceof ConflictError)).toBe(true);
      const final = await store.getRequest(r.id);
      expect(final?.state).toBe('approved');
      expect(new Set(final!.decisions.map(d => d.requirementId))).toEqual(
        new Set(['model-risk', 'compliance']),
      );
      const [{ n }] = await knex('modelops_approval_decisions')
        .where({ request_id: r.id })
        .count({ n: '*' });
      expect(Number(n)).toBe(2);
      expect(
        (await store.listAuditEvents({ requestId: r.id })).items.map(
          e => e.type,
        ),
      ).toEqual([
        'request.created',
        'decision.recorded',
        'decision.recorded',
        'request.approved',
      ]);
      expect(await store.verifyAuditChain()).toMatchObject({
        valid: true,
        checked: 4,
      });
    });

    it('100 concurrent mixed approve/reject calls (with repeats by the same people) end in exactly one final state', async () => {
      const { store, knex } = await createStore();
      const r = await store.createRequest(newRequest(), by);
      // 40 people, each calling 2-3 times; a third of them reject.
      const calls = Array.from({ length: 100 }, (_, i) => {
        const p = i % 40;
        return {
          approver: user(`p${p}`, [p % 2 ? MRM : COMPLIANCE]),
          decision: (p % 3 === 0 ? 'reject' : 'approve') as
            | 'approve'
            | 'reject',
        };
      });
      const results = await Promise.allSettled(
        calls.map(c =>
          store.decide({
            requestId: r.id,
            ...c,
            comment: null,
            client: null,
            now: at(1),
          }),
        ),
      );
      const ok = results.filter(
        x => x.status === 'fulfilled',
      ) as PromiseFulfilledResult<any>[];
      const final = (await store.getRequest(r.id))!;
      expect(['approved', 'rejected']).toContain(final.state);
      // every successful call is exactly one stored decision, by distinct people
      expect(final.decisions).toHaveLength(ok.length);
      expect(new Set(final.decisions.map(d => d.decider)).size).toBe(ok.length);
      expect(new Set(ok.map(o => o.value.decision.id))).toEqual(
        new Set(final.decisions.map(d => d.id)),
      );
      const rejects = final.decisions.filter(
        d => d.decision === 'reject',
      ).length;
      const approves = final.decisions.filter(
        d => d.decision === 'approve',
      ).length;
      // rejected: the one reject got in (and at most one approve before it); approved: both approves, no reject
      expect([
        { state: 'rejected', rejects: 1, approves: 0 },
        { state: 'rejected', rejects: 1, approves: 1 },
        { state: 'approved', rejects: 0, approves: 2 },
      ]).toContainEqual({ state: final.state, rejects, approves });
      const [{ n }] = await knex('modelops_approval_decisions').count({
        n: '*',
      });
      expect(Number(n)).toBe(ok.length);
      const { items: events } = await store.listAuditEvents({
        requestId: r.id,
      });
      expect(events.filter(e => e.type === 'decision.recorded')).toHaveLength(
        ok.length,
      );
      expect(
        events.filter(
          e => e.type === 'request.approved' || e.type === 'request.rejected',
        ),
      ).toHaveLength(1);
      expect(await store.verifyAuditChain()).toMatchObject({
        valid: true,
        checked: ok.length + 2,
      });
    });

    it('detects tampering: an edited, a deleted and a truncated audit row', async () => {
      const { store, knex } = await createStore();
      const r = await store.createRequest(newRequest(), by);
      await store.decide({
        requestId: r.id,
        approver: user('fatima.haddad', [MRM]),
        decision: 'approve',
        comment: 'ok',
        client: null,
        now: at(1),
      });
      await store.decide({
        requestId: r.id,
        approver: user('noah.klein', [COMPLIANCE]),
        decision: 'approve',
        comment: 'ok',
        client: null,
        now: at(2),
      });
      expect((await store.verifyAuditChain()).valid).toBe(true);

      await knex('modelops_audit_events')
        .where({ seq: 2 })
        .update({ comment: 'not ok' });
      expect(await store.verifyAuditChain()).toMatchObject({
        valid: false,
        checked: 1,
        firstBroken: { seq: 2, reason: 'hash-mismatch' },
      });
      await knex('modelops_audit_events')
        .where({ seq: 2 })
        .update({ comment: 'ok' });
      expect((await store.verifyAuditChain()).valid).toBe(true);

      await knex('modelops_audit_events').where({ seq: 3 }).delete();
      expect(await store.verifyAuditChain()).toMatchObject({
        valid: false,
        firstBroken: { seq: 4, reason: 'sequence-gap' },
      });
    });

    it('detects deleted trailing events through the chain head', async () => {
      const { store, knex } = await createStore();
      await store.createRequest(newRequest(), by);
      await store.createRequest(newRequest({ modelVersion: '9' }), by);
      await knex('modelops_audit_events').where({ seq: 2 }).delete();
      expect(await store.verifyAuditChain()).toMatchObject({
        valid: false,
        checked: 1,
        firstBroken: { reason: 'sequence-gap' },
      });
    });
  },
);
