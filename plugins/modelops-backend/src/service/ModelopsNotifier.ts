/**
 * Sends a notification to catalog entities (users or groups): the subset of the notifications
 * service the features use. Optional (the notifications backend may not be installed); a failure
 * is logged, never fails the request.
 */
export interface ModelopsNotifier {
  send(notification: {
    recipients: { type: 'entity'; entityRef: string[] };
    payload: {
      title: string;
      description?: string;
      link?: string;
      severity?: 'critical' | 'high' | 'normal' | 'low';
      topic?: string;
    };
  }): Promise<void>;
}
