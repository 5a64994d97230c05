/*
 * Catalog entities shared by the backend's tests (served through catalogServiceMock), so each
 * test file states only what is particular to it.
 */

/** A User entity, member of `groups` (both the spec and the memberOf relations, as the catalog has them). */
export function userEntity(name: string, groups: string[]) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf: groups },
    relations: groups.map(g => ({ type: 'memberOf', targetRef: g })),
  };
}

/**
 * The `churn` Model owned by team-a: version 1.0 in production and 1.1 in staging, drift
 * monitoring on small windows. `spec` overrides its fields (e.g. the risk tier or the versions).
 */
export function churnModel(spec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'modelops.io/v1alpha1',
    kind: 'Model',
    metadata: { name: 'churn', namespace: 'default', title: 'Churn' },
    spec: {
      type: 'classification',
      lifecycle: 'production',
      owner: 'team-a',
      riskTier: 'high',
      versions: [
        { version: '1.0', stage: 'production' },
        { version: '1.1', stage: 'staging' },
      ],
      monitoring: { drift: { minCurrentSize: 5 } },
      ...spec,
    },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
  };
}
