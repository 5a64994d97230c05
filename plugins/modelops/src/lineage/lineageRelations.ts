import {
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_PART_OF,
} from '@backstage/catalog-model';
import {
  MODEL_RELATION_PAIRS,
  MODEL_RELATION_TYPES,
} from '@modelops/plugin-modelops-common';

/**
 * The custom relation pairs of the Model kind as catalog-graph `RelationPairs`
 * (`[forward, reverse]`), e.g. `['trainedOn', 'trainingDataOf']`. Pass them to
 * `CatalogGraphPage`/`EntityCatalogGraphCard` (`relationPairs`) or to a
 * `DefaultCatalogGraphApi` (`knownRelationPairs`) so catalog-graph merges both
 * directions of an edge into one.
 *
 * @public
 */
export const modelopsRelationPairs: [string, string][] =
  MODEL_RELATION_PAIRS.map(pair => [pair.forward, pair.reverse]);

/**
 * The relation types a model's lineage graph follows: trainedOn/trainingDataOf,
 * servedBy/serves, derivedFrom/hasDerivative, dependsOn/dependencyOf and partOf/hasPart.
 * Ownership is left out on purpose: it is not lineage.
 *
 * @public
 */
export const modelopsLineageRelations: string[] = [
  ...MODEL_RELATION_TYPES,
  RELATION_DEPENDS_ON,
  RELATION_DEPENDENCY_OF,
  RELATION_PART_OF,
  RELATION_HAS_PART,
];

const STANDARD_TITLES: Record<string, string> = {
  [RELATION_DEPENDS_ON]: 'depends on',
  [RELATION_DEPENDENCY_OF]: 'dependency of',
  [RELATION_PART_OF]: 'part of',
  [RELATION_HAS_PART]: 'has part',
};

const TITLES: Record<string, string> = MODEL_RELATION_PAIRS.reduce(
  (titles, pair) => ({
    ...titles,
    [pair.forward]: pair.title,
    [pair.reverse]: pair.reverseTitle,
  }),
  { ...STANDARD_TITLES },
);

/**
 * The human title of a relation type (`trainedOn` -> `trained on`); unknown types
 * are returned unchanged.
 */
export function relationTitle(type: string): string {
  return TITLES[type] ?? type;
}
