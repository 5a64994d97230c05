import {
  Checkbox,
  FormControlLabel,
  FormGroup,
  FormLabel,
  Grid,
  Typography,
} from '@material-ui/core';
import { ToggleButton, ToggleButtonGroup } from '@material-ui/lab';
import {
  ALL_RELATION_PAIRS,
  Direction,
  EntityCatalogGraphCard,
} from '@backstage/plugin-catalog-graph';
import { useSearchParams } from 'react-router-dom';
import {
  LINEAGE_WIDENINGS,
  LineageWidening,
  lineageGraphRelations,
  modelopsRelationPairs,
  parseLineageView,
} from '../../lineage/lineageRelations';
import { RelationTitleLabel } from '../EntityModelLineageCard/RelationTitleLabel';
import { EntityModelLineageTable } from '../EntityModelLineageTable';

/** Props of {@link EntityModelLineageContent}. */
export interface EntityModelLineageContentProps {
  /** Title of the graph card; defaults to `Lineage`. */
  title?: string;
  /**
   * How many hops the graph follows by default (1–3); defaults to 2. The reader can change it
   * (`?depth=` in the URL).
   */
  maxDepth?: number;
  /** Graph height in pixels; defaults to 560. */
  height?: number;
}

const DEPTHS = [1, 2, 3];

/**
 * The Lineage tab of a Model entity page: the model's lineage graph and the lineage table below.
 *
 * By default the graph follows only lineage relations (training data, serving, parent and derived
 * models) two hops deep, with edges titled as on the overview card (`trained on`, not
 * `trainedOn`). Controls above it widen the view: depth 1–3, and dependencies, the system and
 * owners as extra relations. The view lives in the URL (`?depth=3&show=dependencies,system`), so
 * it survives a reload and can be shared.
 */
export function EntityModelLineageContent(
  props: EntityModelLineageContentProps,
) {
  const { title = 'Lineage', maxDepth = 2, height = 560 } = props;
  const [params, setParams] = useSearchParams();
  const view = parseLineageView(params, maxDepth);

  const update = (depth: number, show: LineageWidening[]) => {
    const next = new URLSearchParams(params);
    if (depth === maxDepth) next.delete('depth');
    else next.set('depth', String(depth));
    if (show.length) next.set('show', show.join(','));
    else next.delete('show');
    setParams(next, { replace: true });
  };
  const toggle = (widening: LineageWidening, on: boolean) =>
    update(
      view.depth,
      LINEAGE_WIDENINGS.map(w => w.id).filter(id =>
        id === widening ? on : view.show.includes(id),
      ),
    );

  const shown = [
    'training data, serving, parent and derived models',
    ...LINEAGE_WIDENINGS.filter(w => view.show.includes(w.id)).map(w =>
      w.label.toLocaleLowerCase('en-US'),
    ),
  ].join('; ');

  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12}>
        <Grid container spacing={3} alignItems="center">
          <Grid item>
            <FormLabel
              id="modelops-lineage-depth"
              style={{ display: 'block', marginBottom: 4 }}
            >
              Hops
            </FormLabel>
            <ToggleButtonGroup
              size="small"
              exclusive
              value={view.depth}
              aria-labelledby="modelops-lineage-depth"
              onChange={(_, value: number | null) =>
                value && update(value, view.show)
              }
            >
              {DEPTHS.map(d => (
                <ToggleButton
                  key={d}
                  value={d}
                  aria-label={`${d} hop${d > 1 ? 's' : ''}`}
                >
                  {d}
                </ToggleButton>
              ))}
            </ToggleButtonGroup>
          </Grid>
          <Grid item>
            <FormLabel component="legend">Also show</FormLabel>
            <FormGroup row>
              {LINEAGE_WIDENINGS.map(w => (
                <FormControlLabel
                  key={w.id}
                  label={w.label}
                  control={
                    <Checkbox
                      size="small"
                      checked={view.show.includes(w.id)}
                      onChange={e => toggle(w.id, e.target.checked)}
                    />
                  }
                />
              ))}
            </FormGroup>
          </Grid>
          <Grid item xs>
            <Typography variant="body2" color="textSecondary">
              {`${view.depth} hop${
                view.depth > 1 ? 's' : ''
              } from this model: ${shown}.`}
            </Typography>
          </Grid>
        </Grid>
      </Grid>
      <Grid item xs={12}>
        <EntityCatalogGraphCard
          // Re-mount on a view change: the card reads relations and depth once.
          key={`${view.depth}:${view.show.join(',')}`}
          title={title}
          height={height}
          maxDepth={view.depth}
          direction={Direction.LEFT_RIGHT}
          relations={lineageGraphRelations(view.show)}
          relationPairs={[...modelopsRelationPairs, ...ALL_RELATION_PAIRS]}
          renderLabel={RelationTitleLabel}
          mergeRelations
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
