export {
  APPROVAL_DECISION_VALUES,
  APPROVAL_REQUEST_STATES,
} from './ApprovalRequest';
export type {
  ApprovalDecision,
  ApprovalDecisionValue,
  ApprovalLink,
  ApprovalRequest,
  ApprovalRequestState,
  ApprovalRequirement,
  ModelPromotion,
} from './ApprovalRequest';
export {
  normalizeGroupRef,
  OWNER_PSEUDO_GROUP,
  parseApprovalPolicies,
  selectApprovalPolicy,
} from './approvalPolicy';
export type {
  ApprovalPolicy,
  ApprovalPolicyProblem,
  ApprovalReadinessRequirement,
} from './approvalPolicy';
export type {
  ApprovalDecisionRequest,
  ApprovalDecisionResponse,
  ApprovalPoliciesResponse,
  ApprovalRequestDetail,
  ApprovalRequestView,
  ApprovalRoleProgress,
  ApprovalViewerStatus,
  AuditChainHead,
  CreateApprovalRequest,
  ItemsPage,
  ItemsResponse,
  ListApprovalRequestsFilter,
  ListAuditEventsFilter,
  ModelPromotionResponse,
  PageQuery,
} from './approvalsApiTypes';
export {
  AUDIT_EVENT_TYPES,
  AUDIT_GENESIS_HASH,
  auditEventHashInput,
  auditEventsToCsv,
  canonicalJson,
  chainAuditEvent,
  verifyAuditChain,
} from './auditChain';
export type {
  AuditChainBreak,
  AuditChainVerification,
  AuditEvent,
  AuditEventContent,
  AuditEventType,
  AuditJson,
  AuditStateMismatch,
} from './auditChain';
export {
  applyAuditEvent,
  compareRequestWithAudit,
  missingRequestRow,
  replayAuditedRequests,
} from './auditState';
export type {
  AuditedDecision,
  AuditedPromotion,
  AuditedRequest,
} from './auditState';
export {
  approvalProgress,
  assignApprovers,
  checkDecision,
  eligibleRequirementIds,
  isOwnerOfModel,
  openApproverGroups,
  requirementGroups,
  stateAfterDecisions,
} from './segregationOfDuties';
export type {
  ApprovalCandidate,
  Approver,
  DecisionCheck,
  DecisionRefusal,
  RequirementProgress,
} from './segregationOfDuties';
