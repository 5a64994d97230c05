/*
 * Timestamps as the databases hand them back: PostgreSQL gives Date objects; SQLite gives epoch
 * milliseconds (a number, or a string of digits), or its CURRENT_TIMESTAMP text
 * `YYYY-MM-DD HH:MM:SS[.fff]`, which has no zone and means UTC. The stores hand out ISO 8601 only.
 */

const SQLITE_DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/;

/** A database timestamp as an ISO 8601 UTC string; throws on a value that is no time. */
export function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  const s = String(value);
  if (/^\d+$/.test(s)) return new Date(Number(s)).toISOString();
  return new Date(
    SQLITE_DATETIME.test(s) ? `${s.replace(' ', 'T')}Z` : s,
  ).toISOString();
}

/** A database timestamp as epoch milliseconds (UTC); the fast path for Dates and numbers. */
export function toEpochMs(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  return Date.parse(toIso(value));
}

/** {@link toIso}, keeping null (and undefined) as null. */
export function toIsoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : toIso(value);
}

/** A boolean column: PostgreSQL gives booleans, SQLite 0/1. */
export function toBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}
