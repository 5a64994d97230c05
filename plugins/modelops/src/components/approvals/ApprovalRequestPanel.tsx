import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import { useState } from 'react';
import { ApprovalRequestDetail, approvalsApiRef } from '../../api/ApprovalsApi';
import { notifyApprovalsChanged } from './approvalsEvents';
import { ApprovalStateChip } from './ApprovalStateChip';
import { useLoad } from '../../hooks/useLoad';
import { PersonName, PersonNames } from '../shared/PersonName';
import { formatAbsoluteTime } from '../shared/formatTime';

const when = (iso: string | null) => (iso ? formatAbsoluteTime(iso) : '-');

/** What the user is about to do, awaiting confirmation. */
type PendingAction = 'approve' | 'reject' | 'cancel';

/** The confirmation text: what happens when the user confirms, in the request's own terms. */
function consequence(
  action: PendingAction,
  request: ApprovalRequestDetail,
  comment: string,
): string {
  const what = `${request.modelRef} ${request.modelVersion} → ${request.toStage}`;
  const missing = request.progress.reduce((n, p) => n + p.missing, 0);
  if (action === 'approve') {
    return `You approve ${what}. ${
      missing <= 1
        ? "This is the last approval the request needs: it becomes approved, and the requester's promotion can be recorded."
        : `The request stays pending: it needs ${missing - 1} more approval${
            missing - 1 === 1 ? '' : 's'
          } after yours.`
    } Your decision is final and recorded in the audit trail.`;
  }
  if (action === 'reject') {
    return `You reject ${what} with the reason "${comment.trim()}". The request is closed as rejected for everybody, the requester is notified with your reason, and this version needs a new request to be promoted. Your decision is final and recorded in the audit trail.`;
  }
  return `You cancel your request for ${what}. Approvers can no longer decide on it, and a promotion task waiting for it stops. To promote this version later, make a new request. The cancellation is recorded in the audit trail.`;
}

const CONFIRM_LABEL: Record<PendingAction, string> = {
  approve: 'Confirm approval',
  reject: 'Confirm rejection',
  cancel: 'Cancel request',
};

const DIALOG_TITLE: Record<PendingAction, string> = {
  approve: 'Approve this request?',
  reject: 'Reject this request?',
  cancel: 'Cancel this request?',
};

/**
 * One approval request: transition, justification, links, per-role progress, decisions, and the
 * approve/reject form, shown only when the signed-in user is eligible (the server decides; the
 * form shows the server's reason otherwise). A rejection needs a reason (the comment); every
 * decision, and the requester's cancellation, is confirmed in a dialog that says what happens.
 */
