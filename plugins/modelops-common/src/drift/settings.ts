/*
 * Per-model drift settings, stored in the catalog at `spec.monitoring.drift` of a Model
 * entity, and the defaults they override.
 */
import { z } from 'zod';
import { driftSourceSchema } from './source';

/** Names of the drift methods a verdict can be based on. */
export const DRIFT_METHODS = [
  'ks',
  'chiSquare',
  'wasserstein',
  'wassersteinNormed',
  'psi',
  'jensenShannon',
] as const;

/** A drift method. */
export type DriftMethod = (typeof DRIFT_METHODS)[number];

/** Methods whose value is a p-value (drift when value < threshold). */
export const P_VALUE_METHODS: readonly DriftMethod[] = ['ks', 'chiSquare'];

/** Methods that only apply to numeric features. */
export const NUMERIC_ONLY_METHODS: readonly DriftMethod[] = [
  'ks',
  'wasserstein',
  'wassersteinNormed',
];

/** Default drift threshold per method. */
export const DEFAULT_THRESHOLDS: Readonly<Record<DriftMethod, number>> = {
  ks: 0.05,
  chiSquare: 0.05,
  wasserstein: 0.1,
  wassersteinNormed: 0.1,
  psi: 0.1,
  jensenShannon: 0.1,
};

/** Defaults of the drift engine. */
export const DRIFT_DEFAULTS = {
  /** A current window with fewer non-missing values is "insufficient data". */
  minCurrentSize: 30,
  /** Dataset drift when the share of drifted features is at least this. */
  datasetDriftShare: 0.5,
  /** References of at most this many values use the statistical tests (KS / chi-square). */
  smallReferenceSize: 1000,
  /** Numeric features with at most this many distinct reference values count as discrete. */
  discreteMaxDistinct: 5,
} as const;

const methodList = DRIFT_METHODS.join(', ');
const methodSchema = z.enum(DRIFT_METHODS, {
  error: `must be one of ${methodList}`,
});
const kindSchema = z.enum(['numeric', 'categorical'], {
  error: 'must be "numeric" or "categorical"',
});
const thresholdNumber = z
  .number({ error: 'must be a number' })
  .refine(Number.isFinite, { error: 'must be a finite number' })
  .refine(v => v >= 0, { error: 'must be at least 0' });
const positiveInt = z
  .number({ error: 'must be a number' })
  .int({ error: 'must be an integer' })
  .min(1, { error: 'must be at least 1' });

/** The drift settings of one feature, under `features` in a model's drift settings. */
export const featureSettingsSchema = z.strictObject(
  {
    method: methodSchema.optional(),
    threshold: thresholdNumber.optional(),
    kind: kindSchema.optional(),
    ignore: z.boolean({ error: 'must be true or false' }).optional(),
  },
  {
    error:
      'must be an object with optional keys method, threshold, kind, ignore',
  },
);

/**
 * Zod schema of the per-model drift settings (`spec.monitoring.drift`).
 *
 * - `method`: one method for every feature, or `{ numeric, categorical }`; a numeric-only
 *   method (ks, wasserstein, wassersteinNormed) given as the model default is used for
 *   numeric features only. Omitted: the automatic choice (see docs/drift.md).
 * - `threshold`: one number for whichever method is used, or a number per method.
 * - `minCurrentSize`, `datasetDriftShare`, `smallReferenceSize`: see {@link DRIFT_DEFAULTS}.
 * - `categorical`: feature names to treat as categorical even when their values are numbers.
 * - `features`: per-feature `method`, `threshold`, `kind` and `ignore`.
 * - `source`: a scheduled source the backend runs (see {@link driftSourceSchema}).
 */
export const driftSettingsSchema = z.strictObject(
  {
    method: z
      .union(
        [
          methodSchema,
          z.strictObject({
            numeric: methodSchema.optional(),
            categorical: methodSchema.optional(),
          }),
        ],
        {
          error: `must be one of ${methodList}, or an object { numeric, categorical } of those`,
        },
      )
      .optional(),
    threshold: z
      .union(
        [
          thresholdNumber,
          z.strictObject(
            Object.fromEntries(
              DRIFT_METHODS.map(m => [m, thresholdNumber.optional()]),
            ) as Record<DriftMethod, z.ZodOptional<typeof thresholdNumber>>,
          ),
        ],
        {
          error: `must be a number, or an object mapping ${methodList} to numbers`,
        },
      )
      .optional(),
    minCurrentSize: positiveInt.optional(),
    smallReferenceSize: positiveInt.optional(),
    datasetDriftShare: z
      .number({ error: 'must be a number' })
      .gt(0, { error: 'must be greater than 0' })
      .max(1, { error: 'must be at most 1' })
      .optional(),
    categorical: z
      .array(
        z
          .string({ error: 'must be a feature name' })
          .min(1, { error: 'must not be empty' }),
        {
          error: 'must be a list of feature names',
        },
      )
      .optional(),
    features: z
      .record(z.string(), featureSettingsSchema, {
        error: 'must be an object mapping feature names to settings',
      })
      .optional(),
    /** A scheduled source the backend runs (see source.ts). */
    source: driftSourceSchema.optional(),
  },
  { error: 'must be an object' },
);

/** Per-model drift settings (`spec.monitoring.drift` of a Model entity). */
export type DriftSettings = z.infer<typeof driftSettingsSchema>;

/** Per-feature settings inside {@link DriftSettings}. */
export type FeatureDriftSettings = z.infer<typeof featureSettingsSchema>;

/** One problem found in drift settings. */
export interface DriftSettingsProblem {
  /** Dotted path, e.g. `spec.monitoring.drift.features.age.method`. */
  path: string;
  message: string;
}

/** Thrown by {@link parseDriftSettings} for invalid settings. */
export class DriftSettingsError extends Error {
  readonly problems: DriftSettingsProblem[];
  constructor(problems: DriftSettingsProblem[]) {
    super(
      `Invalid drift settings: ${problems
        .map(p => `${p.path}: ${p.message}`)
        .join('; ')}`,
    );
    this.name = 'DriftSettingsError';
    this.problems = problems;
  }
}

function joinPath(base: string, segments: readonly PropertyKey[]): string {
  let out = base;
  for (const s of segments) {
    const key = String(s);
    out += /^[A-Za-z_$][\w$]*$/.test(key)
      ? `${out ? '.' : ''}${key}`
      : `[${JSON.stringify(key)}]`;
  }
  return out || '(root)';
}

/**
 * Validates drift settings and returns them, or lists every problem with the path of the
 * offending field.
 *
 * @param basePath - path prefix for messages, default `spec.monitoring.drift`
 */
export function validateDriftSettings(
  value: unknown,
  basePath = 'spec.monitoring.drift',
):
  | { success: true; settings: DriftSettings }
  | { success: false; problems: DriftSettingsProblem[] } {
  const result = driftSettingsSchema.safeParse(value ?? {});
  if (result.success) return { success: true, settings: result.data };
  const problems: DriftSettingsProblem[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          path: joinPath(basePath, [...issue.path, key]),
          message: 'is not a known setting',
        });
      }
      continue;
    }
    problems.push({
      path: joinPath(basePath, issue.path),
      message: issue.message,
    });
  }
  return { success: false, problems };
}

/**
 * Parses drift settings, throwing a {@link DriftSettingsError} naming each invalid field.
 */
export function parseDriftSettings(
  value: unknown,
  basePath?: string,
): DriftSettings {
  const result = validateDriftSettings(value, basePath);
  if (!result.success) throw new DriftSettingsError(result.problems);
  return result.settings;
}
