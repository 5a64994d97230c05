/*
 * The audit trail is an append-only, hash-chained list of events: each event stores the hash of
 * the previous one, and its own hash covers its content and that previous hash. Changing, deleting
 * or reordering any stored event breaks the chain at that event. The hash function is injected
 * (node:crypto SHA-256 in the backend) so this file stays pure and isomorphic.
 */

/** Audit event types. */
export const AUDIT_EVENT_TYPES = [
  'request.created',
  'decision.recorded',
  // A decision refused by segregation of duties (self-decision, a second decision, a non-member,
  // the owning team): evidence of the attempt; the request's state does not change.
  'decision.refused',
  'request.approved',
  'request.rejected',
  'request.cancelled',
  'request.expired',
  'promotion.recorded',
  'exemption.recorded',
  // Scorecard exemptions (requestId null: they belong to no approval request).
  'exemption.requested',
  'exemption.approved',
  'exemption.revoked',
  // A drifting run acknowledged (requestId null; payload: runId, window, drift share).
  'drift.acknowledged',
] as const;

/** One audit event type. */
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** The `prevHash` of the first event. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** JSON values an event payload may hold. */
export type AuditJson =
  | string
  | number
  | boolean
  | null
  | AuditJson[]
  | { [key: string]: AuditJson };

/** The content of an event, before it is chained. */
export interface AuditEventContent {
  type: AuditEventType;
  requestId: string | null;
  modelRef: string | null;
  /** Entity ref of who did it (user, or service subject). */
  actor: string;
  /** Where it came from, e.g. `scaffolder`, `web`, `api` (the caller's user agent or declared client). */
  client: string | null;
  comment: string | null;
  payload: { [key: string]: AuditJson };
  createdAt: string;
}

/** A stored, chained audit event. */
export interface AuditEvent extends AuditEventContent {
  /** Position in the chain, 1-based, gapless. */
  seq: number;
  id: string;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every level: one byte sequence per value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value as object)
    .filter(k => (value as any)[k] !== undefined)
    .sort();
  return `{${keys
    .map(k => `${JSON.stringify(k)}:${canonicalJson((value as any)[k])}`)
    .join(',')}}`;
}

/** The exact text that is hashed for an event. */
export function auditEventHashInput(event: Omit<AuditEvent, 'hash'>): string {
  return canonicalJson({
    seq: event.seq,
    id: event.id,
    prevHash: event.prevHash,
    type: event.type,
    requestId: event.requestId,
    modelRef: event.modelRef,
    actor: event.actor,
    client: event.client,
    comment: event.comment,
    payload: event.payload,
    createdAt: event.createdAt,
  });
}

/** Chains `content` after the event whose hash is `prevHash`. */
export function chainAuditEvent(
  content: AuditEventContent,
  link: { seq: number; id: string; prevHash: string },
  hash: (input: string) => string,
): AuditEvent {
  const unhashed = { ...content, ...link };
  return { ...unhashed, hash: hash(auditEventHashInput(unhashed)) };
}

/** The first place where the chain does not hold. */
export interface AuditChainBreak {
  seq: number;
  id: string;
  reason: 'hash-mismatch' | 'prev-hash-mismatch' | 'sequence-gap';
  message: string;
}

/** A request row (or its decisions or promotion) that disagrees with what the audit chain records. */
export interface AuditStateMismatch {
  requestId: string;
  /** What disagrees: `row` (a row without events, or events without a row), `state`, `decisions`, `promotion`, ... */
  column: string;
  /** The value in the database (null: no row). */
  database: AuditJson;
  /** The value the audit chain records (null: no events). */
  chain: AuditJson;
}

/** Result of {@link verifyAuditChain}. */
export interface AuditChainVerification {
  valid: boolean;
  /**
   * Number of chain events verified intact, counted from event #1: the `seq` of the last intact
   * event. When verifying a page with `start`, the `startSeq - 1` events before it are included, so
   * the last page's `checked` is the total (do not add pages up).
   */
  checked: number;
  /** Hash of the last intact event (the genesis hash when empty). */
  headHash: string;
  firstBroken: AuditChainBreak | null;
  /**
   * Request rows whose state, decisions or promotion disagree with the chain (set by the backend's
   * verification, which cross-checks the tables against an intact chain; any entry makes `valid` false).
   */
  stateMismatches?: AuditStateMismatch[];
}

/**
 * Verifies events in `seq` order; reports the first broken link. By default from the first event;
 * `start` continues a chain verified up to `startSeq - 1` whose last hash is `startHash` (paging);
 * `checked` then still counts from event #1 (see {@link AuditChainVerification.checked}).
 */
export function verifyAuditChain(
  events: AuditEvent[],
  hash: (input: string) => string,
  start: { startSeq: number; startHash: string } = {
    startSeq: 1,
    startHash: AUDIT_GENESIS_HASH,
  },
): AuditChainVerification {
  let prevHash = start.startHash;
  let expectedSeq = start.startSeq;
  for (const event of events) {
    const verifiedUpTo = { seq: expectedSeq - 1, hash: prevHash };
    const broken = (
      reason: AuditChainBreak['reason'],
      message: string,
    ): AuditChainVerification => ({
      valid: false,
      checked: verifiedUpTo.seq,
      headHash: verifiedUpTo.hash,
      firstBroken: { seq: event.seq, id: event.id, reason, message },
    });
    if (event.seq !== expectedSeq) {
      return broken(
        'sequence-gap',
        `expected event #${expectedSeq}, found #${event.seq}: events were deleted or reordered`,
      );
    }
    if (event.prevHash !== prevHash) {
      return broken(
        'prev-hash-mismatch',
        `event #${event.seq} points to previous hash ${event.prevHash}, but the previous event hashes to ${prevHash}`,
      );
    }
    const { hash: stored, ...rest } = event;
    const actual = hash(auditEventHashInput(rest));
    if (actual !== stored) {
      return broken(
        'hash-mismatch',
        `event #${event.seq} was modified: its content hashes to ${actual}, stored hash is ${stored}`,
      );
    }
    prevHash = stored;
    expectedSeq += 1;
  }
  return {
    valid: true,
    checked: expectedSeq - 1,
    headHash: prevHash,
    firstBroken: null,
  };
}

const CSV_COLUMNS = [
  'seq',
  'id',
  'createdAt',
  'type',
  'actor',
  'client',
  'requestId',
  'modelRef',
  'comment',
  'payload',
  'prevHash',
  'hash',
] as const;

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : canonicalJson(value);
}

function csvCell(value: unknown): string {
  const s = cellText(value);
  // Neutralize spreadsheet formulas, then quote (RFC 4180).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The events as CSV (RFC 4180, header row, payload as canonical JSON). */
export function auditEventsToCsv(events: AuditEvent[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const e of events)
    lines.push(CSV_COLUMNS.map(c => csvCell((e as any)[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
