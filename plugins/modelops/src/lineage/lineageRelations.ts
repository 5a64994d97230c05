import {
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
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

/** What the Lineage tab can add to the model's own lineage relations. */
export type LineageWidening = 'dependencies' | 'system' | 'owners';

/** The extra relation sets of the Lineage tab, in the order its checkboxes show them. */
export const LINEAGE_WIDENINGS: {
  id: LineageWidening;
  label: string;
  relations: string[];
}[] = [
  {
    id: 'dependencies',
    label: 'Dependencies',
    relations: [RELATION_DEPENDS_ON, RELATION_DEPENDENCY_OF],
  },
  {
    id: 'system',
    label: 'System',
    relations: [RELATION_PART_OF, RELATION_HAS_PART],
  },
  {
    id: 'owners',
    label: 'Owners',
    relations: [RELATION_OWNED_BY, RELATION_OWNER_OF],
  },
];

/**
 * The relations the Lineage tab's graph follows: the Model kind's lineage pairs
 * (trainedOn/trainingDataOf, servedBy/serves, derivedFrom/hasDerivative), plus the widenings the
 * reader switched on.
 */
export function lineageGraphRelations(show: LineageWidening[]): string[] {
  return [
    ...MODEL_RELATION_TYPES,
    ...LINEAGE_WIDENINGS.filter(w => show.includes(w.id)).flatMap(
      w => w.relations,
    ),
  ];
}

/**
 * Reads the Lineage tab's view from the URL: `depth` (1–3, else the default) and `show` (a comma
 * list of widenings; unknown names are ignored).
 */
export function parseLineageView(
  params: URLSearchParams,
  defaultDepth: number,
): { depth: number; show: LineageWidening[] } {
  const depth = Number(params.get('depth'));
  const requested = (params.get('show') ?? '').split(',');
  return {
    depth:
      Number.isInteger(depth) && depth >= 1 && depth <= 3
        ? depth
        : defaultDepth,
    show: LINEAGE_WIDENINGS.map(w => w.id).filter(id => requested.includes(id)),
  };
}

const STANDARD_TITLES: Record<string, string> = {
  [RELATION_DEPENDS_ON]: 'depends on',
  [RELATION_DEPENDENCY_OF]: 'dependency of',
  [RELATION_PART_OF]: 'part of',
  [RELATION_HAS_PART]: 'has part',
  [RELATION_OWNED_BY]: 'owned by',
  [RELATION_OWNER_OF]: 'owner of',
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
