import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ApprovalDecisionResponse,
  ApprovalPolicy,
  ApprovalDecisionValue,
  ApprovalRequestDetail,
  ApprovalRequestView,
  AuditChainVerification,
  AuditEvent,
  CreateApprovalRequest,
  ItemsPage,
  ListApprovalRequestsFilter,
  ListAuditEventsFilter,
  ModelPromotion,
  PageQuery,
} from '@modelops/plugin-modelops-common';

// The wire types live in @modelops/plugin-modelops-common (shared with the backend and the
// scaffolder actions); re-exported here for the plugin's public surface.
export type {
  ApprovalDecisionResponse,
  ApprovalRequestDetail,
  ApprovalRequestView,
  ApprovalRoleProgress,
  ApprovalViewerStatus,
  CreateApprovalRequest,
  ItemsPage,
  ListApprovalRequestsFilter,
  PageQuery,
} from '@modelops/plugin-modelops-common';

/**
 * Approval requests, decisions, promotions and the audit trail of the modelops backend.
 *
 * @public
 */
export interface ApprovalsApi {
  /** A page of requests, newest first; pass `nextCursor` back as `cursor` for the next. */
  listRequests(
    filter?: ListApprovalRequestsFilter,
  ): Promise<ItemsPage<ApprovalRequestView>>;
  getRequest(id: string): Promise<ApprovalRequestDetail>;
  /** A page of the pending requests the signed-in user may decide on. */
  inbox(page?: PageQuery): Promise<ItemsPage<ApprovalRequestView>>;
  createRequest(request: CreateApprovalRequest): Promise<ApprovalRequestView>;
  decide(
    id: string,
    decision: ApprovalDecisionValue,
    comment?: string,
  ): Promise<ApprovalDecisionResponse>;
  cancel(id: string, comment?: string): Promise<ApprovalRequestView>;
  listPromotions(modelRef: string): Promise<ModelPromotion[]>;
  /**
   * The approval policy that applies to a model moving to `toStage` (default production): its
   * approvers, expiry and minimum readiness. Rejects (404) when no policy applies.
   */
  getPolicy(modelRef: string, toStage?: string): Promise<ApprovalPolicy>;
  /** A page of the audit trail in chain order. */
  listAuditEvents(
    filter?: Pick<
      ListAuditEventsFilter,
      'requestId' | 'modelRef' | 'limit' | 'cursor'
    >,
  ): Promise<ItemsPage<AuditEvent>>;
  verifyAuditChain(): Promise<AuditChainVerification>;
  /** The whole audit trail (matching the filter) as a file body (JSON or CSV). */
  exportAudit(
    format: 'json' | 'csv',
    filter?: Pick<ListAuditEventsFilter, 'requestId' | 'modelRef'>,
  ): Promise<string>;
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
