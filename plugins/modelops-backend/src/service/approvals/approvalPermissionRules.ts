import {
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  ApprovalRequest,
  MODELOPS_APPROVAL_RESOURCE_TYPE,
  requirementGroups,
} from '@modelops/plugin-modelops-common';
import { z } from 'zod';

/** Query form of approval conditions (requests are filtered in memory; kept for the rule contract). */
export type ApprovalRequestFilter = { requiredGroupIn: string[] };

/** The approval request resource of the modelops plugin, for permission rules. */
export const approvalRequestResourceRef = createPermissionResourceRef<
  ApprovalRequest,
  ApprovalRequestFilter
>().with({
  pluginId: 'modelops',
  resourceType: MODELOPS_APPROVAL_RESOURCE_TYPE,
});

/**
 * `IS_REQUIRED_APPROVER`: true when one of `claims` (the user's ownership refs, e.g.
 * `user.identity.ownershipEntityRefs` in a policy) is a group required by the request's policy.
 * A permission policy answers the decide permission with this condition to restrict decisions to
 * members of the required groups, on top of the built-in segregation-of-duties checks.
 */
export const isRequiredApprover = createPermissionRule({
  name: 'IS_REQUIRED_APPROVER',
  description:
    'Allow when the user is a member of a group the request requires approvals from',
  resourceRef: approvalRequestResourceRef,
  paramsSchema: z.object({
    claims: z.array(z.string()).describe('ownership entity refs of the user'),
  }),
  apply(request, { claims }) {
    const wanted = new Set(claims.map(c => c.toLocaleLowerCase('en-US')));
    return request.requirements.some(r =>
      requirementGroups(r, request.ownerRef).some(g => wanted.has(g)),
    );
  },
  toQuery({ claims }) {
    return { requiredGroupIn: claims };
  },
});

/** Rules of the approval request resource. */
export const approvalPermissionRules = [isRequiredApprover];
