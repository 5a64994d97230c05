import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import type { ScorecardSummary } from '@modelops/plugin-modelops-common';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { TeamHistoryPoint } from '../../../api/ScorecardsApi';
import { ChartFrame } from '../../shared/ChartFrame';
import {
  formatAbsoluteDate,
  formatAbsoluteTime,
} from '../../shared/formatTime';

/**
 * Bar chart of how many of the team's models hold each level of one scorecard. Clicking a bar calls
 * `onSelectLevel` with its level (the page filters its table to that level); the selected bar is
 * drawn in the secondary colour.
 */
export function LevelDistributionChart(props: {
  summary: ScorecardSummary;
  selectedLevel?: number;
  onSelectLevel?: (level: number) => void;
}) {
  const theme = useTheme();
  const { summary, selectedLevel, onSelectLevel } = props;
  const data = summary.levels.map(l => ({
    name: `${l.level} ${l.name}`,
    models: l.count,
  }));
  return (
    <ChartFrame
      height={200}
      fallbackWidth={360}
      label={`${summary.title}: models per level`}
    >
      {size => (
        <BarChart
          width={size.width}
          height={size.height}
          data={data}
          margin={{ top: 8, right: 8, bottom: 8, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" tick={{ fontSize: 11 }} />
          <YAxis allowDecimals={false} width={32} />
          <Tooltip />
          <Bar
            dataKey="models"
            fill={theme.palette.primary.main}
            isAnimationActive={false}
            cursor={onSelectLevel ? 'pointer' : undefined}
            onClick={
              onSelectLevel
                ? (_data: unknown, index: number) => {
                    const level = summary.levels[index];
                    if (level) onSelectLevel(level.level);
                  }
                : undefined
            }
          >
            {summary.levels.map(l => (
              <Cell
                key={l.level}
                fill={
                  l.level === selectedLevel
                    ? theme.palette.secondary.main
                    : theme.palette.primary.main
                }
              />
            ))}
          </Bar>
        </BarChart>
      )}
    </ChartFrame>
  );
}

const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728'];

/**
 * Line chart of the average level per scorecard over the snapshots. A team that owns no models now
 * has no trend to plot (an empty state, not the average of models it no longer owns), and a snapshot
 * that counted no models of the team is no point.
 */
export function LevelTrendChart(props: {
  points: TeamHistoryPoint[];
  scorecards: Array<{ id: string; title: string }>;
  /** The team's models now. */
  modelCount: number;
}) {
  if (props.modelCount === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No trend: this team owns no models.
      </Typography>
    );
  }
  const byTime = new Map<string, Record<string, number | string>>();
  for (const p of props.points) {
    if (p.modelCount === 0) continue;
    const row = byTime.get(p.takenAt) ?? { takenAt: p.takenAt };
    row[p.scorecard] = p.averageLevel;
    byTime.set(p.takenAt, row);
  }
  const data = [...byTime.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, row]) => row);
  if (data.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No snapshots yet. The backend takes one on a schedule (every 6 hours by
        default); the trend appears after the first.
      </Typography>
    );
  }
  return (
    <ChartFrame height={220} label="Average level over time">
      {size => (
        <LineChart
          width={size.width}
          height={size.height}
          data={data}
          margin={{ top: 8, right: 24, bottom: 8, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="takenAt"
            tick={{ fontSize: 11 }}
            tickFormatter={(v: string) => formatAbsoluteDate(v)}
          />
          <YAxis allowDecimals width={32} />
          <Tooltip labelFormatter={(v: string) => formatAbsoluteTime(v)} />
          <Legend />
          {props.scorecards.map((s, i) => (
            <Line
              key={s.id}
              dataKey={s.id}
              name={s.title}
              stroke={COLOURS[i % COLOURS.length]}
              dot
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      )}
    </ChartFrame>
  );
}
