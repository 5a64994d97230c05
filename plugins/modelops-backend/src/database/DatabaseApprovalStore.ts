import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  applyAuditEvent,
  ApprovalDecision,
  ApprovalRequest,
  AuditChainVerification,
  AuditedRequest,
  AuditEventContent,
  AuditStateMismatch,
  canonicalJson,
  checkDecision,
  compareRequestWithAudit,
  DecisionRefusal,
  ListApprovalRequestsFilter,
  ItemsPage,
  ListAuditEventsFilter,
  missingRequestRow,
  ModelPromotion,
  replayAuditedRequests,
} from '@modelops/plugin-modelops-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import {
  ApprovalStore,
  AuditActor,
  DecisionResult,
  NewApprovalRequest,
} from './ApprovalStore';
import { DatabaseAuditLog } from './DatabaseAuditLog';
import { migratedClient } from './migrations';
import {
  decodePageCursor,
  encodePageCursor,
  pageOf,
  PAGE_DEFAULT_LIMIT,
  PAGE_MAX_LIMIT,
} from './pageCursors';
import { toBool, toIso, toIsoOrNull } from './timestamps';

const REQUESTS = 'modelops_approval_requests';
const DECISIONS = 'modelops_approval_decisions';
const PROMOTIONS = 'modelops_approval_promotions';
/** `previous_promotion_id` of the first promotion of a model to a stage. */
const FIRST_PROMOTION = 'genesis';
/** Verification reports at most this many request rows that disagree with the chain. */
const MAX_STATE_MISMATCHES = 1000;
const SYSTEM = { actor: 'system:modelops', client: null };
/**
 * Refusals of segregation of duties that leave evidence in the chain (`decision.refused`). Not a
 * request that is closed, expired or whose roles are full: those are races and retries, not an
 * attempt to get around the rules, and they are answered 409 as before (the Backstage auditor still
 * logs every refused call).
 */
const AUDITED_REFUSALS: ReadonlySet<DecisionRefusal> = new Set([
  'self-decision',
  'already-decided',
  'owner-not-allowed',
  'not-eligible',
]);

/** A unique index of `table` refused the write (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE). */
function isUniqueViolation(e: unknown, table: string): boolean {
  const err = e as { code?: unknown; table?: unknown; message?: unknown };
  if (err?.code === '23505') return err.table === table;
  return (
    /UNIQUE constraint failed/.test(String(err?.message)) &&
    String(err?.message).includes(`${table}.`)
  );
}

const describeMismatch = (m: AuditStateMismatch) =>
  `${m.column}: database ${canonicalJson(m.database)}, chain ${canonicalJson(
    m.chain,
  )}`;

const norm = (ref: string) => ref.toLocaleLowerCase('en-US');

function rowToDecision(row: Record<string, any>): ApprovalDecision {
  return {
    id: row.id,
    requestId: row.request_id,
    decider: row.decider,
    decision: row.decision,
    requirementId: row.requirement_id ?? null,
    eligibleRequirementIds: JSON.parse(row.eligible_requirement_ids),
    comment: row.comment ?? null,
    createdAt: toIso(row.created_at),
  };
}

function rowToRequest(
  row: Record<string, any>,
  decisions: ApprovalDecision[],
): ApprovalRequest {
  return {
    id: row.id,
    modelRef: row.model_ref,
    modelVersion: row.model_version,
    fromStage: row.from_stage ?? null,
    toStage: row.to_stage,
    requester: row.requester,
    justification: row.justification,
    links: JSON.parse(row.links),
    ownerRef: row.owner_ref ?? null,
    riskTier: row.risk_tier ?? null,
    policyId: row.policy_id,
    requirements: JSON.parse(row.requirements),
    allowOwnerApproval: toBool(row.allow_owner_approval),
    state: row.state,
    createdAt: toIso(row.created_at),
    expiresAt: toIso(row.expires_at),
    closedAt: toIsoOrNull(row.closed_at),
    decisions,
    promotedAt: toIsoOrNull(row.promoted_at),
  };
}

function rowToPromotion(row: Record<string, any>): ModelPromotion {
  return {
    id: row.id,
    requestId: row.request_id,
    modelRef: row.model_ref,
    modelVersion: row.model_version,
    fromStage: row.from_stage ?? null,
    toStage: row.to_stage,
    promotedBy: row.promoted_by,
    createdAt: toIso(row.created_at),
  };
}

