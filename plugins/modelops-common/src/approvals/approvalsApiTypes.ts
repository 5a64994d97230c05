import type { ModelVersionStage } from '../model/ModelEntity';
import type { ApprovalPolicy } from './approvalPolicy';
import type {
  ApprovalDecision,
  ApprovalDecisionValue,
  ApprovalLink,
  ApprovalRequest,
  ApprovalRequestState,
  ModelPromotion,
} from './ApprovalRequest';

/*
 * Wire types of the approvals API of `@modelops/plugin-modelops-backend` (`/api/modelops/approvals`),
 * shared by the backend (which serves them), the frontend client and the scaffolder actions, so each
 * shape is declared once (dates are ISO 8601 strings). Stored shapes (ApprovalRequest,
 * ModelPromotion, AuditEvent, AuditChainVerification) are served as they are.
 */

/** Progress of one required role of a request. */
export interface ApprovalRoleProgress {
  requirementId: string;
  /** The requirement's title, or its id when it has none. */
  title: string;
  groups: string[];
  /** Approvals this role needs. */
  count: number;
  /** Who filled this role so far. */
  approvers: string[];
  /** Approvals still missing (0 when the role is filled). */
  missing: number;
}

/** A request as served: the stored request plus per-role progress. */
export interface ApprovalRequestView extends ApprovalRequest {
  progress: ApprovalRoleProgress[];
}

/** What the signed-in user may do on a request (drives the approve/reject buttons). */
export interface ApprovalViewerStatus {
  canApprove: boolean;
  canReject: boolean;
  /** Why not, when approving is not possible. */
  reason: string | null;
  isRequester: boolean;
}

/** `GET /approvals/requests/:id`: a single request with the viewer's status. */
export interface ApprovalRequestDetail extends ApprovalRequestView {
  viewer: ApprovalViewerStatus;
}

/** Query of `GET /approvals/requests`. */
export interface ListApprovalRequestsFilter {
  modelRef?: string;
  modelVersion?: string;
  state?: ApprovalRequestState;
  requester?: string;
  /** Page size (default 50, at most 500). */
  limit?: number;
  /** `nextCursor` of the previous page (same filters). */
  cursor?: string;
}

/** Body of `POST /approvals/requests`. */
export interface CreateApprovalRequest {
  modelRef: string;
  modelVersion: string;
  /** Default `production`. */
  toStage?: ModelVersionStage;
  justification: string;
  links?: ApprovalLink[];
}

/** Body of `POST /approvals/requests/:id/decisions`. */
export interface ApprovalDecisionRequest {
  decision: ApprovalDecisionValue;
  comment?: string;
}

/** `POST /approvals/requests/:id/decisions`: the decision and the request after it. */
export interface ApprovalDecisionResponse {
  decision: ApprovalDecision;
  request: ApprovalRequestView;
}

/** `POST /approvals/requests/:id/promotion`: `created` is false when it was already recorded. */
export interface ModelPromotionResponse {
  created: boolean;
  promotion: ModelPromotion;
}

/** Query of `GET /approvals/audit` (the listing and its CSV/JSON export). */
export interface ListAuditEventsFilter {
  requestId?: string;
  modelRef?: string;
  afterSeq?: number;
  /** Page size of the JSON listing (default 50, at most 500); the CSV export is the whole trail. */
  limit?: number;
  /** `nextCursor` of the previous page (same filters). */
  cursor?: string;
  format?: 'json' | 'csv';
}

/** `GET /approvals/audit/head`: what an external job publishes to detect a rewritten chain. */
export interface AuditChainHead {
  seq: number;
  hash: string;
}

/** `GET /approvals/policies`. */
export interface ApprovalPoliciesResponse {
  items: ApprovalPolicy[];
}

/** The envelope of every listing of the modelops API (`{ items: [...] }`). */
export interface ItemsResponse<T> {
  items: T[];
}

/**
 * A page of a cursor-paged listing: `nextCursor` is present when more items follow; pass it back
 * as `cursor` (with the same filters) for the next page. Cursors are opaque.
 */
export interface ItemsPage<T> extends ItemsResponse<T> {
  nextCursor?: string;
}

/** Paging parameters of a cursor-paged listing. */
export interface PageQuery {
  /** Page size (default 50, at most 500). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}
