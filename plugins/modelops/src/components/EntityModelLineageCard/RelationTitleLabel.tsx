import type { DependencyGraphTypes } from '@backstage/core-components';
import type { EntityEdge } from '@backstage/plugin-catalog-graph';
import { makeStyles } from '@material-ui/core/styles';
import { relationTitle } from '../../lineage/lineageRelations';

const useStyles = makeStyles(
  theme => ({
    text: {
      fill:
        (theme.palette as { textContrast?: string }).textContrast ??
        theme.palette.text.primary,
    },
    secondary: {
      fill:
        (theme.palette as { textSubtle?: string }).textSubtle ??
        theme.palette.text.secondary,
    },
  }),
  { name: 'ModelopsRelationTitleLabel' },
);

/**
 * Edge label for catalog-graph that shows relation titles (`trained on / training data of`)
 * instead of relation types (`trainedOn / trainingDataOf`).
 */
export function RelationTitleLabel(
  props: DependencyGraphTypes.RenderLabelProps<EntityEdge>,
) {
  const classes = useStyles();
  const { relations } = props.edge;
  return (
    <text className={classes.text} textAnchor="middle">
      {relations.map((relation, index) => (
        <tspan
          key={relation}
          className={index % 2 !== 0 ? classes.secondary : undefined}
        >
          {index > 0 && <tspan> / </tspan>}
          {relationTitle(relation)}
        </tspan>
      ))}
    </text>
  );
}
