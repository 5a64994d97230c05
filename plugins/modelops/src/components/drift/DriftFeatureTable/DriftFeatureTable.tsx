import { Table, TableColumn } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import type {
  DriftHistorySeries,
  DriftRunReportFeature,
} from '../../../api/DriftApi';
import { findSeries, seriesPoints } from '../../../drift/driftHistory';
import {
  driftMethodLabel,
  featureVerdict,
  formatDriftValue,
  formatThreshold,
} from '../../../drift/driftStatus';
import { DriftSparkline } from '../DriftSparkline';
import { FeatureVerdictChip } from '../DriftStatusChip';
import { readableColumns } from '../../shared/tableCells';

/** Props of {@link DriftFeatureTable}. */
export interface DriftFeatureTableProps {
  title?: string;
  subtitle?: string;
  /** Features of one run's report. */
  features: ReadonlyArray<DriftRunReportFeature>;
  /** Chart history of every feature (`getHistorySeries`), for the sparklines. */
  history: ReadonlyArray<DriftHistorySeries>;
  /** Called with a feature's name when its name is clicked. */
  onSelectFeature?: (feature: string) => void;
}

type Row = DriftRunReportFeature & { id: string };

const VERDICT_ORDER = {
  drift: 0,
  'insufficient-data': 1,
  'no-reference-data': 2,
  'no-drift': 3,
} as const;

/**
 * The features of one run: kind, method, value, threshold, verdict and a sparkline of the method
 * value over the history. Drifted features first.
 */
export function DriftFeatureTable(props: DriftFeatureTableProps) {
  const { features, history, onSelectFeature } = props;
  const rows: Row[] = [...features]
    .sort(
      (a, b) =>
        VERDICT_ORDER[featureVerdict(a)] - VERDICT_ORDER[featureVerdict(b)] ||
        a.name.localeCompare(b.name),
    )
    .map(f => ({ ...f, id: f.name }));

  const columns: TableColumn<Row>[] = [
    {
      title: 'Feature',
      field: 'name',
      highlight: true,
      render: row =>
        onSelectFeature ? (
          <Button
            size="small"
            color="primary"
            style={{ textTransform: 'none', padding: 0, minWidth: 0 }}
            onClick={() => onSelectFeature(row.name)}
            aria-label={`Show the distribution of ${row.name}`}
          >
            {row.name}
          </Button>
        ) : (
          row.name
        ),
    },
    { title: 'Kind', field: 'kind' },
    {
      title: 'Method',
      field: 'method',
      render: row => driftMethodLabel(row.method),
    },
    {
      title: 'Value',
      field: 'value',
      type: 'numeric',
      render: row => formatDriftValue(row.value),
    },
    {
      title: 'Threshold',
      field: 'threshold',
      type: 'numeric',
      sorting: false,
      render: row => formatThreshold(row.method, row.threshold),
    },
    {
      title: 'Verdict',
      field: 'drift',
      render: row => (
        <FeatureVerdictChip verdict={featureVerdict(row)} feature={row.name} />
      ),
      customSort: (a, b) =>
        VERDICT_ORDER[featureVerdict(a)] - VERDICT_ORDER[featureVerdict(b)],
    },
    {
      title: 'History',
      field: 'history',
      sorting: false,
      render: row => {
        const series = findSeries(history, row.name, row.method);
        return (
          <DriftSparkline
            feature={row.name}
            points={series ? seriesPoints(series) : []}
            windows={series?.windows}
            driftedWindows={series?.driftedWindows}
          />
        );
      },
    },
  ];

  return (
    <Table<Row>
      title={props.title ?? 'Features'}
      subtitle={props.subtitle}
      columns={readableColumns(columns, ['kind', 'value', 'threshold'])}
      data={rows}
      options={{
        paging: false,
        search: false,
        padding: 'dense',
        draggable: false,
      }}
    />
  );
}
