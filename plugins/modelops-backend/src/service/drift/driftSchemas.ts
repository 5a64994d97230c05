import {
  DRIFT_METHODS,
  DRIFT_SERIES_DEFAULT_MAX_POINTS,
  DRIFT_SERIES_MAX_MAX_POINTS,
  DRIFT_SERIES_MIN_MAX_POINTS,
  referenceProfileSchema,
} from '@modelops/plugin-modelops-common';
import { z } from 'zod';
import { COLUMN_SIZES, columnMax } from '../inputGuards';

/*
 * Wire formats of the drift API, validated at the HTTP edge. Messages read after the field path
 * (the error handler renders `path: message`).
 */

const isoDateTime = z
  .string({
    error: 'must be an ISO 8601 date-time string, e.g. 2026-11-22T00:00:00Z',
  })
  .refine(v => /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v)), {
    error: 'must be an ISO 8601 date-time, e.g. 2026-11-22T00:00:00Z',
  });

const CELL_MESSAGE = 'must be a number, string, boolean or null';
const MAX_NAME = COLUMN_SIZES.featureName;
const NAME_MESSAGE = `column names must be at most ${MAX_NAME} characters (they are stored as feature names)`;
const isCell = (v: unknown) =>
  v === null ||
  typeof v === 'number' ||
  typeof v === 'string' ||
  typeof v === 'boolean';

/*
 * Cells are checked with a plain loop rather than a zod union per cell: a 10,000-row x 10-column
 * window has 100,000 cells, and the loop is an order of magnitude faster. The first bad cell is
 * reported with its path.
 */

/** Raw rows: a list of objects mapping column name to value. */
const rows = z
  .array(z.unknown(), { error: 'must be a list of row objects' })
  .min(1, { error: 'must contain at least one row' })
  .superRefine((list, ctx) => {
    for (let i = 0; i < list.length; i++) {
      const row = list[i];
      if (row === null || typeof row !== 'object' || Array.isArray(row)) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: 'must be an object mapping column to value',
        });
        return;
      }
      for (const key of Object.keys(row)) {
        if (key.length > MAX_NAME || key.length === 0) {
          ctx.addIssue({
            code: 'custom',
            path: [i, key.slice(0, 40)],
            message: key.length
              ? NAME_MESSAGE
              : 'column names must not be empty',
          });
          return;
        }
        if (!isCell((row as Record<string, unknown>)[key])) {
          ctx.addIssue({
            code: 'custom',
            path: [i, key],
            message: CELL_MESSAGE,
          });
          return;
        }
      }
    }
  })
  .transform(
    list => list as Record<string, number | string | boolean | null>[],
  );

/** Column-oriented data: column name to list of values (compact for large windows). */
const columns = z
  .record(
    z.string(),
    z.array(z.unknown(), { error: 'must be a list of values' }),
    {
      error: 'must be an object mapping column names to lists of values',
    },
  )
  .superRefine((cols, ctx) => {
    for (const [name, values] of Object.entries(cols)) {
      if (name.length > MAX_NAME || name.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: [name.slice(0, 40)],
          message: name.length
            ? NAME_MESSAGE
            : 'column names must not be empty',
        });
        return;
      }
      for (let i = 0; i < values.length; i++) {
        if (!isCell(values[i])) {
          ctx.addIssue({
            code: 'custom',
            path: [name, i],
            message: CELL_MESSAGE,
          });
          return;
        }
      }
    }
  })
  .transform(
    cols => cols as Record<string, (number | string | boolean | null)[]>,
  );

const modelVersion = z
  .string({ error: 'must be a version string' })
  .trim()
  .min(1, { error: 'must be a non-empty version string' })
  .max(...columnMax('modelVersion'));

/** Feature names are stored (feature results), so they fit their column. */
const featureName = z
  .string({ error: 'must be a feature name' })
  .min(1, { error: 'must be a feature name' })
  .max(...columnMax('featureName'));

/** Body of `POST .../references`: raw data (rows or columns) or a profile made by the CLI. */
export const setReferenceBodySchema = z
  .strictObject({
    modelVersion: modelVersion.optional(),
    rows: rows.optional(),
    columns: columns.optional(),
    // Validated completely (every feature's edges, counts, values): a stored profile is compared
    // against by every later window, so a bad one must be refused here, not at the next run.
    profile: referenceProfileSchema().optional(),
    categorical: z
      .array(featureName, { error: 'must be a list of column names' })
      .optional(),
  })
  .refine(b => [b.rows, b.columns, b.profile].filter(Boolean).length === 1, {
    error: 'give exactly one of rows, columns or profile',
    path: ['rows'],
  });
export type SetReferenceBody = z.infer<typeof setReferenceBodySchema>;

const finiteOrNull = z.number().nullable();

/** One feature of a drift report, as printed by `yarn modelops drift --format json`. */
export const driftFeatureReportSchema = z.looseObject({
  name: featureName,
  kind: z.enum(['numeric', 'categorical'], {
    error: 'must be "numeric" or "categorical"',
  }),
  status: z
    .string()
    .max(...columnMax('status'))
    .optional(),
  nReference: z.number().int().nonnegative(),
  nCurrent: z.number().int().nonnegative(),
  missingReference: z.number().int().nonnegative(),
  missingCurrent: z.number().int().nonnegative(),
  metrics: z.record(z.string(), z.unknown(), {
    error: 'must be an object of metrics',
  }),
  method: z.enum(DRIFT_METHODS, {
    error: `must be one of ${DRIFT_METHODS.join(', ')}`,
  }),
  value: finiteOrNull,
  threshold: finiteOrNull,
  drift: z.boolean({ error: 'must be true or false' }),
});

