/*
 * The state of an approval request as the audit chain records it. The request, decision and
 * promotion tables are a convenience for queries; the chain is the evidence. Replaying a request's
 * events gives its state, decisions and promotion, which are compared with the rows when a promotion
 * is recorded and when the chain is verified: a row edited without events (say `state` set from
 * `rejected` to `approved`) is caught even though every event still hashes correctly.
 */
import type {
  ApprovalRequest,
  ApprovalRequestState,
  ModelPromotion,
} from './ApprovalRequest';
import {
  AuditEvent,
  AuditJson,
  AuditStateMismatch,
  canonicalJson,
} from './auditChain';

/** A decision as recorded by a `decision.recorded` event. */
export interface AuditedDecision {
  id: string;
  decider: string;
  decision: string;
  requirementId: string | null;
}

/** A promotion as recorded by a `promotion.recorded` event. */
export interface AuditedPromotion {
  id: string;
  modelVersion: string;
  toStage: string;
  promotedBy: string;
  createdAt: string;
}

/** One request replayed from its events. */
export interface AuditedRequest {
  requestId: string;
  /** From `request.created` (null: the chain has no creation event for this request). */
  created: {
    modelRef: string | null;
    requester: string;
    modelVersion: AuditJson;
    fromStage: AuditJson;
    toStage: AuditJson;
    policyId: AuditJson;
    expiresAt: AuditJson;
    requirements: AuditJson;
  } | null;
  state: ApprovalRequestState | null;
  closedAt: string | null;
  decisions: AuditedDecision[];
  promotion: AuditedPromotion | null;
  /** Events that cannot follow each other in a real history (e.g. a decision after the request closed). */
  problems: string[];
}

const lower = (s: string) => s.toLocaleLowerCase('en-US');
const str = (v: AuditJson | undefined): string | null =>
  typeof v === 'string' ? v : null;

const FINAL_EVENTS: Partial<Record<AuditEvent['type'], ApprovalRequestState>> =
  {
    'request.approved': 'approved',
    'request.rejected': 'rejected',
    'request.cancelled': 'cancelled',
    'request.expired': 'expired',
  };

/** Applies one event (in chain order) to the replayed requests; events without a request id are ignored. */
export function applyAuditEvent(
  requests: Map<string, AuditedRequest>,
  event: AuditEvent,
): void {
  if (!event.requestId) return;
  let r = requests.get(event.requestId);
  if (!r) {
    r = {
      requestId: event.requestId,
      created: null,
      state: null,
      closedAt: null,
      decisions: [],
      promotion: null,
      problems: [],
    };
    requests.set(event.requestId, r);
  }
  const p = event.payload;
  const problem = (what: string) =>
    r!.problems.push(`event #${event.seq} (${event.type}) ${what}`);
  if (event.type === 'request.created') {
    if (r.created || r.state !== null)
      problem('follows other events of the same request');
    r.created = {
      modelRef: event.modelRef,
      requester: lower(event.actor),
      modelVersion: p.modelVersion ?? null,
      fromStage: p.fromStage ?? null,
      toStage: p.toStage ?? null,
      policyId: p.policyId ?? null,
      expiresAt: p.expiresAt ?? null,
      requirements: p.requirements ?? null,
    };
    r.state = 'pending';
    return;
  }
  if (event.type === 'decision.recorded') {
    if (r.state !== 'pending')
      problem(`on a request that is ${r.state ?? 'not created'}`);
    r.decisions.push({
      id: str(p.decisionId) ?? '',
      decider: lower(event.actor),
      decision: str(p.decision) ?? '',
      requirementId: str(p.requirementId),
    });
    return;
  }
  const final = FINAL_EVENTS[event.type];
  if (final) {
    if (r.state !== 'pending')
      problem(`on a request that is ${r.state ?? 'not created'}`);
    r.state = final;
    r.closedAt = event.createdAt;
    return;
  }
  if (event.type === 'promotion.recorded') {
    if (r.state !== 'approved')
      problem(`on a request that is ${r.state ?? 'not created'}`);
    if (r.promotion)
      problem(`after promotion ${r.promotion.id} of the same request`);
    r.promotion = {
      id: str(p.promotionId) ?? '',
      modelVersion: str(p.modelVersion) ?? '',
      toStage: str(p.toStage) ?? '',
      promotedBy: lower(event.actor),
      createdAt: event.createdAt,
    };
  }
}

/** Replays events (in chain order) into per-request state. */
export function replayAuditedRequests(
  events: Iterable<AuditEvent>,
): Map<string, AuditedRequest> {
  const requests = new Map<string, AuditedRequest>();
  for (const e of events) applyAuditEvent(requests, e);
  return requests;
}

const iso = (v: string | null) =>
  v === null ? null : new Date(v).toISOString();
const decisionKey = (d: {
  id: string;
  decider: string;
  decision: string;
  requirementId: string | null;
}) => `${d.id} ${lower(d.decider)} ${d.decision} ${d.requirementId ?? '-'}`;
const promotionKey = (p: {
  id: string;
  modelVersion: string;
  toStage: string;
  promotedBy: string;
}) => `${p.id} ${p.modelVersion} ${p.toStage} ${lower(p.promotedBy)}`;

/**
 * Compares a request row, its decisions and its promotion row (null: none) with what the chain
 * records for it (undefined: no events at all). Returns every disagreement; empty when consistent.
 */
export function compareRequestWithAudit(
  request: ApprovalRequest,
  promotion: ModelPromotion | null,
  audited: AuditedRequest | undefined,
): AuditStateMismatch[] {
  const requestId = request.id;
  if (!audited || !audited.created) {
    return [{ requestId, column: 'row', database: request.state, chain: null }];
  }
  const out: AuditStateMismatch[] = [];
  const check = (column: string, database: AuditJson, chain: AuditJson) => {
    if (canonicalJson(database) !== canonicalJson(chain))
      out.push({ requestId, column, database, chain });
  };
  const c = audited.created;
  check('state', request.state, audited.state);
  check(
    'model_ref',
    lower(request.modelRef),
    c.modelRef === null ? null : lower(c.modelRef),
  );
  check('model_version', request.modelVersion, c.modelVersion);
  check('from_stage', request.fromStage, c.fromStage);
  check('to_stage', request.toStage, c.toStage);
  check('requester', lower(request.requester), c.requester);
  check('policy_id', request.policyId, c.policyId);
  check(
    'expires_at',
    iso(request.expiresAt),
    typeof c.expiresAt === 'string' ? iso(c.expiresAt) : c.expiresAt,
  );
  check(
    'requirements',
    request.requirements.map(r => ({
      id: r.id,
      groups: r.groups,
      count: r.count,
    })) as AuditJson,
    c.requirements,
  );
  check('closed_at', iso(request.closedAt), iso(audited.closedAt));
  check(
    'decisions',
    request.decisions.map(decisionKey).sort(),
    audited.decisions.map(decisionKey).sort(),
  );
  check(
    'promotion',
    promotion ? promotionKey(promotion) : null,
    audited.promotion ? promotionKey(audited.promotion) : null,
  );
  check(
    'promoted_at',
    iso(request.promotedAt),
    iso(audited.promotion?.createdAt ?? null),
  );
  if (audited.problems.length > 0) {
    out.push({
      requestId,
      column: 'events',
      database: null,
      chain: audited.problems,
    });
  }
  return out;
}

/** A replayed request that has events but no row (the row was deleted). */
export function missingRequestRow(audited: AuditedRequest): AuditStateMismatch {
  return {
    requestId: audited.requestId,
    column: 'row',
    database: null,
    chain: audited.state,
  };
}
