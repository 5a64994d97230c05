import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { RELATION_MEMBER_OF } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * The direct groups of a catalog User (its memberOf relations, lower-cased), or undefined when the
 * ref is no User in the catalog (a signed-in identity without a User entity may read, not act).
 */
export async function catalogUserGroups(
  catalog: Pick<CatalogService, 'getEntityByRef'>,
  credentials: BackstageCredentials,
  userRef: string,
): Promise<string[] | undefined> {
  const entity = await catalog.getEntityByRef(lower(userRef), { credentials });
  if (!entity || lower(entity.kind) !== 'user') return undefined;
  return (entity.relations ?? [])
    .filter(r => r.type === RELATION_MEMBER_OF)
    .map(r => lower(r.targetRef));
}
