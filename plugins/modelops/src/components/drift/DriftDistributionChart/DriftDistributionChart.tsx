import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import type {
  FeatureProfile,
  ReferenceProfile,
} from '@modelops/plugin-modelops-common';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useState } from 'react';
import {
  driftApiRef,
  DriftRun,
  DriftRunReportFeature,
} from '../../../api/DriftApi';
import {
  DistributionBar,
  featureDistribution,
  referenceHistogram,
} from '../../../drift/driftDistribution';
import {
  driftMethodLabel,
  formatAbsoluteTime,
  formatDriftValue,
  formatThreshold,
} from '../../../drift/driftStatus';
import { ChartFrame } from '../../shared/ChartFrame';
import { FeatureVerdictChip } from '../DriftStatusChip';
import { featureVerdict } from '../../../drift/driftStatus';
import { useAsyncValue } from '../../../hooks/useAsyncValue';

/** Props of {@link DriftDistributionChart}. */
export interface DriftDistributionChartProps {
  entityRef: string;
  /** Runs to choose from, newest first. */
  runs: ReadonlyArray<DriftRun>;
  /** Features to choose from. */
  features: ReadonlyArray<string>;
  feature: string;
  onFeatureChange: (feature: string) => void;
  height?: number;
  fallbackWidth?: number;
}

const percent = new Intl.NumberFormat('en-US', {
  style: 'percent',
  maximumFractionDigits: 1,
});

/** Counts of the current window per reference bin, when a report carries them (see docs/drift-monitoring.md). */
function currentCountsOf(feature: DriftRunReportFeature | undefined): {
  counts?: number[];
  unseen?: string[];
} {
  const f = feature as
    | (DriftRunReportFeature & {
        currentBinCounts?: unknown;
        unseenCategories?: unknown;
      })
    | undefined;
  const counts =
    Array.isArray(f?.currentBinCounts) &&
    f!.currentBinCounts.every(c => typeof c === 'number')
      ? (f!.currentBinCounts as number[])
      : undefined;
  const unseen = Array.isArray(f?.unseenCategories)
    ? (f!.unseenCategories as string[])
    : undefined;
  return { counts, unseen };
}

/** The engine's metrics of one feature in one run, as label/value pairs. */
function metricSummary(
  feature: DriftRunReportFeature,
): Array<[string, string]> {
  const m = (feature.metrics ?? {}) as Record<string, any>;
  const out: Array<[string, string]> = [];
  if (m.ks)
    out.push([
      'KS D',
      `${formatDriftValue(m.ks.statistic)} (p ${formatDriftValue(
        m.ks.pValue,
      )})`,
    ]);
  if (typeof m.wasserstein === 'number')
    out.push(['Wasserstein', formatDriftValue(m.wasserstein)]);
  if (typeof m.wassersteinNormed === 'number')
    out.push(['Wasserstein (normed)', formatDriftValue(m.wassersteinNormed)]);
  if (typeof m.psi === 'number') out.push(['PSI', formatDriftValue(m.psi)]);
  if (typeof m.jensenShannon === 'number')
    out.push(['Jensen–Shannon', formatDriftValue(m.jensenShannon)]);
  if (m.chiSquare && typeof m.chiSquare.pValue === 'number') {
    out.push(['Chi-square p', formatDriftValue(m.chiSquare.pValue)]);
  }
  return out;
}

