import { createPermission } from '@backstage/plugin-permission-common';

/** Resource type of approval requests, for conditional decisions on the decide permission. */
export const MODELOPS_APPROVAL_RESOURCE_TYPE = 'modelops-approval-request';

/** Request an approval (and record the promotion of an approved request). */
export const modelopsApprovalCreatePermission = createPermission({
  name: 'modelops.approval.create',
  attributes: { action: 'create' },
});

/**
 * Approve or reject a request. A resource permission: a policy may answer with the
 * `IS_REQUIRED_APPROVER` condition to restrict decisions to members of the request's required groups.
 */
export const modelopsApprovalDecidePermission = createPermission({
  name: 'modelops.approval.decide',
  attributes: { action: 'update' },
  resourceType: MODELOPS_APPROVAL_RESOURCE_TYPE,
});

/** Read requests, decisions, promotions and the audit trail. */
export const modelopsApprovalReadPermission = createPermission({
  name: 'modelops.approval.read',
  attributes: { action: 'read' },
});

/** Administer approvals: cancel anyone's request. */
export const modelopsApprovalAdminPermission = createPermission({
  name: 'modelops.approval.admin',
  attributes: {},
});
