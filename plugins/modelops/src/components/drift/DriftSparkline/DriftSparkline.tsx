import { useTheme } from '@material-ui/core/styles';
import { Line, LineChart, ReferenceLine, YAxis } from 'recharts';
import type { DriftSeriesPoint } from '../../../drift/driftHistory';
import { formatDriftValue } from '../../../drift/driftStatus';

/** Props of {@link DriftSparkline}. */
export interface DriftSparklineProps {
  feature: string;
  points: ReadonlyArray<DriftSeriesPoint>;
  /** Windows in the history when `points` is down-sampled (the label counts them). */
  windows?: number;
  /** Drifted windows in the history when `points` is down-sampled. */
  driftedWindows?: number;
  width?: number;
  height?: number;
}

/**
 * A feature's method value over its history, with its latest threshold dashed; windows that
 * drifted are red dots.
 */
export function DriftSparkline(props: DriftSparklineProps) {
  const { feature, points, width = 120, height = 32 } = props;
  const theme = useTheme();
  const values = points.filter(p => p.value !== null);
  if (values.length === 0) {
    return <span aria-label={`${feature}: no history`}>-</span>;
  }
  const threshold = points[points.length - 1].threshold;
  const last = values[values.length - 1];
  const data = points.map(p => ({
    time: p.time,
    value: p.value,
    drift: p.drift,
  }));
  const max = values.reduce(
    (m, p) => Math.max(m, p.value as number),
    threshold ?? 0,
  );
  const min = Math.min(
    ...values.map(p => p.value as number),
    threshold ?? Infinity,
  );
  return (
    <span
      role="img"
      aria-label={`${feature}: ${
        props.windows ?? values.length
      } windows, latest ${formatDriftValue(last.value)}, ${
        props.driftedWindows ?? values.filter(p => p.drift).length
      } drifted`}
      style={{ display: 'inline-block', width, height }}
    >
      <LineChart
        width={width}
        height={height}
        data={data}
        margin={{ top: 3, right: 3, bottom: 3, left: 3 }}
      >
        <YAxis hide domain={[min, max]} />
        {threshold !== null && (
          <ReferenceLine
            y={threshold}
            stroke={theme.palette.text.secondary}
            strokeDasharray="3 3"
          />
        )}
        <Line
          type="monotone"
          dataKey="value"
          stroke={theme.palette.primary.main}
          strokeWidth={1.5}
          isAnimationActive={false}
          connectNulls
          dot={(dotProps: any) =>
            dotProps.payload.drift ? (
              <circle
                key={dotProps.key ?? dotProps.index}
                cx={dotProps.cx}
                cy={dotProps.cy}
                r={1.8}
                fill={theme.palette.error.main}
                className="modelops-drift-dot"
              />
            ) : (
              <g key={dotProps.key ?? dotProps.index} />
            )
          }
        />
      </LineChart>
    </span>
  );
}
