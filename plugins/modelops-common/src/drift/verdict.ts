/*
 * Choice of the drift method per feature, thresholds, and the drift decision.
 */
import {
  DEFAULT_THRESHOLDS,
  DRIFT_DEFAULTS,
  DriftMethod,
  DriftSettings,
  NUMERIC_ONLY_METHODS,
  P_VALUE_METHODS,
} from './settings';
import { DriftInputError } from './missing';
import type { FeatureKind } from './profile';

/** Settings after merging model settings with per-call overrides. */
export interface ResolvedDriftSettings {
  settings: DriftSettings;
  minCurrentSize: number;
  datasetDriftShare: number;
  smallReferenceSize: number;
}

/**
 * Merges model-level settings with per-call overrides (call wins; `features` entries are
 * merged per feature).
 */
export function mergeDriftSettings(
  base: DriftSettings = {},
  override: DriftSettings = {},
): DriftSettings {
  const merged: DriftSettings = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value !== undefined && key !== 'features')
      (merged as Record<string, unknown>)[key] = value;
  }
  if (base.features || override.features) {
    const features: NonNullable<DriftSettings['features']> = {
      ...base.features,
    };
    for (const [name, f] of Object.entries(override.features ?? {})) {
      features[name] = { ...features[name], ...f };
    }
    merged.features = features;
  }
  return merged;
}

/** Applies defaults to merged settings. */
export function resolveDriftSettings(
  settings: DriftSettings,
): ResolvedDriftSettings {
  return {
    settings,
    minCurrentSize: settings.minCurrentSize ?? DRIFT_DEFAULTS.minCurrentSize,
    datasetDriftShare:
      settings.datasetDriftShare ?? DRIFT_DEFAULTS.datasetDriftShare,
    smallReferenceSize:
      settings.smallReferenceSize ?? DRIFT_DEFAULTS.smallReferenceSize,
  };
}

/**
 * The automatic method: a reference of at most `smallReferenceSize` values uses KS for
 * numeric features with more than 5 distinct values and chi-square otherwise; larger
 * references use the normed Wasserstein distance, respectively Jensen–Shannon.
 */
export function defaultDriftMethod(
  kind: FeatureKind,
  nReference: number,
  discrete: boolean,
  smallReferenceSize: number = DRIFT_DEFAULTS.smallReferenceSize,
): DriftMethod {
  const continuous = kind === 'numeric' && !discrete;
  if (nReference <= smallReferenceSize) return continuous ? 'ks' : 'chiSquare';
  return continuous ? 'wassersteinNormed' : 'jensenShannon';
}

/** Picks the method and threshold for one feature. */
export function selectDriftMethod(
  name: string,
  kind: FeatureKind,
  nReference: number,
  discrete: boolean,
  resolved: ResolvedDriftSettings,
): { method: DriftMethod; threshold: number } {
  const { settings } = resolved;
  const feature = settings.features?.[name];
  let method: DriftMethod | undefined = feature?.method;
  if (
    method &&
    kind === 'categorical' &&
    NUMERIC_ONLY_METHODS.includes(method)
  ) {
    throw new DriftInputError(
      `method "${method}" configured for feature "${name}" needs a numeric feature, but "${name}" is categorical; use chiSquare, psi or jensenShannon`,
    );
  }
  if (!method) {
    const modelMethod =
      typeof settings.method === 'string'
        ? settings.method
        : settings.method?.[kind];
    if (
      modelMethod &&
      !(kind === 'categorical' && NUMERIC_ONLY_METHODS.includes(modelMethod))
    ) {
      method = modelMethod;
    }
  }
  if (!method)
    method = defaultDriftMethod(
      kind,
      nReference,
      discrete,
      resolved.smallReferenceSize,
    );
  let threshold = feature?.threshold;
  if (threshold === undefined) {
    threshold =
      typeof settings.threshold === 'number'
        ? settings.threshold
        : settings.threshold?.[method] ?? DEFAULT_THRESHOLDS[method];
  }
  return { method, threshold };
}

/** Whether a method's value means drift: `p-value < threshold`, or `distance ≥ threshold`. */
export function isDrift(
  method: DriftMethod,
  value: number,
  threshold: number,
): boolean {
  return P_VALUE_METHODS.includes(method)
    ? value < threshold
    : value >= threshold;
}