export function ApprovalRequestPanel(props: {
  requestId: string;
  onChange?: () => void;
}) {
  const api = useApi(approvalsApiRef);
  const {
    value: request,
    error,
    loading,
    reload,
  } = useLoad(() => api.getRequest(props.requestId), [api, props.requestId]);
  const [comment, setComment] = useState('');
  const [cancelComment, setCancelComment] = useState('');
  const [pending, setPending] = useState<PendingAction | undefined>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Error | undefined>();

  if (error) return <ResponseErrorPanel error={error} />;
  if (!request) return loading ? <Progress /> : null;

  const act = async (action: PendingAction) => {
    setBusy(true);
    setFailure(undefined);
    try {
      if (action === 'cancel') {
        await api.cancel(request.id, cancelComment.trim() || undefined);
        setCancelComment('');
      } else {
        await api.decide(request.id, action, comment.trim() || undefined);
        setComment('');
      }
      reload();
      props.onChange?.();
      notifyApprovalsChanged();
    } catch (e) {
      setFailure(e as Error);
    } finally {
      setBusy(false);
      setPending(undefined);
    }
  };

  const { viewer } = request;
  const hasReason = comment.trim().length > 0;
  return (
    <Box data-testid={`approval-request-${request.id}`}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }} mb={1}>
        <ApprovalStateChip state={request.state} />
        <Typography variant="subtitle1">
          {request.modelRef} <b>{request.modelVersion}</b>:{' '}
          {request.fromStage ?? '?'} → {request.toStage}
        </Typography>
      </Box>
      <Typography variant="body2">
        Requested by <PersonName entityRef={request.requester} /> on{' '}
        {when(request.createdAt)}; policy {request.policyId}
        {request.state === 'pending'
          ? `; expires ${when(request.expiresAt)}`
          : `; closed ${when(request.closedAt)}`}
        {request.promotedAt
          ? `; promotion recorded ${when(request.promotedAt)}`
          : ''}
      </Typography>
      <Typography variant="body2" paragraph>
        <i>{request.justification}</i>
      </Typography>
      {request.links.length > 0 && (
        <Typography variant="body2" paragraph>
          {request.links.map(l => (
            <Link key={l.url} to={l.url} style={{ marginRight: 12 }}>
              {l.title ?? l.url}
            </Link>
          ))}
        </Typography>
      )}
      <Typography variant="subtitle2">Required approvals</Typography>
      <List dense>
        {request.progress.map(p => (
          <ListItem
            key={p.requirementId}
            data-testid={`role-${p.requirementId}`}
          >
            <ListItemText
              primary={`${p.title}: ${p.approvers.length}/${p.count}${
                p.missing === 0 ? ' ✓' : ''
              }`}
              secondary={
                <>
                  <PersonNames entityRefs={p.groups} separator=" or " />
                  {p.approvers.length > 0 && (
                    <>
                      {' — '}
                      <PersonNames entityRefs={p.approvers} />
                    </>
                  )}
                </>
              }
            />
          </ListItem>
        ))}
      </List>
      <Typography variant="subtitle2">Decisions</Typography>
      {request.decisions.length === 0 ? (
        <Typography variant="body2">None yet.</Typography>
      ) : (
        <List dense>
          {request.decisions.map(d => (
            <ListItem key={d.id}>
              <ListItemText
                primary={
                  <>
                    <PersonName entityRef={d.decider} />
                    {` ${d.decision === 'approve' ? 'approved' : 'rejected'}${
                      d.requirementId ? ` (${d.requirementId})` : ''
                    }`}
                  </>
                }
                secondary={`${when(d.createdAt)}${
                  d.comment ? ` — ${d.comment}` : ''
                }`}
              />
            </ListItem>
          ))}
        </List>
      )}
      {request.state === 'pending' &&
        (viewer.canApprove || viewer.canReject) && (
          <Box mt={1}>
            <TextField
              label="Comment"
              fullWidth
              multiline
              minRows={2}
              variant="outlined"
              value={comment}
              onChange={e => setComment(e.target.value)}
              helperText={
                viewer.canReject
                  ? 'Optional when approving; required when rejecting (the requester sees it)'
                  : undefined
              }
              inputProps={{ 'aria-label': 'Decision comment' }}
            />
            <Box mt={1} display="flex" style={{ gap: 8 }}>
              {viewer.canApprove && (
                <Button
                  variant="contained"
                  color="primary"
                  disabled={busy}
                  onClick={() => setPending('approve')}
                >
                  Approve
                </Button>
              )}
              {viewer.canReject && (
                <Button
                  variant="outlined"
                  color="secondary"
                  disabled={busy || !hasReason}
                  title={
                    hasReason ? undefined : 'Write the reason in the comment'
                  }
                  onClick={() => setPending('reject')}
                >
                  Reject
                </Button>
              )}
            </Box>
          </Box>
        )}
      {request.state === 'pending' &&
        !viewer.canApprove &&
        !viewer.canReject &&
        viewer.reason && (
          <Typography
            variant="body2"
            color="textSecondary"
            data-testid="viewer-reason"
          >
            You cannot decide on this request: {viewer.reason}
          </Typography>
        )}
      {request.state === 'pending' && viewer.isRequester && (
        <Box mt={1}>
          <Button
            variant="outlined"
            disabled={busy}
            onClick={() => setPending('cancel')}
          >
            Cancel request
          </Button>
        </Box>
      )}
      {failure && (
        <Box mt={1}>
          <Alert severity="error">{failure.message}</Alert>
        </Box>
      )}
      <Dialog
        open={pending !== undefined}
        onClose={() => !busy && setPending(undefined)}
        aria-labelledby="approval-confirm-title"
      >
        {pending && (
          <>
            <DialogTitle id="approval-confirm-title">
              {DIALOG_TITLE[pending]}
            </DialogTitle>
            <DialogContent>
              <DialogContentText data-testid="approval-confirm-text">
                {consequence(pending, request, comment)}
              </DialogContentText>
              {pending === 'cancel' && (
                <TextField
                  label="Why (optional)"
                  fullWidth
                  multiline
                  minRows={2}
                  variant="outlined"
                  value={cancelComment}
                  onChange={e => setCancelComment(e.target.value)}
                  inputProps={{ 'aria-label': 'Cancellation comment' }}
                />
              )}
            </DialogContent>
            <DialogActions>
              <Button disabled={busy} onClick={() => setPending(undefined)}>
                {pending === 'cancel' ? 'Keep request' : 'Back'}
              </Button>
              <Button
                variant="contained"
                color={pending === 'approve' ? 'primary' : 'secondary'}
                disabled={busy}
                onClick={() => act(pending)}
              >
                {CONFIRM_LABEL[pending]}
              </Button>
            </DialogActions>
          </>
        )}
      </Dialog>
    </Box>
  );
}
