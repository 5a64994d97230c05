/*
 * Reference profiles: everything the engine needs from a reference dataset, as a
 * JSON-safe object that a service can store once and compare many windows against.
 */
import { binCountsSorted, decileEdges } from './binning';
import {
  DriftColumns,
  DriftInputError,
  extractCategorical,
  extractNumeric,
  isNumericColumn,
} from './missing';
import { CompensatedSum } from './numeric';
import { DRIFT_DEFAULTS, DriftSettings } from './settings';

/** Identifies the profile format in stored JSON. */
export const REFERENCE_PROFILE_FORMAT = 'modelops.drift.reference-profile';

/** Feature kind. */
export type FeatureKind = 'numeric' | 'categorical';

/** Reference values kept for KS and Wasserstein. */
export type ReferenceValues =
  | {
      /** All finite reference values, ascending. */
      type: 'exact';
      sorted: number[];
    }
  | {
      /**
       * Equal-weight quantile sketch: point k is the sorted value of rank
       * floor((k + ½)·n / size). Its ECDF is within 1/(2·size) of the reference ECDF.
       */
      type: 'sketch';
      points: number[];
      /** Bound on |F_sketch − F_reference| (= 1 / (2·points.length)). */
      maxEcdfError: number;
    };

/** Reference profile of a numeric feature. */
export interface NumericFeatureProfile {
  name: string;
  kind: 'numeric';
  /** Non-missing (finite) values. */
  n: number;
  /** Missing values, including ±Infinity. */
  missing: number;
  /** Distinct finite values. */
  distinctCount: number;
  /** null when n = 0. */
  mean: number | null;
  /** Population standard deviation (ddof = 0); null when n = 0. */
  std: number | null;
  min: number | null;
  max: number | null;
  /** Merged decile edges (empty when n = 0). */
  edges: number[];
  /** Reference counts in the bins (−∞, e1), [e1, e2), …, [ek, +∞). */
  binCounts: number[];
  values: ReferenceValues;
  /** Value counts when `distinctCount <= discreteMaxDistinct` (the feature is "discrete"). */
  discrete?: { values: number[]; counts: number[] };
}

/** Reference profile of a categorical feature. */
export interface CategoricalFeatureProfile {
  name: string;
  kind: 'categorical';
  n: number;
  missing: number;
  /** Categories seen in the reference, in ascending string order. */
  categories: string[];
  counts: number[];
}

/** Reference profile of one feature. */
export type FeatureProfile = NumericFeatureProfile | CategoricalFeatureProfile;

/** A JSON-safe reference profile. */
export interface ReferenceProfile {
  format: typeof REFERENCE_PROFILE_FORMAT;
  version: 1;
  /** Discrete-numeric cut-off used when the profile was built. */
  discreteMaxDistinct: number;
  features: FeatureProfile[];
}

/** Options of {@link buildReferenceProfile}. */
export interface ReferenceProfileOptions {
  /** Features to treat as categorical (also read from `settings.categorical`). */
  categorical?: readonly string[];
  /** Model settings; `categorical` and `features.*.kind` / `ignore` are used. */
  settings?: DriftSettings;
  /** Explicit kinds (win over everything else). */
  kinds?: Readonly<Record<string, FeatureKind>>;
  /**
   * Keep all values up to this many finite values per feature; larger references are
   * summarised by a quantile sketch. Default 200 000; must be at least 10 000.
   */
  maxExactValues?: number;
  /** Number of sketch points (default 100 000 → ECDF error ≤ 5e-6). */
  sketchSize?: number;
}

const DEFAULT_MAX_EXACT_VALUES = 200000;
const DEFAULT_SKETCH_SIZE = 100000;

/**
 * How a numeric profile keeps the reference values of `n` finite values: all of them
 * (`exact`) up to `maxExactValues` (at least 10 000), else a quantile sketch of `size` points.
 */
export function referenceValuesPlan(
  n: number,
  options: { maxExactValues?: number; sketchSize?: number } = {},
): { type: 'exact' } | { type: 'sketch'; size: number } {
  const maxExact = Math.max(
    options.maxExactValues ?? DEFAULT_MAX_EXACT_VALUES,
    10000,
  );
  if (n <= maxExact) return { type: 'exact' };
  return {
    type: 'sketch',
    size: Math.max(1, Math.floor(options.sketchSize ?? DEFAULT_SKETCH_SIZE)),
  };
}

/** 0-based rank of sketch point `k` of `size` points over `n` sorted values. */
export function sketchRank(k: number, n: number, size: number): number {
  return Math.floor(((k + 0.5) * n) / size);
}

/** Whether a numeric reference with `distinctCount` distinct values of `n` is discrete. */
export function isDiscreteReference(
  n: number,
  distinctCount: number,
  discreteMaxDistinct: number = DRIFT_DEFAULTS.discreteMaxDistinct,
): boolean {
  return n > 0 && distinctCount <= discreteMaxDistinct;
}

