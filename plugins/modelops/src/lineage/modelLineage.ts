import {
  CompoundEntityRef,
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_DEPENDS_ON,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  modelEntityRelations,
  ModelEntityV1alpha1,
  RELATION_DERIVED_FROM,
  RELATION_HAS_DERIVATIVE,
  RELATION_SERVED_BY,
  RELATION_TRAINED_ON,
} from '@modelops/plugin-modelops-common';

/** One section of a model's lineage: a relation and the entities it points to. */
export interface LineageSection {
  /** Human title of the section, e.g. `Training data`. */
  title: string;
  /** The relation type, seen from the model, e.g. `trainedOn`. */
  relation: string;
  /** Related entities, in the order the catalog lists them, without duplicates. */
  targets: CompoundEntityRef[];
}

/** A model's lineage and where it was read from. */
export interface ModelLineage {
  sections: LineageSection[];
  /**
   * `relations` when read from the relations the catalog computed; `spec` when the entity
   * has no relations yet (e.g. the ModelOps catalog module is not installed) and the lineage
   * was derived from `spec` instead. Derived models are only known from relations.
   */
  source: 'relations' | 'spec';
}

/** The sections of the lineage table, in display order. */
export const LINEAGE_SECTIONS: ReadonlyArray<{
  title: string;
  relation: string;
}> = [
  { title: 'Training data', relation: RELATION_TRAINED_ON },
  { title: 'Served by', relation: RELATION_SERVED_BY },
  { title: 'Derived from', relation: RELATION_DERIVED_FROM },
  { title: 'Derived models', relation: RELATION_HAS_DERIVATIVE },
  { title: 'Depends on', relation: RELATION_DEPENDS_ON },
  { title: 'System', relation: RELATION_PART_OF },
];

type RelationEdge = { type: string; target: CompoundEntityRef };

function edgesFromRelations(entity: Entity): RelationEdge[] {
  return (entity.relations ?? []).flatMap(rel => {
    try {
      return [{ type: rel.type, target: parseEntityRef(rel.targetRef) }];
    } catch {
      return [];
    }
  });
}

function edgesFromSpec(entity: Entity): RelationEdge[] {
  try {
    const self = stringifyEntityRef(getCompoundEntityRef(entity));
    return modelEntityRelations(entity as ModelEntityV1alpha1)
      .filter(rel => stringifyEntityRef(rel.source) === self)
      .map(rel => ({
        type: rel.type,
        // Like the catalog's relation refs: kind in lower case.
        target: {
          ...rel.target,
          kind: rel.target.kind.toLocaleLowerCase('en-US'),
        },
      }));
  } catch {
    // A malformed reference in spec: the catalog reports it; show what we can.
    return [];
  }
}

/**
 * Groups the entities related to a model by lineage relation (training data, serving
 * components, parent and derived models, dependencies, system).
 */
export function modelLineage(entity: Entity): ModelLineage {
  const source = entity.relations ? 'relations' : 'spec';
  const edges =
    source === 'relations' ? edgesFromRelations(entity) : edgesFromSpec(entity);
  const sections = LINEAGE_SECTIONS.map(({ title, relation }) => {
    const seen = new Set<string>();
    const targets: CompoundEntityRef[] = [];
    for (const edge of edges) {
      const key = stringifyEntityRef(edge.target);
      if (edge.type === relation && !seen.has(key)) {
        seen.add(key);
        targets.push(edge.target);
      }
    }
    return { title, relation, targets };
  });
  return { sections, source };
}
