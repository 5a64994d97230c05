import {
  ALL_RELATION_PAIRS,
  Direction,
  EntityCatalogGraphCard,
} from '@backstage/plugin-catalog-graph';
import {
  modelopsLineageRelations,
  modelopsRelationPairs,
} from '../../lineage/lineageRelations';
import { RelationTitleLabel } from './RelationTitleLabel';

/** Our lineage pairs, then the built-in ones, so every edge gets a title. */
const LINEAGE_RELATION_PAIRS: [string, string][] = [
  ...modelopsRelationPairs,
  ...ALL_RELATION_PAIRS,
];

/** Props of {@link EntityModelLineageCard}. */
export interface EntityModelLineageCardProps {
  /** Card title; defaults to `Lineage`. */
  title?: string;
  /** Graph height in pixels; defaults to 400. */
  height?: number;
  /** How many hops to follow; defaults to 1 (direct lineage; the Lineage tab goes deeper). */
  maxDepth?: number;
}

/**
 * A model's lineage as a graph: training data, serving components and APIs, parent and
 * derived models, dependencies and system, two hops deep, left to right, edges labelled
 * with relation titles. Built on catalog-graph's `EntityCatalogGraphCard`.
 */
export function EntityModelLineageCard(props: EntityModelLineageCardProps) {
  const { title = 'Lineage', height = 400, maxDepth = 1 } = props;
  return (
    <EntityCatalogGraphCard
      title={title}
      height={height}
      maxDepth={maxDepth}
      direction={Direction.LEFT_RIGHT}
      relations={modelopsLineageRelations}
      relationPairs={LINEAGE_RELATION_PAIRS}
      renderLabel={RelationTitleLabel}
      mergeRelations
    />
  );
}
