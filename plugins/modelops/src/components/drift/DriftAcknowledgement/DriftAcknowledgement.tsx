import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import { useState } from 'react';
import { driftApiRef, DriftRun } from '../../../api/DriftApi';
import { formatAbsoluteTime } from '../../../drift/driftStatus';

/** The shortest comment the backend accepts. */
const MIN_COMMENT = 10;

/** Props of {@link DriftAcknowledgement}. */
export interface DriftAcknowledgementProps {
  entityRef: string;
  run: DriftRun;
  /** Called with the acknowledged run. */
  onAcknowledged: (run: DriftRun) => void;
}

/**
 * Who acknowledged the newest run's drift, when and why; or, for a drifting run nobody acknowledged
 * yet, a button that asks for a comment and a confirmation before acknowledging it (members of the
 * owning team; the backend decides and records it in the audit chain).
 */
export function DriftAcknowledgement(props: DriftAcknowledgementProps) {
  const { entityRef, run, onAcknowledged } = props;
  const driftApi = useApi(driftApiRef);
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const ack = run.acknowledgement;
  if (ack) {
    return (
      <Alert severity="info" data-testid="drift-acknowledged">
        Drift acknowledged by <EntityRefLink entityRef={ack.by} /> on{' '}
        {formatAbsoluteTime(ack.at)}: “{ack.comment}”
      </Alert>
    );
  }
  if (!run.datasetDrift || !driftApi.acknowledgeRun) return null;

  const trimmed = comment.trim();
  const tooShort = trimmed.length < MIN_COMMENT;
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onAcknowledged(
        await driftApi.acknowledgeRun!(entityRef, run.runId, trimmed),
      );
      setOpen(false);
    } catch (e) {
      // A ResponseError says "Request failed with 403 Forbidden"; the server's reason is its cause.
      const reason = (e as { cause?: { message?: string } }).cause?.message;
      setError(reason ? `${(e as Error).message}: ${reason}` : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box mt={1}>
      <Alert
        severity="warning"
        action={
          <Button
            color="inherit"
            size="small"
            onClick={() => setOpen(true)}
            data-testid="drift-acknowledge-open"
          >
            Acknowledge drift
          </Button>
        }
      >
        Not acknowledged: the scorecard check “No unacknowledged drift” fails
        until the owning team retrains or acknowledges this window.
      </Alert>
      <Dialog
        open={open}
        onClose={() => !busy && setOpen(false)}
        aria-labelledby="drift-acknowledge-title"
        fullWidth
        maxWidth="sm"
      >
        <DialogTitle id="drift-acknowledge-title">
          Acknowledge the drift of this window
        </DialogTitle>
        <DialogContent>
          <DialogContentText>
            You record, in your name and in the audit trail, that the drift of
            the window ending {formatAbsoluteTime(run.windowEnd)} was assessed
            and needs no action now. It cannot be undone; a later drifting
            window needs its own acknowledgement.
          </DialogContentText>
          <TextField
            label="Why no action is needed now"
            placeholder="e.g. seasonal shift after the campaign, reviewed with risk; retrain planned"
            value={comment}
            onChange={e => setComment(e.target.value)}
            multiline
            minRows={3}
            fullWidth
            required
            error={comment.length > 0 && tooShort}
            helperText={`At least ${MIN_COMMENT} characters (${trimmed.length}).`}
            inputProps={{ maxLength: 2000, 'data-testid': 'drift-ack-comment' }}
          />
          {error && (
            <Box mt={2}>
              <Alert severity="error" data-testid="drift-ack-error">
                {error}
              </Alert>
            </Box>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} disabled={busy}>
            Cancel
          </Button>
          <Button
            color="primary"
            variant="contained"
            onClick={submit}
            disabled={busy || tooShort}
            data-testid="drift-ack-confirm"
          >
            Acknowledge
          </Button>
        </DialogActions>
      </Dialog>
      <Typography variant="caption" color="textSecondary" component="p">
        Only members of the owning team can acknowledge.
      </Typography>
    </Box>
  );
}
