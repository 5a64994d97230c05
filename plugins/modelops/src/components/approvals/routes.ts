import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the approvals page ("My approvals", request pages, audit trail), e.g. `/approvals`. */
export const approvalsRouteRef = createRouteRef({ id: 'modelops-approvals' });
