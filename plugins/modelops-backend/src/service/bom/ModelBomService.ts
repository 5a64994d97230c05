import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  buildModelBom,
  CycloneDxBomJson,
  isModelEntity,
} from '@modelops/plugin-modelops-common';
import { randomUUID } from 'node:crypto';

const lower = (s: string) => s.toLocaleLowerCase('en-US');

/** Refs a Model points to (datasets, serving, dependencies, parent), resolved in its namespace. */
function lineageRefs(model: Entity): string[] {
  const spec = (model.spec ?? {}) as Record<string, unknown>;
  const namespace = model.metadata.namespace ?? 'default';
  const refs: string[] = [];
  const add = (value: unknown, defaultKind: string | undefined) => {
    for (const ref of Array.isArray(value) ? value : [value]) {
      if (typeof ref !== 'string') continue;
      try {
        refs.push(
          lower(
            stringifyEntityRef(
              parseEntityRef(ref, { defaultKind, defaultNamespace: namespace }),
            ),
          ),
        );
      } catch {
        // The catalog validated the model; a ref it let through that does not parse is skipped.
      }
    }
  };
  add(spec.owner, 'Group');
  add(spec.trainingData, 'Resource');
  add(spec.servedBy, 'Component');
  add(spec.dependsOn, undefined);
  add(spec.derivedFrom, 'Model');
  return [...new Set(refs)];
}

function ownerRefs(entities: Entity[]): string[] {
  const refs = new Set<string>();
  for (const e of entities) {
    const owner = (e.spec as { owner?: unknown } | undefined)?.owner;
    if (typeof owner !== 'string') continue;
    try {
      refs.add(
        lower(
          stringifyEntityRef(
            parseEntityRef(owner, {
              defaultKind: 'Group',
              defaultNamespace: e.metadata.namespace ?? 'default',
            }),
          ),
        ),
      );
    } catch {
      // Not a ref: the BOM names no owner for that entity.
    }
  }
  return [...refs];
}

/**
 * Builds a Model's CycloneDX ML-BOM from the catalog, reading every entity with the caller's
 * credentials: the caller sees in the BOM what they may see in the catalog, no more.
 */
export class ModelBomService {
  constructor(
    private readonly deps: {
      catalog: Pick<CatalogService, 'getEntityByRef' | 'getEntitiesByRefs'>;
      toolVersion?: string;
    },
  ) {}

  /** The BOM of `entityRef`, or a 404 when it is not a Model the caller can read. */
  async modelBom(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ model: Entity; bom: CycloneDxBomJson }> {
    const model = await this.deps.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!model || !isModelEntity(model)) {
      throw new NotFoundError(
        `${entityRef} is not a Model in the catalog; check the namespace and name`,
      );
    }
    const related = await this.read(lineageRefs(model), credentials);
    const owners = ownerRefs(related).filter(
      r => !related.some(e => lower(stringifyEntityRef(e)) === r),
    );
    related.push(...(await this.read(owners, credentials)));
    const bom = buildModelBom({
      model,
      related,
      serialNumber: `urn:uuid:${randomUUID()}`,
      toolVersion: this.deps.toolVersion,
    });
    return { model, bom };
  }

  private async read(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    if (refs.length === 0) return [];
    const { items } = await this.deps.catalog.getEntitiesByRefs(
      { entityRefs: refs },
      { credentials },
    );
    return items.filter((e): e is Entity => !!e);
  }
}