/** A whole drift report (`yarn modelops drift --format json`). */
export const driftReportSchema = z
  .looseObject({
    features: z
      .array(driftFeatureReportSchema, {
        error: 'must be a list of feature results',
      })
      .min(1, { error: 'must contain at least one feature' }),
    driftShare: z.number().min(0).max(1),
    datasetDrift: z.boolean(),
    status: z
      .string()
      .max(...columnMax('status'))
      .optional(),
  })
  .superRefine((report, ctx) => {
    // One history point per feature and run: a feature named twice would be ambiguous.
    const seen = new Set<string>();
    report.features.forEach((f, i) => {
      if (seen.has(f.name))
        ctx.addIssue({
          code: 'custom',
          path: ['features', i, 'name'],
          message: `duplicates the feature "${f.name}"`,
        });
      seen.add(f.name);
    });
  });
export type DriftReportBody = z.infer<typeof driftReportSchema>;

/** Body of `POST .../runs`: a current window (rows or columns) or a computed report. */
export const submitRunBodySchema = z
  .strictObject({
    runId: z
      .string({
        error:
          'is required: a client-chosen id that makes retries idempotent, e.g. "2026-11-22-daily"',
      })
      .trim()
      .min(1, { error: 'must be a non-empty string' })
      .max(200, { error: 'must be at most 200 characters' }),
    windowStart: isoDateTime.optional(),
    windowEnd: isoDateTime.optional(),
    modelVersion: modelVersion.optional(),
    referenceId: z
      .string({ error: 'must be the id of a reference (GET .../references)' })
      .trim()
      .min(1, { error: 'must be the id of a reference (GET .../references)' })
      .max(...columnMax('id'))
      .optional(),
    rows: rows.optional(),
    columns: columns.optional(),
    report: driftReportSchema.optional(),
  })
  .refine(b => [b.rows, b.columns, b.report].filter(Boolean).length === 1, {
    error: 'give exactly one of rows, columns or report',
    path: ['rows'],
  })
  .refine(
    b =>
      !b.windowStart ||
      !b.windowEnd ||
      Date.parse(b.windowStart) <= Date.parse(b.windowEnd),
    {
      error: 'must not be after windowEnd',
      path: ['windowStart'],
    },
  );
export type SubmitRunBody = z.infer<typeof submitRunBodySchema>;

/** Query of `GET .../runs`. */
export const listRunsQuerySchema = z.strictObject({
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be an integer' })
    .min(1, { error: 'must be at least 1' })
    .max(500, { error: 'must be at most 500' })
    .default(50),
  cursor: z
    .string()
    .max(1000, { error: 'must be a nextCursor value of a previous page' })
    .optional(),
  includeReport: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .optional(),
});

/** Largest page of `GET .../history` (points); the default is {@link HISTORY_DEFAULT_LIMIT}. */
export const HISTORY_MAX_LIMIT = 50_000;
export const HISTORY_DEFAULT_LIMIT = 20_000;

/** Query of `GET .../history`. */
export const historyQuerySchema = z.strictObject({
  feature: z
    .string()
    .max(...columnMax('featureName'))
    .optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be an integer' })
    .min(1, { error: 'must be at least 1' })
    .max(HISTORY_MAX_LIMIT, { error: `must be at most ${HISTORY_MAX_LIMIT}` })
    .default(HISTORY_DEFAULT_LIMIT),
  cursor: z
    .string()
    .max(2000, { error: 'must be a nextCursor value of a previous page' })
    .optional(),
});

/** Query of `GET .../history/series` (the compact, down-sampled history for charts). */
export const historySeriesQuerySchema = z
  .strictObject({
    feature: z
      .string()
      .max(...columnMax('featureName'))
      .optional(),
    from: isoDateTime.optional(),
    to: isoDateTime.optional(),
    maxPoints: z.coerce
      .number({ error: 'must be a number' })
      .int({ error: 'must be an integer' })
      .min(DRIFT_SERIES_MIN_MAX_POINTS, {
        error: `must be at least ${DRIFT_SERIES_MIN_MAX_POINTS}`,
      })
      .max(DRIFT_SERIES_MAX_MAX_POINTS, {
        error: `must be at most ${DRIFT_SERIES_MAX_MAX_POINTS} (points per series; a chart cannot show more)`,
      })
      .default(DRIFT_SERIES_DEFAULT_MAX_POINTS),
  })
  .refine(q => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    path: ['to'],
    error: 'must not be before from',
  });
export type HistorySeriesQuery = z.infer<typeof historySeriesQuerySchema>;

/** Body of `POST .../runs/:runId/acknowledgement`. */
export const acknowledgeBodySchema = z.strictObject({
  comment: z
    .string({
      error:
        'is required: why the drift needs no action now (e.g. "seasonal shift, reviewed with risk; retrain planned for Q1")',
    })
    .trim()
    .min(10, {
      error: 'must be at least 10 characters: say why no action is needed now',
    })
    .max(2000, { error: 'must be at most 2000 characters' }),
});