/** A reference profile of the given features (the current format and version). */
export function referenceProfileOf(
  features: FeatureProfile[],
): ReferenceProfile {
  return {
    format: REFERENCE_PROFILE_FORMAT,
    version: 1,
    discreteMaxDistinct: DRIFT_DEFAULTS.discreteMaxDistinct,
    features,
  };
}

/** Resolves the kind of a feature from options, settings and (last) the data. */
export function resolveFeatureKind(
  name: string,
  columns: ArrayLike<unknown>[],
  options: Pick<ReferenceProfileOptions, 'categorical' | 'settings' | 'kinds'>,
): FeatureKind {
  const explicit = options.kinds?.[name];
  if (explicit) return explicit;
  const featureKind = options.settings?.features?.[name]?.kind;
  if (featureKind) return featureKind;
  if (
    options.categorical?.includes(name) ||
    options.settings?.categorical?.includes(name)
  ) {
    return 'categorical';
  }
  return columns.every(c => isNumericColumn(c as ArrayLike<never>))
    ? 'numeric'
    : 'categorical';
}

/** Profile of a numeric feature from its sorted finite values. */
export function numericFeatureProfile(
  name: string,
  sorted: Float64Array,
  missing: number,
  options: {
    maxExactValues?: number;
    sketchSize?: number;
    discreteMaxDistinct?: number;
  } = {},
): NumericFeatureProfile {
  const n = sorted.length;
  const discreteMax =
    options.discreteMaxDistinct ?? DRIFT_DEFAULTS.discreteMaxDistinct;
  let distinctCount = 0;
  const discreteValues: number[] = [];
  const discreteCounts: number[] = [];
  for (let i = 0; i < n; i += 1) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) {
      distinctCount += 1;
      if (distinctCount <= discreteMax) {
        discreteValues.push(sorted[i]);
        discreteCounts.push(0);
      }
    }
    if (distinctCount <= discreteMax)
      discreteCounts[discreteCounts.length - 1] += 1;
  }
  let mean: number | null = null;
  let std: number | null = null;
  if (n > 0) {
    const s = new CompensatedSum();
    for (let i = 0; i < n; i += 1) s.add(sorted[i]);
    const m = s.value / n;
    const ss = new CompensatedSum();
    for (let i = 0; i < n; i += 1) {
      const d = sorted[i] - m;
      ss.add(d * d);
    }
    mean = m;
    std = Math.sqrt(ss.value / n);
  }
  const edges = n > 0 ? decileEdges(sorted) : [];
  let values: ReferenceValues;
  const plan = referenceValuesPlan(n, options);
  if (plan.type === 'exact') {
    values = { type: 'exact', sorted: Array.from(sorted) };
  } else {
    const size = plan.size;
    const points = new Array<number>(size);
    for (let k = 0; k < size; k += 1)
      points[k] = sorted[sketchRank(k, n, size)];
    values = { type: 'sketch', points, maxEcdfError: 1 / (2 * size) };
  }
  const profile: NumericFeatureProfile = {
    name,
    kind: 'numeric',
    n,
    missing,
    distinctCount,
    mean,
    std,
    min: n > 0 ? sorted[0] : null,
    max: n > 0 ? sorted[n - 1] : null,
    edges,
    binCounts: binCountsSorted(sorted, edges),
    values,
  };
  if (isDiscreteReference(n, distinctCount, discreteMax)) {
    profile.discrete = { values: discreteValues, counts: discreteCounts };
  }
  return profile;
}

function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** Profile of a categorical feature from its category counts. */
export function categoricalFeatureProfile(
  name: string,
  counts: Map<string, number>,
  missing: number,
): CategoricalFeatureProfile {
  const categories = [...counts.keys()].sort(compareStrings);
  let n = 0;
  for (const c of counts.values()) n += c;
  return {
    name,
    kind: 'categorical',
    n,
    missing,
    categories,
    counts: categories.map(c => counts.get(c)!),
  };
}

/**
 * Builds the reference profile of a dataset (one entry per column, except features marked
 * `ignore` in the settings). Kinds: `kinds` option, then `settings.features.*.kind`, then
 * `categorical`/`settings.categorical`, else numeric when every non-missing value is a number.
 */
export function buildReferenceProfile(
  reference: DriftColumns,
  options: ReferenceProfileOptions = {},
): ReferenceProfile {
  const features: FeatureProfile[] = [];
  for (const name of Object.keys(reference)) {
    if (options.settings?.features?.[name]?.ignore) continue;
    const column = reference[name];
    if (!column || typeof column.length !== 'number') {
      throw new DriftInputError(`reference column "${name}" is not an array`);
    }
    const kind = resolveFeatureKind(name, [column], options);
    if (kind === 'numeric') {
      const sample = extractNumeric(column, name, 'reference');
      features.push(
        numericFeatureProfile(name, sample.sorted, sample.missing, {
          maxExactValues: options.maxExactValues,
          sketchSize: options.sketchSize,
        }),
      );
    } else {
      const sample = extractCategorical(column);
      features.push(
        categoricalFeatureProfile(name, sample.counts, sample.missing),
      );
    }
  }
  return referenceProfileOf(features);
}
