import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import type { DriftSourceStatus } from '@modelops/plugin-modelops-common';
import {
  formatAbsoluteTime,
  formatRelativeTime,
} from '../../../drift/driftStatus';

const STATUS_LABEL = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  refused: 'Refused',
} as const;

/** `P1D` → "every day", `PT6H` → "every 6 hours" (what the entity says, for people). */
export function describeDuration(iso: string): string {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso);
  if (!m) return iso;
  const parts = [
    [m[1], 'day'],
    [m[2], 'hour'],
    [m[3], 'minute'],
  ]
    .filter(([n]) => n && Number(n) > 0)
    .map(([n, unit]) => (n === '1' ? unit : `${n} ${unit}s`));
  return parts.length ? parts.join(' ') : iso;
}

/**
 * The model's scheduled source on the Drift tab: the connection it runs on, its cadence and
 * window, and the newest scheduled attempt (with the database's message when it failed).
 */
export function DriftSourcePanel(props: { source: DriftSourceStatus }) {
  const { source } = props;
  const attempt = source.lastAttempt;
  return (
    <Box mt={2} data-testid="drift-source">
      <Typography variant="subtitle2">Scheduled source</Typography>
      <Typography variant="body2">
        Runs in the portal on connection <code>{source.connection}</code> every{' '}
        {describeDuration(source.cadence)}
        {source.window !== source.cadence
          ? ` over the last ${describeDuration(source.window)}`
          : ''}
        {source.offset
          ? `, windows closing ${describeDuration(
              source.offset,
            )} after each ${describeDuration(source.cadence)} boundary (UTC)`
          : ''}{' '}
        ({source.cadence}
        {source.offset ? `, offset ${source.offset}` : ''}).
      </Typography>
      {attempt ? (
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 8 }}
          mt={0.5}
        >
          <Chip
            size="small"
            label={STATUS_LABEL[attempt.status] ?? attempt.status}
            color={
              attempt.status === 'failed' || attempt.status === 'refused'
                ? 'secondary'
                : 'default'
            }
          />
          <Typography variant="body2" color="textSecondary">
            Last scheduled window ended {formatRelativeTime(attempt.windowEnd)}{' '}
            ({formatAbsoluteTime(attempt.windowEnd)})
            {attempt.runId ? `, stored as run ${attempt.runId}` : ''}.
          </Typography>
        </Box>
      ) : (
        <Typography variant="body2" color="textSecondary">
          No scheduled window has run yet.
        </Typography>
      )}
      {attempt?.error && (
        <Typography
          variant="body2"
          color="error"
          style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
        >
          {attempt.error}
        </Typography>
      )}
    </Box>
  );
}
