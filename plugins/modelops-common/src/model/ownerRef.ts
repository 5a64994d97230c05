import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * The lowercase owner ref of an entity from `spec.owner`: default kind Group and, like the
 * catalog's own `ownedBy` relation, the entity's namespace (not `default`). Undefined when
 * `spec.owner` is missing or not a readable ref. The one owner resolution of the suite: the
 * scorecards, approvals (the request's owning team) and drift notifications all use it.
 */
export function ownerRefOf(entity: {
  metadata: { namespace?: string };
  spec?: unknown;
}): string | undefined {
  const spec = entity.spec;
  const owner =
    spec && typeof spec === 'object'
      ? (spec as { owner?: unknown }).owner
      : undefined;
  if (typeof owner !== 'string' || !owner.trim()) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner.trim(), {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}
