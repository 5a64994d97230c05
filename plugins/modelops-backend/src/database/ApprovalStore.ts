import type {
  Approver,
  ApprovalDecision,
  ApprovalDecisionValue,
  ApprovalRequest,
  AuditChainHead,
  AuditChainVerification,
  AuditEvent,
  ItemsPage,
  ListApprovalRequestsFilter,
  ListAuditEventsFilter,
  ModelPromotion,
} from '@modelops/plugin-modelops-common';

/** Who did something and from where, for the audit trail. */
export interface AuditActor {
  actor: string;
  client: string | null;
}

/** A new request, with the policy already selected: a request before it has an id, a state or decisions. */
export type NewApprovalRequest = Omit<
  ApprovalRequest,
  'id' | 'state' | 'closedAt' | 'decisions' | 'promotedAt'
>;

/** Result of a decision (the stored request; the API adds progress to it). */
export interface DecisionResult {
  request: ApprovalRequest;
  decision: ApprovalDecision;
}

/**
 * Approval requests, decisions, promotions and the audit trail. Every state change and its audit
 * events are written in one transaction.
 */
export interface ApprovalStore {
  /**
   * Creates a pending request; refuses (409, naming the pending request) while another request for
   * the same version and stage is pending (a partial unique index, so this holds under concurrency).
   */
  createRequest(
    request: NewApprovalRequest,
    by: AuditActor,
  ): Promise<ApprovalRequest>;
  getRequest(id: string): Promise<ApprovalRequest | undefined>;
  /**
   * A page of requests, newest first by (createdAt, id); `nextCursor` continues after its last one
   * (requests created meanwhile are newer, so a walk sees each request once).
   */
  listRequests(
    options?: ListApprovalRequestsFilter,
  ): Promise<ItemsPage<ApprovalRequest>>;
  /**
   * Records a decision as a conditional state transition: the request is locked, its decisions are
   * re-read, segregation of duties is checked, the decision is inserted and the state is updated,
   * all in one transaction. Throws ConflictError / NotAllowedError when refused.
   */
  decide(input: {
    requestId: string;
    approver: Approver;
    decision: ApprovalDecisionValue;
    comment: string | null;
    client: string | null;
    now: Date;
  }): Promise<DecisionResult>;
  /** Cancels a pending request (the requester, or an admin). */
  cancel(input: {
    requestId: string;
    by: AuditActor;
    comment: string | null;
    now: Date;
  }): Promise<ApprovalRequest>;
  /** Marks pending requests past their expiry as expired; returns them. */
  expireDue(now: Date): Promise<ApprovalRequest[]>;
  /**
   * Records the promotion of an approved request (once), after checking the request against the
   * audit chain (409 naming the request when its row disagrees with its events), and refuses a
   * version that is already the latest promotion to that stage.
   */
  recordPromotion(input: {
    requestId: string;
    by: AuditActor;
    now: Date;
  }): Promise<{ promotion: ModelPromotion; created: boolean }>;
  listPromotions(modelRef: string): Promise<ModelPromotion[]>;
  /** The promotions of several models in one query, newest first (models without any have none). */
  listPromotionsOf(modelRefs: string[]): Promise<ModelPromotion[]>;
  /** A page of the audit trail in chain order (seq); `nextCursor` continues after its last event. */
  listAuditEvents(
    options?: ListAuditEventsFilter,
  ): Promise<ItemsPage<AuditEvent>>;
  /** Verifies the chain and cross-checks every request's state, decisions and promotion with it. */
  verifyAuditChain(): Promise<AuditChainVerification>;
  /** The chain's last event ({seq, hash}): publish it elsewhere to anchor the chain. */
  auditHead(): Promise<AuditChainHead>;
}
