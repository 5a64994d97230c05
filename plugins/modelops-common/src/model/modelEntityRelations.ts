import {
  CompoundEntityRef,
  getCompoundEntityRef,
  parseEntityRef,
} from '@backstage/catalog-model';
import { MODEL_REF_FIELDS } from './relations';
import { ModelEntityV1alpha1 } from './ModelEntity';

/** A relation between a Model and another entity, as the catalog stores it. */
export interface ModelEntityRelation {
  type: string;
  source: CompoundEntityRef;
  target: CompoundEntityRef;
}

/**
 * Every relation a (valid) Model entity declares, both directions: ownedBy/ownerOf,
 * partOf/hasPart, trainedOn/trainingDataOf, servedBy/serves, derivedFrom/hasDerivative,
 * dependsOn/dependencyOf. Used by the catalog processor; pure so it can be tested alone.
 */
export function modelEntityRelations(
  entity: ModelEntityV1alpha1,
): ModelEntityRelation[] {
  const self = getCompoundEntityRef(entity);
  const defaultNamespace = self.namespace;
  const out: ModelEntityRelation[] = [];
  for (const f of MODEL_REF_FIELDS) {
    const raw = (entity.spec as unknown as Record<string, unknown>)[f.field];
    if (raw === undefined || raw === null) continue;
    const refs = (Array.isArray(raw) ? raw : [raw]) as string[];
    for (const ref of refs) {
      const target = parseEntityRef(ref, {
        defaultKind: f.defaultKind,
        defaultNamespace,
      });
      out.push({ type: f.forward, source: self, target });
      out.push({ type: f.reverse, source: target, target: self });
    }
  }
  return out;
}