function DistributionBody(props: {
  profile: FeatureProfile;
  reportFeature?: DriftRunReportFeature;
  run: DriftRun;
  height: number;
  fallbackWidth?: number;
}) {
  const { profile, reportFeature, run } = props;
  const theme = useTheme();
  const { counts, unseen } = currentCountsOf(reportFeature);
  const distribution = featureDistribution(profile, counts, unseen);
  // Without current counts, a numeric reference over its own decile bins is flat by design: draw
  // its shape in equal-width bins instead.
  const shape = profile.kind === 'numeric' && !distribution.hasCurrent;
  const data: DistributionBar[] = shape
    ? referenceHistogram(profile)
    : distribution.bars;
  let what = 'categories';
  if (profile.kind === 'numeric')
    what = shape ? 'equal-width bins' : 'reference decile bins';
  return (
    <>
      {reportFeature && (
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 12 }}
          mb={1}
        >
          <FeatureVerdictChip
            verdict={featureVerdict(reportFeature)}
            feature={reportFeature.name}
          />
          <Typography variant="body2">
            {driftMethodLabel(reportFeature.method)}{' '}
            {formatDriftValue(reportFeature.value)} (drift when{' '}
            {formatThreshold(reportFeature.method, reportFeature.threshold)})
          </Typography>
          {metricSummary(reportFeature).map(([label, value]) => (
            <Typography key={label} variant="caption" color="textSecondary">
              {label}: {value}
            </Typography>
          ))}
        </Box>
      )}
      {!distribution.hasCurrent && (
        <Alert severity="info" style={{ marginBottom: 8 }}>
          Reference distribution only: the drift report of this run holds the
          metrics of {profile.name} but not the current window's counts per bin.
        </Alert>
      )}
      <ChartFrame
        height={props.height}
        fallbackWidth={props.fallbackWidth}
        label={`Distribution of ${profile.name} over ${data.length} ${what}${
          distribution.hasCurrent
            ? `, reference and window ending ${formatAbsoluteTime(
                run.windowEnd,
              )}`
            : ', reference'
        }`}
      >
        {size => (
          <BarChart
            width={size.width}
            height={size.height}
            data={data}
            margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
          >
            <CartesianGrid
              strokeDasharray="3 3"
              stroke={theme.palette.divider}
            />
            <XAxis
              dataKey="label"
              stroke={theme.palette.text.secondary}
              interval={data.length > 12 ? 1 : 0}
              angle={-35}
              textAnchor="end"
              height={64}
              tick={{ fontSize: 11 }}
            />
            <YAxis
              stroke={theme.palette.text.secondary}
              tickFormatter={v => percent.format(v)}
            />
            <Tooltip
              formatter={(value: number, name: string) => [
                percent.format(value),
                name,
              ]}
              labelFormatter={(label, payload) => {
                const psi = payload?.[0]?.payload?.psiContribution;
                return typeof psi === 'number'
                  ? `${label} (PSI term ${formatDriftValue(psi)})`
                  : label;
              }}
              contentStyle={{ background: theme.palette.background.paper }}
            />
            <Legend />
            <Bar
              dataKey="reference"
              name="Reference"
              fill={theme.palette.grey[500]}
              isAnimationActive={false}
            />
            {distribution.hasCurrent && (
              <Bar
                dataKey="current"
                name="Current window"
                fill={theme.palette.primary.main}
                isAnimationActive={false}
              />
            )}
          </BarChart>
        )}
      </ChartFrame>
      <Typography variant="caption" color="textSecondary">
        Share of non-missing values per{' '}
        {profile.kind === 'numeric' ? 'bin' : 'category'}
        {shape
          ? ' (equal-width bins between the 0.5th and 99.5th percentiles)'
          : ''}
        ; reference of {profile.n.toLocaleString('en-US')} values.
      </Typography>
    </>
  );
}

/**
 * Reference vs current distribution of one feature in one run: bars over the reference decile bins
 * (numeric) or categories (categorical) of the reference profile the run was compared against.
 */
export function DriftDistributionChart(props: DriftDistributionChartProps) {
  const {
    entityRef,
    runs,
    features,
    feature,
    onFeatureChange,
    height = 300,
  } = props;
  const driftApi = useApi(driftApiRef);
  const [runId, setRunId] = useState(runs[0]?.runId ?? '');
  const listed = runs.find(r => r.runId === runId);

  const state = useAsyncValue(async () => {
    if (!runId) return undefined;
    const run = listed?.report
      ? listed
      : await driftApi.getRun(entityRef, runId);
    if (!run) return undefined;
    const reference = await driftApi.getReference(
      entityRef,
      run.referenceId ?? 'latest',
    );
    return { run, reference };
  }, [driftApi, entityRef, runId]);

  let body;
  if (state.loading) {
    body = <Progress />;
  } else if (state.error) {
    body = <ResponseErrorPanel error={state.error} />;
  } else if (!state.value) {
    body = <Typography variant="body2">Run {runId} was not found.</Typography>;
  } else {
    const { run, reference } = state.value;
    const profile = (
      reference?.profile as ReferenceProfile | undefined
    )?.features.find(f => f.name === feature);
    const reportFeature = run.report?.features.find(f => f.name === feature);
    body = profile ? (
      <DistributionBody
        profile={profile}
        reportFeature={reportFeature}
        run={run}
        height={height}
        fallbackWidth={props.fallbackWidth}
      />
    ) : (
      <Typography variant="body2">
        {reference
          ? `The reference profile has no feature ${feature}.`
          : 'The reference profile of this run is not available (it was pushed as a computed report).'}
      </Typography>
    );
  }

  return (
    <InfoCard title="Reference vs current distribution">
      <Box display="flex" style={{ gap: 16 }} mb={2} flexWrap="wrap">
        <TextField
          select
          label="Feature"
          value={features.includes(feature) ? feature : ''}
          onChange={e => onFeatureChange(e.target.value as string)}
          variant="outlined"
          size="small"
          style={{ minWidth: 220 }}
          SelectProps={{
            SelectDisplayProps: { 'aria-label': 'Distribution feature' } as any,
          }}
        >
          {features.map(f => (
            <MenuItem key={f} value={f}>
              {f}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          label="Window"
          value={runId}
          onChange={e => setRunId(e.target.value as string)}
          variant="outlined"
          size="small"
          style={{ minWidth: 280 }}
          SelectProps={{
            SelectDisplayProps: { 'aria-label': 'Distribution window' } as any,
          }}
        >
          {runs.map(r => (
            <MenuItem key={r.runId} value={r.runId}>
              {formatAbsoluteTime(r.windowEnd)} ·{' '}
              {r.datasetDrift
                ? `drift (${r.driftedCount}/${r.featureCount})`
                : 'no drift'}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      {body}
    </InfoCard>
  );
}
