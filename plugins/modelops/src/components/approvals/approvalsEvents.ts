/*
 * A page-local signal that approvals changed (a decision or a cancellation in this tab), so the
 * "My approvals" count badge refreshes at once instead of at its next poll.
 */
const EVENT = 'modelops-approvals-changed';

/** Tells listeners (the nav badge) that the signed-in user's approvals may have changed. */
export function notifyApprovalsChanged() {
  window.dispatchEvent(new Event(EVENT));
}

/** Calls `listener` on every {@link notifyApprovalsChanged}; returns the unsubscribe function. */
export function onApprovalsChanged(listener: () => void): () => void {
  window.addEventListener(EVENT, listener);
  return () => window.removeEventListener(EVENT, listener);
}
