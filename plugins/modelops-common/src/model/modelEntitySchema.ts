import { parseEntityRef } from '@backstage/catalog-model';
import type { JsonValue } from '@backstage/types';
import { z } from 'zod';
import { driftSettingsSchema } from '../drift/settings';
import { httpUrlSchema } from '../schema/url';
import {
  EU_AI_ACT_CATEGORIES,
  MODEL_API_VERSION,
  MODEL_KIND,
  MODEL_RISK_TIERS,
  MODEL_VERSION_STAGES,
} from './ModelEntity';

/*
 * The zod schema of a Model entity is the single source of truth: the catalog processor,
 * the CLI, the scaffolder actions and the frontend all validate with it, and the JSON schema in
 * `schema/Model.v1alpha1.schema.json` is generated from it (see `modelEntityJsonSchema.ts`).
 *
 * Every message is written to read after the field path, e.g.
 * `spec.riskTier must be one of low, medium, high`.
 */

const isMissing = (input: unknown) => input === undefined || input === null;

/** A required or optional non-empty string. */
function text(what = 'a non-empty string') {
  return z
    .string({
      error: iss => (isMissing(iss.input) ? 'is required' : `must be ${what}`),
    })
    .trim()
    .min(1, { error: `must be ${what}` });
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: iss =>
      isMissing(iss.input)
        ? `is required; allowed values are ${values.join(', ')}`
        : `must be one of ${values.join(', ')} (got ${JSON.stringify(
            iss.input,
          )})`,
  });
}

/** An entity reference string; `defaultKind` is used when the ref has no `kind:` prefix. */
function entityRef(defaultKind: string | undefined) {
  const example = defaultKind
    ? `${defaultKind.toLocaleLowerCase('en-US')}:default/name or just name`
    : 'kind:namespace/name, e.g. component:default/payments';
  return text(`an entity reference (${example})`).superRefine((value, ctx) => {
    try {
      parseEntityRef(value, { defaultKind, defaultNamespace: 'default' });
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `must be an entity reference (${example}); got ${JSON.stringify(
          value,
        )}`,
      });
    }
  });
}

function refList(defaultKind: string | undefined) {
  return z.array(entityRef(defaultKind), {
    error: iss =>
      `must be a list of entity references${
        typeof iss.input === 'string' ? ' (write it as a YAML list: - ref)' : ''
      }`,
  });
}

const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO 8601 date (`2026-03-01`) or date-time (`2026-03-01T12:00:00Z`). */
const isoDate = z
  .union([z.string(), z.date()], {
    error: 'must be an ISO 8601 date like 2026-03-01 or 2026-03-01T12:00:00Z',
  })
  .transform(v => (v instanceof Date ? v.toISOString() : v))
  .refine(v => ISO_DATE.test(v) && !Number.isNaN(Date.parse(v)), {
    error: 'must be an ISO 8601 date like 2026-03-01 or 2026-03-01T12:00:00Z',
  });

/** A JSON value: what every entity field is (Entity.spec is a JsonObject). */
const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union(
    [
      z.string(),
      z.number(),
      z.boolean(),
      z.null(),
      z.array(jsonValue),
      z.record(z.string(), jsonValue),
    ],
    {
      error:
        'must be a JSON value (string, number, boolean, null, list or map)',
    },
  ),
);

const metricValue = z.number({
  error: 'must be a number (metrics map a metric name to a number)',
});

/** Schema of one entry of `spec.versions`. */
export const modelVersionSchema = z.strictObject(
  {
    version: z.preprocess(
      v => (typeof v === 'number' ? String(v) : v),
      text('a non-empty version string, e.g. "1.2.0"'),
    ),
    stage: oneOf(MODEL_VERSION_STAGES),
    createdAt: isoDate.optional(),
    metrics: z
      .record(
        z.string(),
        metricValue.refine(Number.isFinite, 'must be a finite number'),
        {
          error: 'must be a map of metric name to number, e.g. { auc: 0.91 }',
        },
      )
      .optional(),
    artifact: text().optional(),
    // Rendered as a link on the Model page: http(s) only (no javascript:/data: URLs).
    runUrl: httpUrlSchema().optional(),
  },
  {
    error: iss =>
      iss.code === 'unrecognized_keys'
        ? unknownKeysMessage(iss.keys, [
            'version',
            'stage',
            'createdAt',
            'metrics',
            'artifact',
            'runUrl',
          ])
        : 'must be an object with at least version and stage',
  },
);

