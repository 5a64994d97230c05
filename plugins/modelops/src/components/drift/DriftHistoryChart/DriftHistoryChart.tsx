import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { useMemo, useState } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { DriftHistorySeries } from '../../../api/DriftApi';
import {
  featuresWithMethod,
  historyChartData,
  historyMethods,
} from '../../../drift/driftHistory';
import {
  driftMethodLabel,
  formatAbsoluteTime,
  formatDriftValue,
  formatThreshold,
  isPValueMethod,
} from '../../../drift/driftStatus';
import { ChartFrame } from '../../shared/ChartFrame';

/** Series colours: distinguishable on light and dark themes. */
export const SERIES_COLOURS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

const ALL = '__all__';

/** Props of {@link DriftHistoryChart}. */
export interface DriftHistoryChartProps {
  /** The chart history (`getHistorySeries`): one series per feature and method. */
  history: ReadonlyArray<DriftHistorySeries>;
  /** Initially shown feature (all features of its method when omitted). */
  initialFeature?: string;
  height?: number;
  /** Width before the card is measured (and in tests). */
  fallbackWidth?: number;
}

const dayFormat = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});

/**
 * The history of one drift metric: one line per feature (or the chosen feature), the threshold as
 * a dashed reference line. Features are compared on the method their verdict uses, so the metric
 * selector offers the methods present in the history.
 */
export function DriftHistoryChart(props: DriftHistoryChartProps) {
  const { history, height = 320 } = props;
  const theme = useTheme();
  const methods = useMemo(() => historyMethods(history), [history]);
  const initialMethod =
    (props.initialFeature &&
      history.find(s => s.feature === props.initialFeature)?.method) ||
    methods[0] ||
    '';
  const [method, setMethod] = useState(initialMethod);
  const [feature, setFeature] = useState(props.initialFeature ?? ALL);

  const features = useMemo(
    () => featuresWithMethod(history, method),
    [history, method],
  );
  const shown = useMemo(
    () =>
      feature === ALL || !features.includes(feature) ? features : [feature],
    [features, feature],
  );
  const { rows, thresholds } = useMemo(
    () => historyChartData(history, method, shown),
    [history, method, shown],
  );
  // Windows in the range (series are down-sampled: the chart may draw fewer points).
  const windows = history
    .filter(s => s.method === method && shown.includes(s.feature))
    .reduce((n, s) => Math.max(n, s.windows), 0);
  const colourOf = (name: string) =>
    SERIES_COLOURS[features.indexOf(name) % SERIES_COLOURS.length];

  return (
    <InfoCard
      title="Drift over time"
      subheader={`${driftMethodLabel(method)} per window, threshold dashed`}
    >
      <Box display="flex" style={{ gap: 16 }} mb={2} flexWrap="wrap">
        <TextField
          select
          label="Metric"
          value={method}
          onChange={e => {
            setMethod(e.target.value as string);
            setFeature(ALL);
          }}
          variant="outlined"
          size="small"
          style={{ minWidth: 220 }}
          SelectProps={{
            SelectDisplayProps: { 'aria-label': 'Metric' } as any,
          }}
        >
          {methods.map(m => (
            <MenuItem key={m} value={m}>
              {driftMethodLabel(m)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          label="Feature"
          value={shown.length === 1 && feature !== ALL ? feature : ALL}
          onChange={e => setFeature(e.target.value as string)}
          variant="outlined"
          size="small"
          style={{ minWidth: 220 }}
          SelectProps={{
            SelectDisplayProps: { 'aria-label': 'Feature' } as any,
          }}
        >
          <MenuItem value={ALL}>All features ({features.length})</MenuItem>
          {features.map(f => (
            <MenuItem key={f} value={f}>
              {f}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      {rows.length === 0 ? (
        <Typography variant="body2">
          No values of this metric in the history.
        </Typography>
      ) : (
        <ChartFrame
          height={height}
          fallbackWidth={props.fallbackWidth}
          label={`${driftMethodLabel(method)} of ${shown.join(', ')} over ${
            windows || rows.length
          } windows`}
        >
          {size => (
            <LineChart
              width={size.width}
              height={size.height}
              data={rows}
              margin={{ top: 8, right: 24, bottom: 8, left: 8 }}
            >
              <CartesianGrid
                strokeDasharray="3 3"
                stroke={theme.palette.divider}
              />
              <XAxis
                dataKey="time"
                type="number"
                scale="time"
                domain={['dataMin', 'dataMax']}
                tickFormatter={t => dayFormat.format(new Date(t))}
                stroke={theme.palette.text.secondary}
              />
              <YAxis
                stroke={theme.palette.text.secondary}
                tickFormatter={v => formatDriftValue(v)}
                scale={isPValueMethod(method) ? 'linear' : 'auto'}
                domain={isPValueMethod(method) ? [0, 1] : [0, 'auto']}
              />
              <Tooltip
                labelFormatter={t =>
                  formatAbsoluteTime(new Date(Number(t)).toISOString())
                }
                formatter={(value: number) => formatDriftValue(value)}
                contentStyle={{ background: theme.palette.background.paper }}
              />
              <Legend />
              {thresholds.map(t => (
                <ReferenceLine
                  key={t}
                  y={t}
                  // Values far below the threshold would otherwise scale it out of the chart.
                  ifOverflow="extendDomain"
                  stroke={theme.palette.error.main}
                  strokeDasharray="6 4"
                  label={{
                    value: `threshold ${formatThreshold(method, t)}`,
                    position: 'insideTopRight',
                    fill: theme.palette.error.main,
                    fontSize: 12,
                  }}
                  className="modelops-drift-threshold"
                />
              ))}
              {shown.map(f => (
                <Line
                  key={f}
                  type="monotone"
                  dataKey={f}
                  name={f}
                  stroke={colourOf(f)}
                  strokeWidth={2}
                  dot={{ r: 2 }}
                  connectNulls
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          )}
        </ChartFrame>
      )}
    </InfoCard>
  );
}
