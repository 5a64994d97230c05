import { Fragment } from 'react';
import { InfoCard, Link, Table, TableColumn } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles, useTheme } from '@material-ui/core/styles';
import {
  approvedStageOf,
  ModelEntitySpec,
  ModelVersion,
  ProductionStatus,
  productionStatus,
  promotionsFromAnnotations,
} from '@modelops/plugin-modelops-common';
import {
  formatCreatedAt,
  formatMetric,
  metricNames,
  sortVersionsNewestFirst,
} from '../../model/modelVersions';
import { ProductionStatusChip, VersionStageChip } from '../ModelChips';
import { formatAbsoluteDate } from '../shared/formatTime';
import { readableColumns } from '../shared/tableCells';

const useStyles = makeStyles(
  {
    artifact: {
      fontFamily: 'monospace',
      fontSize: '0.8rem',
      wordBreak: 'normal',
      overflowWrap: 'normal',
    },
  },
  { name: 'ModelopsEntityModelVersionsCard' },
);

type VersionRow = ModelVersion & { id: string };

/**
 * The stage the approval workflow recorded for a version, next to the declared one: the
 * approved production version, a declared production version no promotion backs (unverified),
 * or a declared production version a newer promotion replaced.
 */
function ApprovedStage(props: { row: VersionRow; status: ProductionStatus }) {
  const { row, status } = props;
  const promotions = status.approved ? [status.approved] : [];
  if (approvedStageOf(row.version, status, promotions) === 'production') {
    return (
      <span
        data-testid={`approved-stage-${row.version}`}
        title={status.summary}
      >
        <VersionStageChip stage="production" />{' '}
        <Typography variant="caption" component="span">
          approved{' '}
          {status.approved
            ? formatAbsoluteDate(status.approved.promotedAt)
            : ''}
        </Typography>
      </span>
    );
  }
  if (row.version === status.declaredVersion && status.status === 'unverified')
    return (
      <span data-testid={`approved-stage-${row.version}`}>
        <ProductionStatusChip status={status} />
      </span>
    );
  if (row.version === status.declaredVersion && status.declarationOutdated)
    return (
      <Typography
        variant="caption"
        data-testid={`approved-stage-${row.version}`}
      >
        superseded by {status.version}
      </Typography>
    );
  return <>-</>;
}

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
 * The versions of a model (`spec.versions`), newest first: declared stage, the stage the
 * approval workflow recorded (from the catalog module's `modelops.io/approved-production-*`
 * annotations), creation date, one column per metric, artifact and training run. The production
 * version (as `productionStatus` decides it) is highlighted.
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
  const status = productionStatus(entity, promotionsFromAnnotations(entity));

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
      title: 'Declared stage',
      field: 'stage',
      render: row => <VersionStageChip stage={row.stage} />,
    },
    {
      title: 'Approved stage',
      field: 'approvedStage',
      sorting: false,
      render: row => <ApprovedStage row={row} status={status} />,
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
          <span className={classes.artifact} title={row.artifact}>
            {/* Long URIs wrap only after a "/", never inside a path segment. */}
            {row.artifact.split('/').map((part, i, parts) => (
              <Fragment key={i}>
                {part}
                {i < parts.length - 1 && (
                  <>
                    /<wbr />
                  </>
                )}
              </Fragment>
            ))}
          </span>
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
      subtitle={status.status === 'none' ? undefined : status.summary}
      columns={readableColumns(columns, [
        'version',
        'stage',
        'createdAt',
        'runUrl',
        ...metricNames(versions).map(m => `metric:${m}`),
      ])}
      data={rows}
      options={{
        paging: false,
        search: false,
        padding: 'dense',
        draggable: false,
        // The production version as productionStatus decides it: green when approved, amber
        // when only declared.
        rowStyle: row =>
          row.version === status.version
            ? {
                backgroundColor: alpha(
                  status.status === 'approved'
                    ? theme.palette.success.main
                    : theme.palette.warning.main,
                  0.12,
                ),
                fontWeight: theme.typography.fontWeightBold as number,
              }
            : {},
      }}
    />
  );
}
