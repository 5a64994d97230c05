import type { ModelVersion } from './ModelEntity';

/**
 * The version in the `production` stage among `versions` (a model's `spec.versions`), if any.
 * Malformed items are skipped: callers read entities the catalog may not have validated.
 */
export function productionVersionOf(
  versions: unknown,
): ModelVersion | undefined {
  if (!Array.isArray(versions)) return undefined;
  return versions.find(
    (v): v is ModelVersion =>
      !!v &&
      typeof v === 'object' &&
      typeof (v as ModelVersion).version === 'string' &&
      (v as ModelVersion).stage === 'production',
  );
}

/** The version of a Model entity in the `production` stage, if any. */
export function productionVersion(entity: {
  spec?: unknown;
}): ModelVersion | undefined {
  const spec = entity.spec;
  return productionVersionOf(
    spec && typeof spec === 'object'
      ? (spec as { versions?: unknown }).versions
      : undefined,
  );
}
