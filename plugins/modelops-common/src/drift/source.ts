/*
 * A scheduled drift source (`spec.monitoring.drift.source` of a Model entity): the backend runs
 * the model's current window against its reference inside a database connection configured in
 * app-config (the entity only names it: entities never carry credentials), on a cadence.
 */
import { z } from 'zod';

/** Longest SQL text (a SELECT or a condition) a source may carry. */
export const MAX_SOURCE_SQL_LENGTH = 10_000;
/** Shortest and longest cadence of a scheduled source. */
export const MIN_SOURCE_CADENCE_MS = 5 * 60_000;
export const MAX_SOURCE_CADENCE_MS = 31 * 86_400_000;
/** Longest window of a scheduled source. */
export const MAX_SOURCE_WINDOW_MS = 366 * 86_400_000;

const ISO_DURATION = /^P(?:(\d{1,4})D)?(?:T(?:(\d{1,5})H)?(?:(\d{1,6})M)?)?$/;

/**
 * Milliseconds of an ISO 8601 duration in days, hours and minutes (`P1D`, `PT6H`, `PT15M`,
 * `P1DT12H`); undefined for anything else (months and years have no fixed length).
 */
export function parseSourceDuration(value: string): number | undefined {
  const m = ISO_DURATION.exec(value);
  if (!m || value === 'P' || value.endsWith('T')) return undefined;
  const [d, h, min] = [m[1], m[2], m[3]].map(x => (x ? Number(x) : 0));
  const ms = ((d * 24 + h) * 60 + min) * 60_000;
  return ms > 0 ? ms : undefined;
}

const noNul = (s: string) => !s.includes('\0');
const sqlText = (what: string) =>
  z
    .string({ error: `must be ${what}` })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(MAX_SOURCE_SQL_LENGTH, {
      error: `must be at most ${MAX_SOURCE_SQL_LENGTH} characters`,
    })
    .refine(noNul, { error: 'must not contain NUL characters' });
const tableName = z
  .string({ error: 'must be a table or view name (schema.table)' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(255, { error: 'must be at most 255 characters' })
  .refine(noNul, { error: 'must not contain NUL characters' });
const duration = (min: number, max: number, what: string) =>
  z
    .string({ error: `must be an ISO 8601 duration such as PT1H or P1D` })
    .refine(v => parseSourceDuration(v) !== undefined, {
      error:
        'must be an ISO 8601 duration in days, hours and minutes, such as PT15M, PT6H or P1D',
    })
    .refine(
      v => {
        const ms = parseSourceDuration(v);
        return ms === undefined || (ms >= min && ms <= max);
      },
      { error: what },
    );

/**
 * Zod schema of `spec.monitoring.drift.source`:
 * - `connection`: the name of a connection under `modelops.drift.sources.connections` in app-config;
 * - the current window: `currentSql` (a SELECT; `:windowStart` / `:windowEnd` stand for the
 *   window's bounds as ISO 8601 UTC text) or `currentTable` with `timeColumn` (rows with
 *   from windowStart up to, not including, windowEnd) and an optional `where`;
 * - the reference: `referenceSql` or `referenceTable` (+ `referenceWhere`) on the same connection;
 * - `cadence`: how often a window closes and is evaluated (PT5M … P31D); `window`: its length
 *   (default: the cadence); `offset`: shifts the closing times from the epoch's multiples of the
 *   cadence (`cadence: P1D`, `offset: PT6H`: every day at 06:00 UTC), shorter than the cadence.
 */
export const driftSourceSchema = z
  .strictObject(
    {
      connection: z
        .string({ error: 'must be the name of a configured connection' })
        .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, {
          error:
            'must be the name of a connection under modelops.drift.sources.connections (letters, digits, _ and -, at most 63)',
        }),
      currentSql: sqlText('a SELECT').optional(),
      currentTable: tableName.optional(),
      timeColumn: z
        .string({ error: 'must be a column name' })
        .min(1, { error: 'must not be empty' })
        .max(255, { error: 'must be at most 255 characters' })
        .refine(noNul, { error: 'must not contain NUL characters' })
        .optional(),
      where: sqlText('an SQL condition').optional(),
      referenceSql: sqlText('a SELECT').optional(),
      referenceTable: tableName.optional(),
      referenceWhere: sqlText('an SQL condition').optional(),
      cadence: duration(
        MIN_SOURCE_CADENCE_MS,
        MAX_SOURCE_CADENCE_MS,
        'must be between PT5M and P31D',
      ),
      window: duration(
        60_000,
        MAX_SOURCE_WINDOW_MS,
        'must be at most P366D',
      ).optional(),
      offset: duration(
        60_000,
        MAX_SOURCE_CADENCE_MS,
        'must be shorter than the cadence',
      ).optional(),
    },
    {
      error:
        'must be an object with connection, currentSql or currentTable, referenceSql or referenceTable, and cadence',
    },
  )
  .superRefine((s, ctx) => {
    const pair = (
      sql: string | undefined,
      table: string | undefined,
      side: 'current' | 'reference',
    ) => {
      if (sql !== undefined && table !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [`${side}Table`],
          message: `and ${side}Sql are alternatives; give one of them`,
        });
      else if (sql === undefined && table === undefined)
        ctx.addIssue({
          code: 'custom',
          path: [`${side}Sql`],
          message: `is required (a SELECT), or give ${side}Table`,
        });
    };
    pair(s.currentSql, s.currentTable, 'current');
    pair(s.referenceSql, s.referenceTable, 'reference');
    if (s.currentTable === undefined) {
      for (const key of ['timeColumn', 'where'] as const)
        if (s[key] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message:
              'applies to currentTable; with currentSql put the condition into the SELECT (:windowStart, :windowEnd)',
          });
    }
    if (s.offset !== undefined) {
      const offset = parseSourceDuration(s.offset);
      const cadence = parseSourceDuration(s.cadence);
      if (offset !== undefined && cadence !== undefined && offset >= cadence)
        ctx.addIssue({
          code: 'custom',
          path: ['offset'],
          message: `must be shorter than the cadence (${s.cadence})`,
        });
    }
    if (s.referenceWhere !== undefined && s.referenceTable === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['referenceWhere'],
        message:
          'applies to referenceTable; put the condition into referenceSql instead',
      });
  });

/** A scheduled drift source (`spec.monitoring.drift.source`). */
export type DriftSource = z.infer<typeof driftSourceSchema>;

/**
 * The window a source evaluates at `now`: the latest completed cadence period, aligned to the
 * epoch (P1D ends at 00:00 UTC) plus the source's offset (P1D with PT6H ends at 06:00 UTC), of the
 * source's window length. Deterministic, so every replica computes the same window (and run id)
 * at the same time.
 */
export function driftSourceWindow(
  source: Pick<DriftSource, 'cadence' | 'window' | 'offset'>,
  now: Date,
): { windowStart: string; windowEnd: string } {
  const cadence = parseSourceDuration(source.cadence);
  if (cadence === undefined)
    throw new RangeError(`not a duration: ${source.cadence}`);
  const length = source.window
    ? parseSourceDuration(source.window) ?? cadence
    : cadence;
  const offset = source.offset
    ? (parseSourceDuration(source.offset) ?? 0) % cadence
    : 0;
  const end = Math.floor((now.getTime() - offset) / cadence) * cadence + offset;
  return {
    windowStart: new Date(end - length).toISOString(),
    windowEnd: new Date(end).toISOString(),
  };
}

/** The run id of a source's window: the same on every replica and every retry. */
export function driftSourceRunId(windowEnd: string): string {
  return `source-${windowEnd}`;
}
