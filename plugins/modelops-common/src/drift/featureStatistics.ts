/*
 * Drift results from sufficient statistics: what a database (or any other engine that cannot
 * hand over the raw values) computes per feature, turned into the same report as computeDrift.
 * The p-values, distances over bins and verdicts are the in-memory engine's own functions.
 */
import {
  categoricalFeatureResult,
  DatasetDriftResult,
  DriftOptions,
  FeatureDriftResult,
  NumericComparisonStatistics,
  numericFeatureResult,
  resolveDriftOptions,
  summarizeDrift,
} from './compare';
import { FeatureValue, isMissingValue } from './missing';
import { categoricalFeatureProfile, isDiscreteReference } from './profile';

// The building blocks an engine computing sufficient statistics needs, in one place.
export { binCountsFromBelow, decileEdgesOf, decileRanks } from './binning';
export type { NumericComparisonStatistics } from './compare';
export {
  categoricalFeatureProfile,
  isDiscreteReference,
  referenceProfileOf,
  referenceValuesPlan,
  sketchRank,
} from './profile';

/** Sufficient statistics of a numeric feature. */
export interface NumericFeatureStatistics {
  /** Feature (column) name. */
  name: string;
  kind: 'numeric';
  /** What the reference profile would hold (without the values). */
  reference: {
    /** Finite values. */
    n: number;
    /** NULL, NaN and ±Infinity. */
    missing: number;
    /** Distinct finite values. */
    distinctCount: number;
    /** Population standard deviation; null when n = 0. */
    std: number | null;
    /** Counts in the reference's decile bins (see `decileEdgesOf`, `binCountsFromBelow`). */
    binCounts: number[];
  };
  /** Finite and missing values of the current window. */
  current: { n: number; missing: number };
  /** Present when both sides have values. */
  comparison?: NumericComparisonStatistics;
}

/** Category counts of one side of a categorical feature (keys as strings, no missing keys). */
export interface CategoryCounts {
  /** Count per category (as a string). */
  counts: Map<string, number>;
  /** Non-missing values. */
  n: number;
  /** Missing values (null, NaN, empty, NA, …). */
  missing: number;
}

/** Sufficient statistics of a categorical feature. */
export interface CategoricalFeatureStatistics {
  /** Feature (column) name. */
  name: string;
  kind: 'categorical';
  /** Category counts of the reference. */
  reference: CategoryCounts;
  /** Category counts of the current window. */
  current: CategoryCounts;
}

/** Sufficient statistics of one feature. */
export type FeatureStatistics =
  | NumericFeatureStatistics
  | CategoricalFeatureStatistics;

/**
 * Category counts from grouped values (`[value, count]`, e.g. the rows of a GROUP BY):
 * values are compared as strings and missing values (null, NaN, empty, NA, …) are counted
 * as missing, exactly as the in-memory engine reads a column.
 */
export function categoryCountsOf(
  groups: Iterable<readonly [FeatureValue, number]>,
): CategoryCounts {
  const counts = new Map<string, number>();
  let n = 0;
  let missing = 0;
  for (const [value, count] of groups) {
    if (count === 0) continue;
    if (isMissingValue(value)) {
      missing += count;
      continue;
    }
    const key = String(value);
    counts.set(key, (counts.get(key) ?? 0) + count);
    n += count;
  }
  return { counts, n, missing };
}

/**
 * The drift report of features given by their sufficient statistics: same metrics, p-values,
 * verdicts and JSON as `computeDrift` on the raw values. Features marked `ignore` in the
 * settings are left out.
 */
export function driftFromStatistics(
  features: readonly FeatureStatistics[],
  options: DriftOptions = {},
): DatasetDriftResult {
  const resolved = resolveDriftOptions(options);
  const results: FeatureDriftResult[] = [];
  for (const feature of features) {
    if (resolved.settings.features?.[feature.name]?.ignore) continue;
    if (feature.kind === 'numeric') {
      const { reference } = feature;
      results.push(
        numericFeatureResult(
          {
            name: feature.name,
            n: reference.n,
            missing: reference.missing,
            std: reference.std,
            binCounts: reference.binCounts,
            discrete: isDiscreteReference(reference.n, reference.distinctCount),
          },
          feature.current,
          feature.comparison,
          resolved,
        ),
      );
    } else {
      const profile = categoricalFeatureProfile(
        feature.name,
        feature.reference.counts,
        feature.reference.missing,
      );
      results.push(
        categoricalFeatureResult(profile, feature.current, resolved),
      );
    }
  }
  return summarizeDrift(results, resolved);
}