/** The cursor after `request` in the listing of requests (newest first by createdAt, id). */
export const requestCursor = (request: ApprovalRequest) =>
  encodePageCursor('requests', [request.createdAt, request.id]);

const decodeRequestCursor = (cursor: string) =>
  decodePageCursor<[string, string]>('requests', cursor, ['date', 'string']);

/** {@link ApprovalStore} on PostgreSQL or SQLite through knex. */
export class DatabaseApprovalStore implements ApprovalStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseApprovalStore> {
    return new DatabaseApprovalStore(await migratedClient(options.database));
  }

  private readonly audit: DatabaseAuditLog;

  constructor(private readonly knex: Knex) {
    this.audit = new DatabaseAuditLog(knex);
  }

  private get isPg() {
    return this.knex.client.config.client === 'pg';
  }

  /** Reads a request row, locking it for the rest of the transaction on PostgreSQL. */
  private async lockRequest(
    trx: Knex.Transaction,
    id: string,
  ): Promise<ApprovalRequest> {
    const query = trx(REQUESTS).where({ id }).first();
    const row = await (this.isPg ? query.forUpdate() : query);
    if (!row) throw new NotFoundError(`no approval request ${id}`);
    const decisions = await trx(DECISIONS)
      .where({ request_id: id })
      .orderBy([{ column: 'created_at' }, { column: 'id' }]);
    return rowToRequest(row, decisions.map(rowToDecision));
  }

  private static event(
    request: ApprovalRequest,
    by: AuditActor,
    type: AuditEventContent['type'],
    createdAt: string,
    comment: string | null,
    payload: AuditEventContent['payload'] = {},
  ): AuditEventContent {
    return {
      type,
      requestId: request.id,
      modelRef: request.modelRef,
      actor: by.actor,
      client: by.client,
      comment,
      payload,
      createdAt,
    };
  }

  /** Marks a locked pending request expired, with its audit event. */
  private async markExpired(
    trx: Knex.Transaction,
    request: ApprovalRequest,
    now: Date,
  ) {
    await this.transition(trx, request, 'expired', now);
    await this.audit.append(trx, [
      DatabaseApprovalStore.event(
        request,
        SYSTEM,
        'request.expired',
        now.toISOString(),
        null,
        { expiresAt: request.expiresAt },
      ),
    ]);
  }

  /**
   * One pending request per (model, version, stage) is a partial unique index
   * (`modelops_approval_requests_one_pending`), so concurrent creates cannot both insert. A pending
   * request past its expiry no longer blocks: it is marked expired first, in the same transaction.
   */
  async createRequest(
    input: NewApprovalRequest,
    by: AuditActor,
  ): Promise<ApprovalRequest> {
    const id = randomUUID();
    const key = {
      model_ref: norm(input.modelRef),
      model_version: input.modelVersion,
      to_stage: input.toStage,
    };
    const now = new Date(input.createdAt);
    try {
      return await this.knex.transaction(async trx => {
        const stale = await trx(REQUESTS)
          .where({ ...key, state: 'pending' })
          .andWhere('expires_at', '<=', now)
          .select('id');
        for (const { id: staleId } of stale) {
          const request = await this.lockRequest(trx, staleId);
          if (request.state === 'pending')
            await this.markExpired(trx, request, now);
        }
        return await this.insertRequest(trx, id, input, by);
      });
    } catch (e) {
      if (!isUniqueViolation(e, REQUESTS)) throw e;
      // The other request committed before the index refused ours, so it is visible now.
      const pending = await this.knex(REQUESTS)
        .where({ ...key, state: 'pending' })
        .first();
      throw new ConflictError(
        `request ${pending?.id ?? '(closed meanwhile; retry)'} for ${
          input.modelRef
        } ${input.modelVersion} → ${
          input.toStage
        } is already pending; decide or cancel it first`,
      );
    }
  }

  private async insertRequest(
    trx: Knex.Transaction,
    id: string,
    input: NewApprovalRequest,
    by: AuditActor,
  ): Promise<ApprovalRequest> {
    await trx(REQUESTS).insert({
      id,
      model_ref: norm(input.modelRef),
      model_version: input.modelVersion,
      from_stage: input.fromStage,
      to_stage: input.toStage,
      requester: norm(input.requester),
      justification: input.justification,
      links: JSON.stringify(input.links),
      owner_ref: input.ownerRef ? norm(input.ownerRef) : null,
      risk_tier: input.riskTier,
      policy_id: input.policyId,
      requirements: JSON.stringify(input.requirements),
      allow_owner_approval: input.allowOwnerApproval,
      state: 'pending',
      revision: 0,
      created_at: new Date(input.createdAt),
      expires_at: new Date(input.expiresAt),
    });
    const request = await this.lockRequest(trx, id);
    await this.audit.append(trx, [
      DatabaseApprovalStore.event(
        request,
        by,
        'request.created',
        request.createdAt,
        input.justification,
        {
          modelVersion: request.modelVersion,
          fromStage: request.fromStage,
          toStage: request.toStage,
          policyId: request.policyId,
          requirements: request.requirements.map(r => ({
            id: r.id,
            groups: r.groups,
            count: r.count,
          })),
          expiresAt: request.expiresAt,
          links: request.links.map(l => ({
            url: l.url,
            title: l.title ?? null,
          })),
        },
      ),
    ]);
    return request;
  }

  async getRequest(id: string): Promise<ApprovalRequest | undefined> {
    const row = await this.knex(REQUESTS).where({ id }).first();
    if (!row) return undefined;
    const decisions = await this.knex(DECISIONS)
      .where({ request_id: id })
      .orderBy([{ column: 'created_at' }, { column: 'id' }]);
    return rowToRequest(row, decisions.map(rowToDecision));
  }

  async listRequests(
    options: ListApprovalRequestsFilter = {},
  ): Promise<ItemsPage<ApprovalRequest>> {
    const limit = Math.min(options.limit ?? PAGE_DEFAULT_LIMIT, PAGE_MAX_LIMIT);
    const query = this.knex(REQUESTS)
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit + 1);
    if (options.modelRef) query.where({ model_ref: norm(options.modelRef) });
    if (options.modelVersion)
      query.where({ model_version: options.modelVersion });
    if (options.state) query.where({ state: options.state });
    if (options.requester) query.where({ requester: norm(options.requester) });
    if (options.cursor) {
      const [createdAt, id] = decodeRequestCursor(options.cursor);
      const at = new Date(createdAt);
      // (created_at, id) < (at, id), spelled out: SQLite and PostgreSQL both use the index for it.
      query.where(q =>
        q
          .where('created_at', '<', at)
          .orWhere(q2 =>
            q2.where('created_at', '=', at).andWhere('id', '<', id),
          ),
      );
    }
    const rows = await query;
    if (rows.length === 0) return { items: [] };
    const page = rows.slice(0, limit);
    const decisionRows = await this.knex(DECISIONS)
      .whereIn(
        'request_id',
        page.map(r => r.id),
      )
      .orderBy([{ column: 'created_at' }, { column: 'id' }]);
    const byRequest = new Map<string, ApprovalDecision[]>();
    for (const d of decisionRows.map(rowToDecision)) {
      const list = byRequest.get(d.requestId);
      if (list) list.push(d);
      else byRequest.set(d.requestId, [d]);
    }
    return pageOf(
      rows.map(r => rowToRequest(r, byRequest.get(r.id) ?? [])),
      limit,
      requestCursor,
    );
  }

  /** Moves a pending request to a final state, conditionally on it still being pending at `revision`. */
  private async transition(
    trx: Knex.Transaction,
    request: ApprovalRequest,
    state: ApprovalRequest['state'],
    now: Date,
  ) {
    const updated = await trx(REQUESTS)
      .where({ id: request.id, state: 'pending' })
      .update({
        state,
        closed_at: state === 'pending' ? null : now,
        revision: trx.raw('revision + 1'),
      });
    if (updated !== 1) {
      throw new ConflictError(
        `request ${request.id} changed concurrently; retry`,
      );
    }
  }

  async decide(input: {
    requestId: string;
    approver: { userRef: string; groupRefs: string[] };
    decision: 'approve' | 'reject';
    comment: string | null;
    client: string | null;
    now: Date;
  }): Promise<DecisionResult> {
    const { now } = input;
    const by = { actor: norm(input.approver.userRef), client: input.client };
    const outcome = await this.knex.transaction(async trx => {
      const request = await this.lockRequest(trx, input.requestId);
      if (
        request.state === 'pending' &&
        Date.parse(request.expiresAt) <= now.getTime()
      ) {
        await this.markExpired(trx, request, now);
      }
      const check = checkDecision(request, input.approver, input.decision, now);
      if (!check.allowed) {
        if (AUDITED_REFUSALS.has(check.reason)) {
          await this.auditRefusal(trx, request, by, {
            decision: input.decision,
            reason: check.reason,
            message: check.message,
            groups: [...input.approver.groupRefs].map(norm).sort(),
            at: now,
          });
        }
        return { refused: { reason: check.reason, message: check.message } };
      }
      const decision: ApprovalDecision = {
        id: randomUUID(),
        requestId: request.id,
        decider: by.actor,
        decision: input.decision,
        requirementId: check.requirementId,
        eligibleRequirementIds: check.eligibleRequirementIds,
        comment: input.comment,
        createdAt: now.toISOString(),
      };
      await trx(DECISIONS).insert({
        id: decision.id,
        request_id: decision.requestId,
        decider: decision.decider,
        decision: decision.decision,
        requirement_id: decision.requirementId,
        eligible_requirement_ids: JSON.stringify(
          decision.eligibleRequirementIds,
        ),
        comment: decision.comment,
        created_at: now,
      });
      const events: AuditEventContent[] = [
        DatabaseApprovalStore.event(
          request,
          by,
          'decision.recorded',
          decision.createdAt,
          input.comment,
          {
            decisionId: decision.id,
            decision: decision.decision,
            requirementId: decision.requirementId,
            eligibleRequirementIds: decision.eligibleRequirementIds,
            groups: [...input.approver.groupRefs].map(norm).sort(),
          },
        ),
      ];
      if (check.nextState !== 'pending') {
        await this.transition(trx, request, check.nextState, now);
        events.push(
          DatabaseApprovalStore.event(
            request,
            by,
            check.nextState === 'approved'
              ? 'request.approved'
              : 'request.rejected',
            decision.createdAt,
            null,
            {
              decisions: [...request.decisions, decision].map(d => ({
                decider: d.decider,
                decision: d.decision,
              })),
            },
          ),
        );
      } else {
        await trx(REQUESTS)
          .where({ id: request.id })
          .update({ revision: trx.raw('revision + 1') });
      }
      await this.audit.append(trx, events);
      return {
        result: { request: await this.lockRequest(trx, request.id), decision },
      };
    });
    if ('refused' in outcome && outcome.refused) {
      const { reason, message } = outcome.refused;
      if (
        reason === 'not-pending' ||
        reason === 'expired' ||
        reason === 'already-decided' ||
        reason === 'roles-filled'
      ) {
        throw new ConflictError(message);
      }
      throw new NotAllowedError(message);
    }
    return outcome.result!;
  }

  /**
   * Appends a `decision.refused` event for a refused attempt, in the decision's transaction (the
   * request row is locked, so concurrent attempts on the same request are serialized), unless the
   * chain already records the same refusal (same actor, same request, same reason). Bounded: at
   * most one event per person, pending request and reason, however often a caller retries, so
   * repeated attempts cannot flood the chain; every attempt still reaches the Backstage auditor.
   * The request's row and state are not touched. Returns whether an event was appended.
   */
  private async auditRefusal(
    trx: Knex.Transaction,
    request: ApprovalRequest,
    by: AuditActor,
    refusal: {
      decision: string;
      reason: DecisionRefusal;
      message: string;
      groups: string[];
      at: Date;
    },
  ): Promise<boolean> {
    const earlier = await this.audit.eventsOfRequest(trx, request.id, {
      type: 'decision.refused',
      actor: by.actor,
    });
    if (earlier.some(e => e.payload.reason === refusal.reason)) return false;
    await this.audit.append(trx, [
      DatabaseApprovalStore.event(
        request,
        by,
        'decision.refused',
        refusal.at.toISOString(),
        // The caller's comment is not kept: a refused caller cannot write text into the chain.
        null,
        {
          decision: refusal.decision,
          reason: refusal.reason,
          message: refusal.message,
          groups: refusal.groups,
        },
      ),
    ]);
    return true;
  }

  async cancel(input: {
    requestId: string;
    by: AuditActor;
    comment: string | null;
    now: Date;
  }): Promise<ApprovalRequest> {
    return this.knex.transaction(async trx => {
      const request = await this.lockRequest(trx, input.requestId);
      if (request.state !== 'pending') {
        throw new ConflictError(
          `request ${request.id} is ${request.state}; only pending requests can be cancelled`,
        );
      }
      await this.transition(trx, request, 'cancelled', input.now);
      await this.audit.append(trx, [
        DatabaseApprovalStore.event(
          request,
          { ...input.by, actor: norm(input.by.actor) },
          'request.cancelled',
          input.now.toISOString(),
          input.comment,
        ),
      ]);
      return this.lockRequest(trx, request.id);
    });
  }

  async expireDue(now: Date): Promise<ApprovalRequest[]> {
    const due = await this.knex(REQUESTS)
      .where({ state: 'pending' })
      .andWhere('expires_at', '<=', now)
      .select('id');
    const expired: ApprovalRequest[] = [];
    for (const { id } of due) {
      const result = await this.knex.transaction(async trx => {
        const request = await this.lockRequest(trx, id);
        if (
          request.state !== 'pending' ||
          Date.parse(request.expiresAt) > now.getTime()
        )
          return undefined;
        await this.markExpired(trx, request, now);
        return this.lockRequest(trx, id);
      });
      if (result) expired.push(result);
    }
    return expired;
  }

  /**
   * Refuses unless the audit chain shows this request approved with exactly the stored decisions and
   * not yet promoted: a row edited without events (state, decisions, requirements, ...) cannot
   * promote. The request's events are checked as genuine links of the chain (hash, predecessor,
   * successor or head) without re-hashing the whole chain.
   */
  private async checkAgainstChain(
    trx: Knex.Transaction,
    request: ApprovalRequest,
  ) {
    const refuse = (why: string) =>
      new ConflictError(
        `request ${request.id} does not match the audit chain (${why}); refusing to record a promotion. Run GET /approvals/audit/verify and investigate`,
      );
    const events = await this.audit.eventsOfRequest(trx, request.id);
    const broken = await this.audit.checkLinks(trx, events);
    if (broken) throw refuse(broken);
    const mismatches = compareRequestWithAudit(
      request,
      null,
      replayAuditedRequests(events).get(request.id),
    );
    if (mismatches.length > 0)
      throw refuse(mismatches.map(describeMismatch).join('; '));
  }

  /** The promotion of the model to the stage that no other promotion follows yet. */
  private async latestPromotion(
    trx: Knex.Transaction,
    modelRef: string,
    toStage: string,
  ) {
    return trx({ p: PROMOTIONS })
      .where({ 'p.model_ref': modelRef, 'p.to_stage': toStage })
      .whereNotExists(
        trx({ q: PROMOTIONS })
          .select('q.id')
          .whereRaw('?? = ??', ['q.previous_promotion_id', 'p.id']),
      )
      .first('p.*');
  }

  /**
   * At most one promotion per request (unique `request_id`), and the promotions of a model to a
   * stage form one linear history (unique `(model_ref, to_stage, previous_promotion_id)`): a version
   * that is already the latest in that stage is refused (a duplicate request cannot promote it
   * twice), but it can be promoted again after another version replaced it (a rollback).
   */
  async recordPromotion(input: {
    requestId: string;
    by: AuditActor;
    now: Date;
  }): Promise<{ promotion: ModelPromotion; created: boolean }> {
    try {
      return await this.knex.transaction(async trx => {
        const request = await this.lockRequest(trx, input.requestId);
        const existing = await trx(PROMOTIONS)
          .where({ request_id: request.id })
          .first();
        if (existing)
          return { promotion: rowToPromotion(existing), created: false };
        if (request.state !== 'approved') {
          throw new ConflictError(
            `request ${request.id} is ${request.state}; a version is promoted only through an approved request`,
          );
        }
        await this.checkAgainstChain(trx, request);
        const latest = await this.latestPromotion(
          trx,
          request.modelRef,
          request.toStage,
        );
        if (latest && latest.model_version === request.modelVersion) {
          throw new ConflictError(
            `${request.modelRef} ${request.modelVersion} is already the latest promotion to ${request.toStage} (promotion ${latest.id}, request ${latest.request_id}); request ${request.id} cannot promote it again`,
          );
        }
        const promotion: ModelPromotion = {
          id: randomUUID(),
          requestId: request.id,
          modelRef: request.modelRef,
          modelVersion: request.modelVersion,
          fromStage: request.fromStage,
          toStage: request.toStage,
          promotedBy: norm(input.by.actor),
          createdAt: input.now.toISOString(),
        };
        await trx(PROMOTIONS).insert({
          id: promotion.id,
          request_id: promotion.requestId,
          model_ref: promotion.modelRef,
          model_version: promotion.modelVersion,
          from_stage: promotion.fromStage,
          to_stage: promotion.toStage,
          promoted_by: promotion.promotedBy,
          previous_promotion_id: latest?.id ?? FIRST_PROMOTION,
          created_at: input.now,
        });
        await trx(REQUESTS)
          .where({ id: request.id })
          .update({ promoted_at: input.now });
        await this.audit.append(trx, [
          DatabaseApprovalStore.event(
            request,
            { ...input.by, actor: norm(input.by.actor) },
            'promotion.recorded',
            promotion.createdAt,
            null,
            {
              promotionId: promotion.id,
              modelVersion: promotion.modelVersion,
              fromStage: promotion.fromStage,
              toStage: promotion.toStage,
            },
          ),
        ]);
        return { promotion, created: true };
      });
    } catch (e) {
      if (!isUniqueViolation(e, PROMOTIONS)) throw e;
      throw new ConflictError(
        `another promotion to the same stage was recorded concurrently with request ${input.requestId}'s; retry`,
      );
    }
  }

  async listPromotions(modelRef: string): Promise<ModelPromotion[]> {
    const rows = await this.knex(PROMOTIONS)
      .where({ model_ref: norm(modelRef) })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    return rows.map(rowToPromotion);
  }

  async listPromotionsOf(modelRefs: string[]): Promise<ModelPromotion[]> {
    if (modelRefs.length === 0) return [];
    const rows = await this.knex(PROMOTIONS)
      .whereIn('model_ref', [...new Set(modelRefs.map(norm))])
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    return rows.map(rowToPromotion);
  }

  listAuditEvents(options?: ListAuditEventsFilter) {
    return this.audit.page(options);
  }

  /** The end of the chain ({seq, hash}), for an external job to record (anchoring). */
  auditHead() {
    return this.audit.head();
  }

  /**
   * Verifies the chain, then cross-checks every request row, its decisions and its promotion with
   * the state the chain records (`stateMismatches`; any makes the result invalid). Runs in one
   * read-only snapshot (REPEATABLE READ on PostgreSQL; a SQLite transaction), so requests changing
   * meanwhile are not reported as mismatches.
   */
  async verifyAuditChain(): Promise<AuditChainVerification> {
    return this.knex.transaction(
      async trx => {
        const audited = new Map<string, AuditedRequest>();
        const result = await this.audit.verify({
          db: trx,
          onEvent: e => applyAuditEvent(audited, e),
        });
        // State is only compared with an intact chain.
        if (!result.valid) return { ...result, stateMismatches: [] };
        const stateMismatches = await this.crossCheck(trx, audited);
        return {
          ...result,
          valid: stateMismatches.length === 0,
          stateMismatches,
        };
      },
      this.isPg
        ? { isolationLevel: 'repeatable read', readOnly: true }
        : undefined,
    );
  }

  private async crossCheck(
    trx: Knex.Transaction,
    audited: Map<string, AuditedRequest>,
  ): Promise<AuditStateMismatch[]> {
    const out: AuditStateMismatch[] = [];
    let after = '';
    for (;;) {
      const rows = await trx(REQUESTS)
        .where('id', '>', after)
        .orderBy('id')
        .limit(500);
      if (rows.length === 0) break;
      const ids = rows.map(r => r.id as string);
      const decisions = new Map<string, ApprovalDecision[]>();
      for (const d of (await trx(DECISIONS).whereIn('request_id', ids)).map(
        rowToDecision,
      )) {
        decisions.set(d.requestId, [...(decisions.get(d.requestId) ?? []), d]);
      }
      const promotions = new Map<string, ModelPromotion>();
      for (const p of (await trx(PROMOTIONS).whereIn('request_id', ids)).map(
        rowToPromotion,
      ))
        promotions.set(p.requestId, p);
      for (const row of rows) {
        out.push(
          ...compareRequestWithAudit(
            rowToRequest(row, decisions.get(row.id) ?? []),
            promotions.get(row.id) ?? null,
            audited.get(row.id),
          ),
        );
        audited.delete(row.id);
      }
      after = ids[ids.length - 1];
    }
    // Requests the chain records but whose rows are gone.
    for (const r of audited.values()) out.push(missingRequestRow(r));
    return out.slice(0, MAX_STATE_MISMATCHES);
  }
}
