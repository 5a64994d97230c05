import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ApprovalDecision,
  ApprovalRequest,
  ApprovalRequestState,
  AuditChainVerification,
  AuditEvent,
  ModelPromotion,
  ModelVersionStage,
} from '@modelops/plugin-modelops-common';

/*
 * Wire types of the approvals API of `@modelops/plugin-modelops-backend` (`/api/modelops/approvals`).
 */

/** Progress of one required role of a request. */
export interface ApprovalRoleProgress {
  requirementId: string;
  title: string;
  groups: string[];
  count: number;
  approvers: string[];
  missing: number;
}

/** A request as served: the stored request plus per-role progress. */
export interface ApprovalRequestView extends ApprovalRequest {
  progress: ApprovalRoleProgress[];
}

/** What the signed-in user may do on a request. */
export interface ApprovalViewerStatus {
  canApprove: boolean;
  canReject: boolean;
  reason: string | null;
  isRequester: boolean;
}

/** A single request with the viewer's status. */
export interface ApprovalRequestDetail extends ApprovalRequestView {
  viewer: ApprovalViewerStatus;
}

/** Filters of {@link ApprovalsApi.listRequests}. */
export interface ListApprovalRequestsFilter {
  modelRef?: string;
  state?: ApprovalRequestState;
  requester?: string;
  limit?: number;
}

/** Body of {@link ApprovalsApi.createRequest}. */
export interface CreateApprovalRequest {
  modelRef: string;
  modelVersion: string;
  toStage?: ModelVersionStage;
  justification: string;
  links?: { url: string; title?: string }[];
}

/**
 * Approval requests, decisions, promotions and the audit trail of the modelops backend.
 *
 * @public
 */
export interface ApprovalsApi {
  listRequests(filter?: ListApprovalRequestsFilter): Promise<ApprovalRequestView[]>;
  getRequest(id: string): Promise<ApprovalRequestDetail>;
  /** Pending requests the signed-in user may decide on. */
  inbox(): Promise<ApprovalRequestView[]>;
  createRequest(request: CreateApprovalRequest): Promise<ApprovalRequestView>;
  decide(id: string, decision: 'approve' | 'reject', comment?: string): Promise<{ decision: ApprovalDecision; request: ApprovalRequestView }>;
  cancel(id: string, comment?: string): Promise<ApprovalRequestView>;
  listPromotions(modelRef: string): Promise<ModelPromotion[]>;
  listAuditEvents(filter?: { requestId?: string; modelRef?: string; limit?: number }): Promise<AuditEvent[]>;
  verifyAuditChain(): Promise<AuditChainVerification>;
  /** The audit trail as a file body (JSON or CSV). */
  exportAudit(format: 'json' | 'csv', filter?: { requestId?: string; modelRef?: string }): Promise<string>;
  /** Entity ref of the signed-in user. */
  currentUser(): Promise<string>;
}

/**
 * API ref of the {@link ApprovalsApi}.
 *
 * @public
 */
export const approvalsApiRef = createApiRef<ApprovalsApi>({
  id: 'plugin.modelops.approvals',
});
