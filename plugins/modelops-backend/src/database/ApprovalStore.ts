import type {
  Approver,
  ApprovalDecision,
  ApprovalDecisionValue,
  ApprovalLink,
  ApprovalRequest,
  ApprovalRequestState,
  ApprovalRequirement,
  AuditChainVerification,
  AuditEvent,
  ModelPromotion,
  ModelRiskTier,
  ModelVersionStage,
} from '@modelops/plugin-modelops-common';

/** Who did something and from where, for the audit trail. */
export interface AuditActor {
  actor: string;
  client: string | null;
}

/** A new request, with the policy already selected. */
export interface NewApprovalRequest {
  modelRef: string;
  modelVersion: string;
  fromStage: ModelVersionStage | null;
  toStage: ModelVersionStage;
  requester: string;
  justification: string;
  links: ApprovalLink[];
  ownerRef: string | null;
  riskTier: ModelRiskTier | null;
  policyId: string;
  requirements: ApprovalRequirement[];
  allowOwnerApproval: boolean;
  createdAt: string;
  expiresAt: string;
}

/** Filters of {@link ApprovalStore.listRequests}. */
export interface ListApprovalRequestsOptions {
  modelRef?: string;
  modelVersion?: string;
  state?: ApprovalRequestState;
  requester?: string;
  limit?: number;
}

/** Filters of {@link ApprovalStore.listAuditEvents}. */
export interface ListAuditEventsOptions {
  requestId?: string;
  modelRef?: string;
  afterSeq?: number;
  limit?: number;
}

/** Result of a decision. */
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
  createRequest(request: NewApprovalRequest, by: AuditActor): Promise<ApprovalRequest>;
  getRequest(id: string): Promise<ApprovalRequest | undefined>;
  /** Newest first. */
  listRequests(options?: ListApprovalRequestsOptions): Promise<ApprovalRequest[]>;
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
  cancel(input: { requestId: string; by: AuditActor; comment: string | null; now: Date }): Promise<ApprovalRequest>;
  /** Marks pending requests past their expiry as expired; returns them. */
  expireDue(now: Date): Promise<ApprovalRequest[]>;
  /**
   * Records the promotion of an approved request (once), after checking the request against the
   * audit chain (409 naming the request when its row disagrees with its events), and refuses a
   * version that is already the latest promotion to that stage.
   */
  recordPromotion(input: { requestId: string; by: AuditActor; now: Date }): Promise<{ promotion: ModelPromotion; created: boolean }>;
  listPromotions(modelRef: string): Promise<ModelPromotion[]>;
  listAuditEvents(options?: ListAuditEventsOptions): Promise<AuditEvent[]>;
  /** Verifies the chain and cross-checks every request's state, decisions and promotion with it. */
  verifyAuditChain(): Promise<AuditChainVerification>;
  /** The chain's last event ({seq, hash}): publish it elsewhere to anchor the chain. */
  auditHead(): Promise<{ seq: number; hash: string }>;
}
