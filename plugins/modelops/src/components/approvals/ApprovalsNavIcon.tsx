import { useApiHolder } from '@backstage/core-plugin-api';
import Badge from '@material-ui/core/Badge';
import ApprovalIcon from '@material-ui/icons/AssignmentTurnedIn';
import { useEffect, useState } from 'react';
import { approvalsApiRef } from '../../api/ApprovalsApi';
import { onApprovalsChanged } from './approvalsEvents';

/** How often the count is refreshed without a change in this tab. */
const REFRESH_MS = 60_000;

/**
 * The number of requests waiting for the signed-in user's decision (`GET /approvals/inbox`):
 * refreshed every minute and at once after a decision or cancellation in this tab; undefined
 * while unknown (not signed in, the API failing).
 */
export function useInboxCount(refreshMs = REFRESH_MS): number | undefined {
  const api = useApiHolder().get(approvalsApiRef);
  const [count, setCount] = useState<number | undefined>();
  useEffect(() => {
    if (!api) return undefined;
    let live = true;
    const load = () =>
      // One page of 100: the badge shows up to 99, then "99+".
      api.inbox({ limit: 100 }).then(
        page => live && setCount(page.items.length),
        () => live && setCount(undefined),
      );
    load();
    const timer = setInterval(load, refreshMs);
    const unsubscribe = onApprovalsChanged(load);
    return () => {
      live = false;
      clearInterval(timer);
      unsubscribe();
    };
  }, [api, refreshMs]);
  return count;
}

/**
 * The "My approvals" nav icon with a badge counting the requests waiting for the signed-in user's
 * decision (no badge at zero).
 */
export function ApprovalsNavIcon(props: { refreshMs?: number }) {
  const count = useInboxCount(props.refreshMs);
  return (
    <Badge
      badgeContent={count ?? 0}
      color="secondary"
      overlap="rectangular"
      invisible={!count}
      data-testid="approvals-badge"
      aria-label={
        count ? `${count} approval request(s) waiting for you` : undefined
      }
    >
      <ApprovalIcon />
    </Badge>
  );
}
