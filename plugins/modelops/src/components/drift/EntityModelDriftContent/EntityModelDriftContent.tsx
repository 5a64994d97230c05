import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { driftApiRef, DriftRun, DriftStatus } from '../../../api/DriftApi';
import {
  datasetDriftState,
  driftedFeatureNames,
  formatAbsoluteTime,
  formatRelativeTime,
} from '../../../drift/driftStatus';
import { DriftDistributionChart } from '../DriftDistributionChart';
import { DriftEmptyState } from '../DriftEmptyState';
import { DriftFeatureTable } from '../DriftFeatureTable';
import { DriftHistoryChart } from '../DriftHistoryChart';
import { DatasetDriftChip } from '../DriftStatusChip';
import { DriftAcknowledgement } from '../DriftAcknowledgement';
import { DriftSourcePanel } from '../DriftSourcePanel';
import { useAsyncValue } from '../../../hooks/useAsyncValue';

/** Props of {@link EntityModelDriftContent}. */
export interface EntityModelDriftContentProps {
  /** Days of history in the charts and the window selector; defaults to 90. */
  historyDays?: number;
  /** Chart width before the page is measured (and in tests). */
  chartFallbackWidth?: number;
}

const percent = new Intl.NumberFormat('en-US', {
  style: 'percent',
  maximumFractionDigits: 0,
});

function DriftSummary(props: {
  status: DriftStatus;
  run: DriftRun;
  entityRef: string;
  onAcknowledged: (run: DriftRun) => void;
}) {
  const { status, run } = props;
  const drifted = driftedFeatureNames(run);
  const threshold = run.report?.datasetDriftShare;
  const reference = status.reference;
  return (
    <InfoCard title="Data drift">
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 12 }}
        mb={1}
      >
        <DatasetDriftChip state={datasetDriftState(run)} />
        <Typography variant="body1">
          Last window ended {formatRelativeTime(run.windowEnd)} (
          {formatAbsoluteTime(run.windowEnd)})
        </Typography>
      </Box>
      <Typography variant="body2">
        {run.driftedCount} of {run.featureCount} features drifted (
        {percent.format(run.driftShare)} of the evaluated features
        {typeof threshold === 'number'
          ? `; the dataset counts as drifted from ${percent.format(threshold)}`
          : ''}
        ){drifted.length > 0 ? `: ${drifted.join(', ')}` : ''}.
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Window{' '}
        {run.windowStart
          ? `${formatAbsoluteTime(run.windowStart)} – `
          : 'ending '}
        {formatAbsoluteTime(run.windowEnd)}
        {run.modelVersion ? `, model version ${run.modelVersion}` : ''},
        submitted by {run.submittedBy}.
        {reference
          ? ` Reference: ${reference.rowCount.toLocaleString('en-US')} rows${
              reference.modelVersion
                ? ` of model version ${reference.modelVersion}`
                : ''
            }, set ${formatAbsoluteTime(reference.createdAt)}.`
          : ''}
      </Typography>
      <DriftAcknowledgement
        entityRef={props.entityRef}
        run={run}
        onAcknowledged={props.onAcknowledged}
      />
      {status.source && <DriftSourcePanel source={status.source} />}
    </InfoCard>
  );
}

/**
 * The Drift tab of a Model entity page: dataset status of the newest window, its features with
 * verdicts and sparklines, the history of a drift metric per feature with the threshold, and the
 * reference vs current distribution of a feature in a chosen window.
 */
export function EntityModelDriftContent(props: EntityModelDriftContentProps) {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const driftApi = useApi(driftApiRef);
  const historyDays = props.historyDays ?? 90;
  const [selectedFeature, setSelectedFeature] = useState<string | undefined>();
  // The newest run as acknowledged in this session (the page does not reload for it).
  const [acknowledged, setAcknowledged] = useState<DriftRun | undefined>();

  const state = useAsyncValue(async () => {
    // From the start of the UTC day: the same URL all day, so revisits (and other users) are
    // answered from the ETag / the server's cache instead of a new query every millisecond.
    const day = 24 * 3600_000;
    const from = new Date(
      Math.floor((Date.now() - historyDays * day) / day) * day,
    ).toISOString();
    const [status, history, runs] = await Promise.all([
      driftApi.getStatus(entityRef),
      driftApi.getHistorySeries(entityRef, { from }),
      driftApi.listRuns(entityRef, { from, limit: 200 }),
    ]);
    return { status, history: history.series, runs: runs.items };
  }, [driftApi, entityRef, historyDays]);

  if (state.loading) return <Progress />;
  if (state.error)
    return (
      <ResponseErrorPanel
        error={state.error}
        title="Could not load drift data"
      />
    );

  const { status, history, runs } = state.value;
  const run =
    status.lastRun && acknowledged?.runId === status.lastRun.runId
      ? { ...status.lastRun, acknowledgement: acknowledged.acknowledgement }
      : status.lastRun;
  if (!run) {
    const empty = (
      <DriftEmptyState
        entityRef={entityRef}
        hasReference={status.hasReference}
      />
    );
    if (!status.source) return empty;
    return (
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <InfoCard title="Data drift">
            <DriftSourcePanel source={status.source} />
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          {empty}
        </Grid>
      </Grid>
    );
  }
  const features = run.report?.features ?? [];
  const featureNames = features
    .map(f => f.name)
    .sort((a, b) => a.localeCompare(b));
  const feature =
    selectedFeature ?? driftedFeatureNames(run)[0] ?? featureNames[0] ?? '';
  // The newest run (with its report) first, then the listed ones.
  const windows = [run, ...runs.filter(r => r.runId !== run.runId)];

  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12}>
        <DriftSummary
          status={status}
          run={run}
          entityRef={entityRef}
          onAcknowledged={setAcknowledged}
        />
      </Grid>
      <Grid item xs={12}>
        <DriftFeatureTable
          title="Features in the newest window"
          subtitle="Click a feature to see its distribution"
          features={features}
          history={history}
          onSelectFeature={setSelectedFeature}
        />
      </Grid>
      <Grid item xs={12} lg={6}>
        <DriftHistoryChart
          history={history}
          fallbackWidth={props.chartFallbackWidth}
        />
      </Grid>
      <Grid item xs={12} lg={6}>
        {feature && (
          <DriftDistributionChart
            entityRef={entityRef}
            runs={windows}
            features={featureNames}
            feature={feature}
            onFeatureChange={setSelectedFeature}
            fallbackWidth={props.chartFallbackWidth}
          />
        )}
      </Grid>
    </Grid>
  );
}
