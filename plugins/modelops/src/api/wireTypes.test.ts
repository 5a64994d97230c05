import type * as common from '@modelops/plugin-modelops-common';
import type * as approvals from './ApprovalsApi';
import type * as scorecards from './ScorecardsApi';

/*
 * The wire types of the approvals and scorecards APIs are declared once, in
 * @modelops/plugin-modelops-common; the frontend re-exports them. Checked at compile time (`yarn tsc`):
 * a second declaration here that drifts from the shared one fails to compile.
 */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B
  ? 1
  : 2
  ? true
  : false;

const same: true[] = [
  true satisfies Equal<
    approvals.ApprovalRequestView,
    common.ApprovalRequestView
  >,
  true satisfies Equal<
    approvals.ApprovalRequestDetail,
    common.ApprovalRequestDetail
  >,
  true satisfies Equal<
    approvals.ApprovalRoleProgress,
    common.ApprovalRoleProgress
  >,
  true satisfies Equal<
    approvals.ApprovalViewerStatus,
    common.ApprovalViewerStatus
  >,
  true satisfies Equal<
    approvals.CreateApprovalRequest,
    common.CreateApprovalRequest
  >,
  true satisfies Equal<
    approvals.ListApprovalRequestsFilter,
    common.ListApprovalRequestsFilter
  >,
  true satisfies Equal<
    ReturnType<approvals.ApprovalsApi['decide']>,
    Promise<common.ApprovalDecisionResponse>
  >,
  true satisfies Equal<
    scorecards.ModelScorecardResponse,
    common.ModelScorecardResponse
  >,
  true satisfies Equal<
    scorecards.TeamScorecardResponse,
    common.TeamScorecardResponse
  >,
  true satisfies Equal<scorecards.TeamHistoryPoint, common.TeamHistoryPoint>,
  true satisfies Equal<
    scorecards.ScorecardExemptionView,
    common.ScorecardExemptionView
  >,
];

describe('approvals and scorecards wire types', () => {
  it('are the ones of @modelops/plugin-modelops-common', () => {
    expect(same.every(Boolean)).toBe(true);
  });
});
