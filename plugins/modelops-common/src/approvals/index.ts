export * from './ApprovalRequest';
export * from './approvalPolicy';
export * from './segregationOfDuties';
export * from './auditChain';
export * from './auditState';
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
  ItemsResponse,
  ListApprovalRequestsFilter,
  ListAuditEventsFilter,
  ModelPromotionResponse,
} from './approvalsApiTypes';
