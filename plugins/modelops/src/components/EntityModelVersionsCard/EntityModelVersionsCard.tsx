import { InfoCard, Link, Table, TableColumn } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles, useTheme } from '@material-ui/core/styles';
import type {
  ModelEntitySpec,
  ModelVersion,
} from '@modelops/plugin-modelops-common';
import {
  formatCreatedAt,
  formatMetric,
  metricNames,
  sortVersionsNewestFirst,
} from '../../model/modelVersions';
import { VersionStageChip } from '../ModelChips';

const useStyles = makeStyles(
  {
    artifact: {
      fontFamily: 'monospace',
      fontSize: '0.8rem',
      overflowWrap: 'anywhere',
    },
  },
  { name: 'ModelopsEntityModelVersionsCard' },
);

type VersionRow = ModelVersion & { id: string };

function metricColumn(name: string): TableColumn<VersionRow> {
  const value = (row: VersionRow) => row.metrics?.[name];
  return {
    title: name,
    field: `metric:${name}`,
    type: 'numeric',
    render: row => formatMetric(value(row)),
    customSort: (a, b) =>
      (value(a) ?? Number.NEGATIVE_INFINITY) -
      (value(b) ?? Number.NEGATIVE_INFINITY),
  };
}

/** Props of {@link EntityModelVersionsCard}. */
export interface EntityModelVersionsCardProps {
  /** Card title; defaults to `Versions`. */
  title?: string;
}

/**
 * The versions of a model (`spec.versions`), newest first: stage, creation date, one column
 * per metric, artifact and training run. The production version is highlighted.
 */
export function EntityModelVersionsCard(props: EntityModelVersionsCardProps) {
  const classes = useStyles();
  const theme = useTheme();
  const { entity } = useEntity();
  const spec = (entity.spec ?? {}) as Partial<ModelEntitySpec>;
  const versions = sortVersionsNewestFirst(
    Array.isArray(spec.versions) ? spec.versions : [],
  );
  const title = props.title ?? 'Versions';

  if (versions.length === 0) {
    return (
      <InfoCard title={title}>
        <Typography variant="body2">
          No versions are declared. List them under <code>spec.versions</code>{' '}
          with their stage, creation date and metrics.
        </Typography>
      </InfoCard>
    );
  }

  // Table mutates its rows (tableData), so give it copies.
  const rows: VersionRow[] = versions.map((version, index) => ({
    ...version,
    id: `${index}:${version.version}`,
  }));

  const columns: TableColumn<VersionRow>[] = [
    {
      title: 'Version',
      field: 'version',
      highlight: true,
    },
    {
      title: 'Stage',
      field: 'stage',
      render: row => <VersionStageChip stage={row.stage} />,
    },
    {
      title: 'Created',
      field: 'createdAt',
      render: row => formatCreatedAt(row.createdAt),
    },
    ...metricNames(versions).map(metricColumn),
    {
      title: 'Artifact',
      field: 'artifact',
      render: row =>
        row.artifact ? (
          <span className={classes.artifact}>{row.artifact}</span>
        ) : (
          '-'
        ),
    },
    {
      title: 'Run',
      field: 'runUrl',
      sorting: false,
      render: row =>
        row.runUrl ? (
          <Link
            to={row.runUrl}
            aria-label={`Training run of version ${row.version}`}
          >
            Run
          </Link>
        ) : (
          '-'
        ),
    },
  ];

  return (
    <Table<VersionRow>
      title={title}
      columns={columns}
      data={rows}
      options={{
        paging: false,
        search: false,
        padding: 'dense',
        draggable: false,
        rowStyle: row =>
          row.stage === 'production'
            ? {
                backgroundColor: alpha(theme.palette.success.main, 0.12),
                fontWeight: theme.typography.fontWeightBold as number,
              }
            : {},
      }}
    />
  );
}
