import type { ModelRiskTier, ModelVersionStage } from '../model';

/** States of an approval request. `pending` is the only non-final state. */
export const APPROVAL_REQUEST_STATES = [
  'pending',
  'approved',
  'rejected',
  'cancelled',
  'expired',
] as const;

/** State of an approval request. */
export type ApprovalRequestState = (typeof APPROVAL_REQUEST_STATES)[number];

/** What an approver decides. */
export const APPROVAL_DECISION_VALUES = ['approve', 'reject'] as const;

/** `approve` or `reject`. */
export type ApprovalDecisionValue = (typeof APPROVAL_DECISION_VALUES)[number];

/**
 * One required role of a policy: `count` distinct people, each a member of one of `groups`.
 * The pseudo group `owner` stands for the model's owning group.
 */
export interface ApprovalRequirement {
  /** Short id of the role, e.g. `model-risk`, unique within a policy. */
  id: string;
  /** Human title, e.g. "Model Risk Management". */
  title?: string;
  /** Group entity refs (any of them qualifies), or `owner`. */
  groups: string[];
  /** How many distinct approvers this role needs (quorum), at least 1. */
  count: number;
}

/** A link attached to a request (evaluation report, pull request, model card). */
export interface ApprovalLink {
  url: string;
  title?: string;
}

/** A decision recorded on a request. */
export interface ApprovalDecision {
  id: string;
  requestId: string;
  /** User entity ref of the person who decided. */
  decider: string;
  decision: ApprovalDecisionValue;
  /** The requirement (role) an approval fills; null for a rejection by an eligible approver. */
  requirementId: string | null;
  /** Roles the decider qualified for when deciding (group membership snapshot). */
  eligibleRequirementIds: string[];
  comment: string | null;
  createdAt: string;
}

/** An approval request for one model version's stage transition. */
export interface ApprovalRequest {
  id: string;
  /** Model entity ref, lowercase, e.g. `model:default/credit-default-scorer`. */
  modelRef: string;
  modelVersion: string;
  /** Stage of the version when the request was made (from the catalog), null if unknown. */
  fromStage: ModelVersionStage | null;
  toStage: ModelVersionStage;
  /** User entity ref of the requester. */
  requester: string;
  justification: string;
  links: ApprovalLink[];
  /** Owning group of the model at request time (resolves the `owner` pseudo group). */
  ownerRef: string | null;
  riskTier: ModelRiskTier | null;
  /** Id of the policy that applied; its rules are copied into the request (a later config change does not move the goal posts). */
  policyId: string;
  requirements: ApprovalRequirement[];
  allowOwnerApproval: boolean;
  state: ApprovalRequestState;
  createdAt: string;
  expiresAt: string;
  /** When the request reached a final state. */
  closedAt: string | null;
  decisions: ApprovalDecision[];
  /** Set once the approved transition has been recorded as a promotion. */
  promotedAt: string | null;
}

/** A recorded promotion: a version moved to a stage through an approved request. */
export interface ModelPromotion {
  id: string;
  requestId: string;
  modelRef: string;
  modelVersion: string;
  fromStage: ModelVersionStage | null;
  toStage: ModelVersionStage;
  promotedBy: string;
  createdAt: string;
}
