import {
  ALL_RELATION_PAIRS,
  ALL_RELATIONS,
  RelationPairs,
} from '@backstage/plugin-catalog-graph';
import {
  modelopsLineageRelations,
  modelopsRelationPairs,
} from '@modelops/plugin-modelops';

/**
 * Every relation type the portal's catalog graphs know: Backstage's built-in ones plus the
 * Model kind's (trainedOn/trainingDataOf, servedBy/serves, derivedFrom/hasDerivative).
 */
export const portalGraphRelations: string[] = Array.from(
  new Set([...ALL_RELATIONS, ...modelopsLineageRelations]),
);

/** Built-in pairs plus the Model kind's, so catalog-graph titles every edge. */
export const portalGraphRelationPairs: RelationPairs = [
  ...ALL_RELATION_PAIRS,
  ...modelopsRelationPairs,
];
