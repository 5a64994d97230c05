import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  AuditorServiceEventSeverityLevel,
} from '@backstage/backend-plugin-api';
import type { AnyRequest } from './authorize';

/** JSON metadata of an auditor event (the auditor's own type, without depending on @backstage/types). */
export type AuditMeta = NonNullable<AuditorServiceCreateEventOptions['meta']>;

/**
 * Runs a state-changing action as an event of Backstage's auditor service, so operators see
 * modelops actions next to the rest of the portal's audit log: the event is created before the
 * action (with the request, so the auditor records who called from where), then marked success
 * (with `meta` of the result, e.g. ids) or fail (with the error, which is rethrown).
 * The hash chain in the plugin database stays the tamper-evident record; this is the operational log.
 */
export async function audited<T>(
  auditor: AuditorService,
  event: {
    eventId: string;
    request: AnyRequest;
    meta: AuditMeta;
    severityLevel?: AuditorServiceEventSeverityLevel;
  },
  action: () => Promise<T>,
  resultMeta: (result: T) => AuditMeta = () => ({}),
): Promise<T> {
  const auditEvent = await auditor.createEvent({
    severityLevel: 'medium',
    ...event,
  });
  let result: T;
  try {
    result = await action();
  } catch (error) {
    await auditEvent.fail({ error: error as Error, meta: event.meta });
    throw error;
  }
  await auditEvent.success({ meta: { ...event.meta, ...resultMeta(result) } });
  return result;
}