const SPEC_FIELDS = [
  'type',
  'lifecycle',
  'owner',
  'system',
  'framework',
  'riskTier',
  'euAiActCategory',
  'intendedUse',
  'limitations',
  'trainingData',
  'servedBy',
  'derivedFrom',
  'dependsOn',
  'versions',
  'monitoring',
];

function unknownKeysMessage(keys: string[], known: string[]) {
  return `has unknown field${keys.length > 1 ? 's' : ''} ${keys.join(
    ', ',
  )}; known fields are ${known.join(', ')}`;
}

/** Schema of a Model's `spec`. */
export const modelSpecSchema = z
  .strictObject(
    {
      type: text(
        'a non-empty string (recommended: classification, regression, ranking, forecasting, clustering, llm, generative, rules, optimization)',
      ),
      lifecycle: text(
        'a non-empty string, e.g. experimental, production, deprecated',
      ),
      owner: entityRef('Group'),
      system: entityRef('System').optional(),
      framework: text().optional(),
      riskTier: oneOf(MODEL_RISK_TIERS).optional(),
      euAiActCategory: oneOf(EU_AI_ACT_CATEGORIES).optional(),
      intendedUse: text().optional(),
      limitations: text().optional(),
      trainingData: refList('Resource').optional(),
      servedBy: refList('Component').optional(),
      derivedFrom: entityRef('Model').optional(),
      dependsOn: refList(undefined).optional(),
      versions: z
        .array(modelVersionSchema, { error: 'must be a list of versions' })
        .optional(),
      // Other monitoring settings pass through; they are JSON values like every entity field
      // (so the inferred spec type stays a JsonObject, as Entity requires).
      monitoring: z
        .object(
          { drift: driftSettingsSchema.optional() },
          { error: 'must be an object' },
        )
        .catchall(jsonValue)
        .optional(),
    },
    {
      error: iss => {
        if (iss.code === 'unrecognized_keys') {
          return unknownKeysMessage(iss.keys, SPEC_FIELDS);
        }
        return isMissing(iss.input) ? 'is required' : 'must be an object';
      },
    },
  )
  .superRefine((spec, ctx) => {
    const versions = spec.versions ?? [];
    const seen = new Map<string, number>();
    versions.forEach((v, i) => {
      const first = seen.get(v.version);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['versions', i, 'version'],
          message: `must be unique; "${v.version}" is also spec.versions[${first}].version`,
        });
      } else {
        seen.set(v.version, i);
      }
    });
    const production = versions
      .map((v, i) => (v.stage === 'production' ? i : -1))
      .filter(i => i >= 0);
    if (production.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['versions', production[1], 'stage'],
        message: `must not be production: at most one version may be in production, and spec.versions[${production[0]}] already is (set the older one to archived)`,
      });
    }
  });

/** Annotation with the model's page in a model registry (MLflow, SageMaker, Vertex AI). */
const REGISTRY_URL_ANNOTATION = 'modelops.io/registry-url';

/** Schema of the whole Model entity envelope (metadata is checked loosely; the catalog checks it fully). */
export const modelEntitySchema = z.object({
  apiVersion: z.literal(MODEL_API_VERSION, {
    error: iss =>
      `must be ${MODEL_API_VERSION} for kind ${MODEL_KIND}${
        typeof iss.input === 'string' ? ` (got "${iss.input}")` : ''
      }`,
  }),
  kind: z.literal(MODEL_KIND, { error: `must be ${MODEL_KIND}` }),
  metadata: z.looseObject(
    {
      name: text('a non-empty name, e.g. churn-predictor'),
      // The one ModelOps annotation the Model page renders as a link (the frontend's
      // MODEL_REGISTRY_URL_ANNOTATION): http(s) only, like every other URL field.
      annotations: z
        .looseObject(
          { [REGISTRY_URL_ANNOTATION]: httpUrlSchema().optional() },
          { error: 'must be a map of annotation name to string' },
        )
        .optional(),
    },
    { error: 'is required and must be an object with at least a name' },
  ),
  spec: modelSpecSchema,
});
