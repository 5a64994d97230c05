import { DatabaseService, resolvePackagePath } from '@backstage/backend-plugin-api';
import { ConflictError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  ApprovalDecision,
  ApprovalRequest,
  AuditEventContent,
  checkDecision,
  ModelPromotion,
} from '@modelops/plugin-modelops-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import {
  ApprovalStore,
  AuditActor,
  DecisionResult,
  ListApprovalRequestsOptions,
  ListAuditEventsOptions,
  NewApprovalRequest,
} from './ApprovalStore';
import { DatabaseAuditLog } from './DatabaseAuditLog';

const migrationsDir = resolvePackagePath('@modelops/plugin-modelops-backend', 'migrations');

const REQUESTS = 'modelops_approval_requests';
const DECISIONS = 'modelops_approval_decisions';
const PROMOTIONS = 'modelops_approval_promotions';

/** Timestamps come back as Date (PostgreSQL), number or string (SQLite); always hand out ISO strings. */
function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  const s = String(value);
  return new Date(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(s) ? `${s.replace(' ', 'T')}Z` : s).toISOString();
}
const toIsoOrNull = (v: unknown) => (v === null || v === undefined ? null : toIso(v));
const toBool = (v: unknown) => v === true || v === 1 || v === '1';
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

function rowToRequest(row: Record<string, any>, decisions: ApprovalDecision[]): ApprovalRequest {
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

/** {@link ApprovalStore} on PostgreSQL or SQLite through knex. */
export class DatabaseApprovalStore implements ApprovalStore {
  static async create(options: { database: DatabaseService }): Promise<DatabaseApprovalStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseApprovalStore(knex);
  }

  private readonly audit: DatabaseAuditLog;

  constructor(private readonly knex: Knex) {
    this.audit = new DatabaseAuditLog(knex);
  }

  private get isPg() {
    return this.knex.client.config.client === 'pg';
  }

  /** Reads a request row, locking it for the rest of the transaction on PostgreSQL. */
  private async lockRequest(trx: Knex.Transaction, id: string): Promise<ApprovalRequest> {
    const query = trx(REQUESTS).where({ id }).first();
    const row = await (this.isPg ? query.forUpdate() : query);
    if (!row) throw new NotFoundError(`no approval request ${id}`);
    const decisions = await trx(DECISIONS).where({ request_id: id }).orderBy([{ column: 'created_at' }, { column: 'id' }]);
    return rowToRequest(row, decisions.map(rowToDecision));
  }

  private static event(request: ApprovalRequest, by: AuditActor, type: AuditEventContent['type'], createdAt: string, comment: string | null, payload: AuditEventContent['payload'] = {}): AuditEventContent {
    return { type, requestId: request.id, modelRef: request.modelRef, actor: by.actor, client: by.client, comment, payload, createdAt };
  }

  async createRequest(input: NewApprovalRequest, by: AuditActor): Promise<ApprovalRequest> {
    const id = randomUUID();
    return this.knex.transaction(async trx => {
      const pending = await trx(REQUESTS)
        .where({ model_ref: norm(input.modelRef), model_version: input.modelVersion, to_stage: input.toStage, state: 'pending' })
        .andWhere('expires_at', '>', new Date(input.createdAt))
        .first();
      if (pending) {
        throw new ConflictError(
          `request ${pending.id} for ${input.modelRef} ${input.modelVersion} → ${input.toStage} is already pending; decide or cancel it first`,
        );
      }
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
        DatabaseApprovalStore.event(request, by, 'request.created', request.createdAt, input.justification, {
          modelVersion: request.modelVersion,
          fromStage: request.fromStage,
          toStage: request.toStage,
          policyId: request.policyId,
          requirements: request.requirements.map(r => ({ id: r.id, groups: r.groups, count: r.count })),
          expiresAt: request.expiresAt,
          links: request.links.map(l => ({ url: l.url, title: l.title ?? null })),
        }),
      ]);
      return request;
    });
  }

  async getRequest(id: string): Promise<ApprovalRequest | undefined> {
    const row = await this.knex(REQUESTS).where({ id }).first();
    if (!row) return undefined;
    const decisions = await this.knex(DECISIONS).where({ request_id: id }).orderBy([{ column: 'created_at' }, { column: 'id' }]);
    return rowToRequest(row, decisions.map(rowToDecision));
  }

  async listRequests(options: ListApprovalRequestsOptions = {}): Promise<ApprovalRequest[]> {
    const query = this.knex(REQUESTS)
      .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }])
      .limit(Math.min(options.limit ?? 100, 1000));
    if (options.modelRef) query.where({ model_ref: norm(options.modelRef) });
    if (options.modelVersion) query.where({ model_version: options.modelVersion });
    if (options.state) query.where({ state: options.state });
    if (options.requester) query.where({ requester: norm(options.requester) });
    const rows = await query;
    if (rows.length === 0) return [];
    const decisionRows = await this.knex(DECISIONS)
      .whereIn('request_id', rows.map(r => r.id))
      .orderBy([{ column: 'created_at' }, { column: 'id' }]);
    const byRequest = new Map<string, ApprovalDecision[]>();
    for (const d of decisionRows.map(rowToDecision)) {
      byRequest.set(d.requestId, [...(byRequest.get(d.requestId) ?? []), d]);
    }
    return rows.map(r => rowToRequest(r, byRequest.get(r.id) ?? []));
  }

  /** Moves a pending request to a final state, conditionally on it still being pending at `revision`. */
  private async transition(trx: Knex.Transaction, request: ApprovalRequest, state: ApprovalRequest['state'], now: Date) {
    const updated = await trx(REQUESTS)
      .where({ id: request.id, state: 'pending' })
      .update({ state, closed_at: state === 'pending' ? null : now, revision: trx.raw('revision + 1') });
    if (updated !== 1) {
      throw new ConflictError(`request ${request.id} changed concurrently; retry`);
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
      if (request.state === 'pending' && Date.parse(request.expiresAt) <= now.getTime()) {
        await this.transition(trx, request, 'expired', now);
        await this.audit.append(trx, [
          DatabaseApprovalStore.event(request, { actor: 'system:modelops', client: null }, 'request.expired', now.toISOString(), null, { expiresAt: request.expiresAt }),
        ]);
      }
      const check = checkDecision(request, input.approver, input.decision, now);
      if (!check.allowed) return { refused: { reason: check.reason, message: check.message } };
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
        eligible_requirement_ids: JSON.stringify(decision.eligibleRequirementIds),
        comment: decision.comment,
        created_at: now,
      });
      const events: AuditEventContent[] = [
        DatabaseApprovalStore.event(request, by, 'decision.recorded', decision.createdAt, input.comment, {
          decisionId: decision.id,
          decision: decision.decision,
          requirementId: decision.requirementId,
          eligibleRequirementIds: decision.eligibleRequirementIds,
          groups: [...input.approver.groupRefs].map(norm).sort(),
        }),
      ];
      if (check.nextState !== 'pending') {
        await this.transition(trx, request, check.nextState, now);
        events.push(
          DatabaseApprovalStore.event(request, by, check.nextState === 'approved' ? 'request.approved' : 'request.rejected', decision.createdAt, null, {
            decisions: [...request.decisions, decision].map(d => ({ decider: d.decider, decision: d.decision })),
          }),
        );
      } else {
        await trx(REQUESTS).where({ id: request.id }).update({ revision: trx.raw('revision + 1') });
      }
      await this.audit.append(trx, events);
      return { result: { request: await this.lockRequest(trx, request.id), decision } };
    });
    if ('refused' in outcome && outcome.refused) {
      const { reason, message } = outcome.refused;
      if (reason === 'not-pending' || reason === 'expired' || reason === 'already-decided' || reason === 'roles-filled') {
        throw new ConflictError(message);
      }
      throw new NotAllowedError(message);
    }
    return outcome.result!;
  }

  async cancel(input: { requestId: string; by: AuditActor; comment: string | null; now: Date }): Promise<ApprovalRequest> {
    return this.knex.transaction(async trx => {
      const request = await this.lockRequest(trx, input.requestId);
      if (request.state !== 'pending') {
        throw new ConflictError(`request ${request.id} is ${request.state}; only pending requests can be cancelled`);
      }
      await this.transition(trx, request, 'cancelled', input.now);
      await this.audit.append(trx, [
        DatabaseApprovalStore.event(request, { ...input.by, actor: norm(input.by.actor) }, 'request.cancelled', input.now.toISOString(), input.comment),
      ]);
      return this.lockRequest(trx, request.id);
    });
  }

  async expireDue(now: Date): Promise<ApprovalRequest[]> {
    const due = await this.knex(REQUESTS).where({ state: 'pending' }).andWhere('expires_at', '<=', now).select('id');
    const expired: ApprovalRequest[] = [];
    for (const { id } of due) {
      const result = await this.knex.transaction(async trx => {
        const request = await this.lockRequest(trx, id);
        if (request.state !== 'pending' || Date.parse(request.expiresAt) > now.getTime()) return undefined;
        await this.transition(trx, request, 'expired', now);
        await this.audit.append(trx, [
          DatabaseApprovalStore.event(request, { actor: 'system:modelops', client: null }, 'request.expired', now.toISOString(), null, { expiresAt: request.expiresAt }),
        ]);
        return this.lockRequest(trx, id);
      });
      if (result) expired.push(result);
    }
    return expired;
  }

  async recordPromotion(input: { requestId: string; by: AuditActor; now: Date }): Promise<{ promotion: ModelPromotion; created: boolean }> {
    return this.knex.transaction(async trx => {
      const request = await this.lockRequest(trx, input.requestId);
      const existing = await trx(PROMOTIONS).where({ request_id: request.id }).first();
      if (existing) return { promotion: rowToPromotion(existing), created: false };
      if (request.state !== 'approved') {
        throw new ConflictError(
          `request ${request.id} is ${request.state}; a version is promoted only through an approved request`,
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
        created_at: input.now,
      });
      await trx(REQUESTS).where({ id: request.id }).update({ promoted_at: input.now });
      await this.audit.append(trx, [
        DatabaseApprovalStore.event(request, { ...input.by, actor: norm(input.by.actor) }, 'promotion.recorded', promotion.createdAt, null, {
          promotionId: promotion.id,
          modelVersion: promotion.modelVersion,
          fromStage: promotion.fromStage,
          toStage: promotion.toStage,
        }),
      ]);
      return { promotion, created: true };
    });
  }

  async listPromotions(modelRef: string): Promise<ModelPromotion[]> {
    const rows = await this.knex(PROMOTIONS)
      .where({ model_ref: norm(modelRef) })
      .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]);
    return rows.map(rowToPromotion);
  }

  listAuditEvents(options?: ListAuditEventsOptions) {
    return this.audit.list(options);
  }

  verifyAuditChain() {
    return this.audit.verify();
  }
}
