import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import { useState } from 'react';
import { approvalsApiRef } from '../../api/ApprovalsApi';
import { ApprovalStateChip } from './ApprovalStateChip';
import { useLoad } from '../../hooks/useLoad';

const when = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString() : '-';

/**
 * One approval request: transition, justification, links, per-role progress, decisions, and the
 * approve/reject form, shown only when the signed-in user is eligible (the server decides; the
 * form shows the server's reason otherwise).
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
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Error | undefined>();

  if (error) return <ResponseErrorPanel error={error} />;
  if (!request) return loading ? <Progress /> : null;

  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    setFailure(undefined);
    try {
      await api.decide(request.id, decision, comment || undefined);
      setComment('');
      reload();
      props.onChange?.();
    } catch (e) {
      setFailure(e as Error);
    } finally {
      setBusy(false);
    }
  };

  const { viewer } = request;
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
        Requested by {request.requester} on {when(request.createdAt)}; policy{' '}
        {request.policyId}
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
              secondary={`${p.groups.join(' or ')}${
                p.approvers.length ? ` — ${p.approvers.join(', ')}` : ''
              }`}
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
                primary={`${d.decider} ${
                  d.decision === 'approve' ? 'approved' : 'rejected'
                }${d.requirementId ? ` (${d.requirementId})` : ''}`}
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
              inputProps={{ 'aria-label': 'Decision comment' }}
            />
            <Box mt={1} display="flex" style={{ gap: 8 }}>
              {viewer.canApprove && (
                <Button
                  variant="contained"
                  color="primary"
                  disabled={busy}
                  onClick={() => decide('approve')}
                >
                  Approve
                </Button>
              )}
              {viewer.canReject && (
                <Button
                  variant="outlined"
                  color="secondary"
                  disabled={busy}
                  onClick={() => decide('reject')}
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
      {failure && (
        <Box mt={1}>
          <Alert severity="error">{failure.message}</Alert>
        </Box>
      )}
    </Box>
  );
}
