import { Grid } from '@material-ui/core';
import {
  ALL_RELATION_PAIRS,
  Direction,
  EntityCatalogGraphCard,
} from '@backstage/plugin-catalog-graph';
import {
  modelopsLineageRelations,
  modelopsRelationPairs,
} from '../../lineage/lineageRelations';
import { EntityModelLineageTable } from '../EntityModelLineageTable';

/** Props of {@link EntityModelLineageContent}. */
export interface EntityModelLineageContentProps {
  /** Title of the graph card; defaults to `Lineage`. */
  title?: string;
  /** How many hops the graph follows; defaults to 3. */
  maxDepth?: number;
  /** Graph height in pixels; defaults to 700. */
  height?: number;
}

/**
 * The Lineage tab of a Model entity page: a deep, zoomable lineage graph (left to right, both
 * directions, arrow heads) and the lineage table below it.
 */
export function EntityModelLineageContent(
  props: EntityModelLineageContentProps,
) {
  const { title = 'Lineage', maxDepth = 3, height = 700 } = props;
  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12}>
        <EntityCatalogGraphCard
          title={title}
          height={height}
          maxDepth={maxDepth}
          direction={Direction.LEFT_RIGHT}
          relations={modelopsLineageRelations}
          relationPairs={[...modelopsRelationPairs, ...ALL_RELATION_PAIRS]}
          unidirectional={false}
          showArrowHeads
          zoom="enabled"
        />
      </Grid>
      <Grid item xs={12}>
        <EntityModelLineageTable />
      </Grid>
    </Grid>
  );
}
