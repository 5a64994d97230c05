import { InfoCard } from '@backstage/core-components';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { modelLineage } from '../../lineage/modelLineage';
import { stringifyEntityRef } from '@backstage/catalog-model';

const useStyles = makeStyles(
  theme => ({
    relation: {
      width: '25%',
      whiteSpace: 'nowrap',
      verticalAlign: 'top',
      fontWeight: theme.typography.fontWeightBold as number,
    },
    list: {
      listStyle: 'none',
      margin: 0,
      padding: 0,
    },
    none: {
      color: theme.palette.text.secondary,
    },
  }),
  { name: 'ModelopsEntityModelLineageTable' },
);

/** Props of {@link EntityModelLineageTable}. */
export interface EntityModelLineageTableProps {
  /** Card title; defaults to `Lineage`. */
  title?: string;
}

/**
 * A model's lineage as a table, one row per relation (training data, served by, derived
 * from, derived models, depends on, system), each listing its entities as links. The
 * accessible alternative to the lineage graph.
 */
export function EntityModelLineageTable(props: EntityModelLineageTableProps) {
  const classes = useStyles();
  const { entity } = useEntity();
  const lineage = modelLineage(entity);
  return (
    <InfoCard
      title={props.title ?? 'Lineage'}
      subheader={
        lineage.source === 'spec'
          ? 'From spec: the catalog has not computed relations for this model yet, so derived models are not known.'
          : undefined
      }
      noPadding
    >
      <Table size="small" aria-label="Model lineage">
        <TableBody>
          {lineage.sections.map(section => (
            <TableRow key={section.relation}>
              {/* MUI gives body cells role="cell"; this one heads its row. */}
              <TableCell
                component="th"
                scope="row"
                role="rowheader"
                className={classes.relation}
              >
                {section.title}
              </TableCell>
              <TableCell>
                {section.targets.length === 0 ? (
                  <Typography variant="body2" className={classes.none}>
                    None
                  </Typography>
                ) : (
                  <ul className={classes.list}>
                    {section.targets.map(target => (
                      <li key={stringifyEntityRef(target)}>
                        <EntityRefLink entityRef={target} />
                      </li>
                    ))}
                  </ul>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}
