import {
  ALL_RELATION_PAIRS,
  Direction,
  EntityCatalogGraphCard,
} from '@backstage/plugin-catalog-graph';
import {
  RELATION_DERIVED_FROM,
  RELATION_HAS_DERIVATIVE,
  RELATION_SERVED_BY,
  RELATION_SERVES,
  RELATION_TRAINED_ON,
  RELATION_TRAINING_DATA_OF,
} from '@modelops/plugin-modelops-common';
import { modelopsRelationPairs } from '../../lineage/lineageRelations';
import { RelationTitleLabel } from '../EntityModelLineageCard/RelationTitleLabel';

/** Props of {@link EntityModelUsageCard}. */
export interface EntityModelUsageCardProps {
  /**
   * `training`: the models trained on this entity (datasets and other Resources);
   * `serving`: the models this entity serves (services and other Components).
   */
  usage: 'training' | 'serving';
  /** Card title; defaults to `Models trained on this resource` or `Models served`. */
  title?: string;
  /** Graph height in pixels; defaults to 400. */
  height?: number;
  /** How many hops to follow; defaults to 2 (the models, then their data or services). */
  maxDepth?: number;
}

const RELATIONS = {
  training: [
    RELATION_TRAINING_DATA_OF,
    RELATION_TRAINED_ON,
    RELATION_HAS_DERIVATIVE,
    RELATION_DERIVED_FROM,
  ],
  serving: [
    RELATION_SERVES,
    RELATION_SERVED_BY,
    RELATION_TRAINED_ON,
    RELATION_TRAINING_DATA_OF,
  ],
};

/**
 * "Models that use this": on a dataset's (Resource) page the models trained on it, on a
 * service's (Component) page the models it serves, as a catalog graph with titled edges.
 */
export function EntityModelUsageCard(props: EntityModelUsageCardProps) {
  const { usage, height = 400, maxDepth = 2 } = props;
  const title =
    props.title ??
    (usage === 'training'
      ? 'Models trained on this resource'
      : 'Models served');
  return (
    <EntityCatalogGraphCard
      title={title}
      height={height}
      maxDepth={maxDepth}
      direction={Direction.LEFT_RIGHT}
      relations={RELATIONS[usage]}
      relationPairs={[...modelopsRelationPairs, ...ALL_RELATION_PAIRS]}
      unidirectional={false}
      renderLabel={RelationTitleLabel}
      mergeRelations
    />
  );
}
