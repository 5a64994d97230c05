// Permissions of the drift and approvals APIs (scorecard permissions live in ../scorecards).
export {
  MODELOPS_APPROVAL_RESOURCE_TYPE,
  modelopsApprovalAdminPermission,
  modelopsApprovalCreatePermission,
  modelopsApprovalDecidePermission,
  modelopsApprovalReadPermission,
} from './approvalPermissions';
export {
  modelopsDriftAcknowledgePermission,
  modelopsDriftReadPermission,
  modelopsDriftSubmitPermission,
  modelopsModelExportPermission,
} from './permissions';
