/*
 * Comparing current windows against a reference profile, and the one-shot computeDrift.
 */
import { binCountsSorted, proportions } from './binning';
import { ChiSquareResult, chiSquareTest } from './chiSquare';
import { jensenShannonDistance, populationStabilityIndex } from './divergence';
import { ksStatistic, ksTest } from './ks';
import {
  DriftColumns,
  DriftInputError,
  extractCategorical,
  extractNumeric,
  FeatureValue,
} from './missing';
import {
  buildReferenceProfile,
  CategoricalFeatureProfile,
  FeatureKind,
  NumericFeatureProfile,
  ReferenceProfile,
  ReferenceProfileOptions,
  ReferenceValues,
  REFERENCE_PROFILE_FORMAT,
  resolveFeatureKind,
} from './profile';
import { DriftMethod, DriftSettings } from './settings';
import {
  isDrift,
  mergeDriftSettings,
  ResolvedDriftSettings,
  resolveDriftSettings,
  selectDriftMethod,
} from './verdict';
import { wassersteinDistance } from './wasserstein';

/** KS test result as reported. */
export interface KsMetric {
  statistic: number;
  pValue: number;
  /** Distribution used for the p-value (scipy method='auto' semantics). */
  method: 'exact' | 'asymptotic';
}

/** Distribution comparison over a set of bins or categories. */
export interface DistributionMetrics {
  chiSquare: ChiSquareResult | null;
  psi: number | null;
  jensenShannon: number | null;
}

/** Metrics of a numeric feature; null when either side has no values. */
export interface NumericDriftMetrics extends DistributionMetrics {
  ks: KsMetric | null;
  wasserstein: number | null;
  /** wasserstein / max(σ_reference, 0.001). */
  wassersteinNormed: number | null;
  /**
   * For discrete numeric features (at most 5 distinct reference values): chi-square, PSI
   * and Jensen–Shannon over the values as categories. These are what the verdict uses for
   * those methods; the top-level psi / jensenShannon / chiSquare are over the decile bins.
   */
  discrete?: DistributionMetrics;
}

/** Metrics of a categorical feature; null when either side has no values. */
export type CategoricalDriftMetrics = DistributionMetrics;

/**
 * Status of a feature: `ok`; `insufficient-data` when the current window has fewer than
 * `minCurrentSize` non-missing values; `no-reference-data` when the reference has none.
 * Only `ok` features can drift.
 */
export type FeatureDriftStatus =
  | 'ok'
  | 'insufficient-data'
  | 'no-reference-data';

/** Drift result of one feature. */
export interface FeatureDriftResult {
  name: string;
  kind: FeatureKind;
  status: FeatureDriftStatus;
  /** Non-missing values. */
  nReference: number;
  nCurrent: number;
  missingReference: number;
  missingCurrent: number;
  metrics: NumericDriftMetrics | CategoricalDriftMetrics;
  method: DriftMethod;
  /** The value of `method` (p-value for ks / chiSquare); null when it cannot be computed. */
  value: number | null;
  threshold: number;
  drift: boolean;
  /** True when the reference values are a quantile sketch (KS D and Wasserstein approximate). */
  approximate?: boolean;
  /**
   * Current-window counts per bin, for distribution charts: numeric features, aligned with the
   * reference profile's decile `binCounts`; categorical features, the reference `categories` in order
   * followed by {@link FeatureDriftResult.unseenCategories}. Absent when the current window is empty.
   */
  currentBinCounts?: number[];
  /** Categorical features: categories seen only in the current window, in ascending order. */
  unseenCategories?: string[];
}

/** Drift result of a dataset. */
export interface DatasetDriftResult {
  features: FeatureDriftResult[];
  /** Drifted / evaluated features (0 when none could be evaluated). */
  driftShare: number;
  datasetDrift: boolean;
  /** `insufficient-data` when no feature could be evaluated. */
  status: 'ok' | 'insufficient-data';
  nFeatures: number;
  nEvaluated: number;
  nDrifted: number;
  /** Share of drifted features from which the dataset counts as drifted. */
  datasetDriftShare: number;
}

/** Options of {@link compareToProfile}: per-call overrides of the model settings. */
export interface DriftOptions extends DriftSettings {
  /** Model-level settings (e.g. `spec.monitoring.drift`); the other fields override them. */
  settings?: DriftSettings;
}

/** Options of {@link computeDrift}. */
export interface ComputeDriftOptions extends DriftOptions {
  /** Explicit feature kinds. */
  kinds?: Readonly<Record<string, FeatureKind>>;
}

const typedValuesCache = new WeakMap<ReferenceValues, Float64Array>();

function referenceValuesArray(values: ReferenceValues): Float64Array {
  let typed = typedValuesCache.get(values);
  if (!typed) {
    typed = Float64Array.from(
      values.type === 'exact' ? values.sorted : values.points,
    );
    typedValuesCache.set(values, typed);
  }
  return typed;
}

function distributionMetrics(
  refCounts: number[],
  curCounts: number[],
): DistributionMetrics {
  const r = proportions(refCounts);
  const c = proportions(curCounts);
  const keptRef: number[] = [];
  const keptCur: number[] = [];
  for (let i = 0; i < refCounts.length; i += 1) {
    if (refCounts[i] + curCounts[i] > 0) {
      keptRef.push(refCounts[i]);
      keptCur.push(curCounts[i]);
    }
  }
  return {
    chiSquare: chiSquareTest(keptRef, keptCur),
    psi: populationStabilityIndex(r, c),
    jensenShannon: jensenShannonDistance(r, c),
  };
}

const NULL_DISTRIBUTION: DistributionMetrics = {
  chiSquare: null,
  psi: null,
  jensenShannon: null,
};

function discreteCounts(
  values: number[],
  counts: number[],
  current: Float64Array,
): { ref: number[]; cur: number[] } {
  const ref: number[] = [];
  const cur: number[] = [];
  let i = 0;
  let j = 0;
  while (i < values.length || j < current.length) {
    const v =
      i < values.length && (j >= current.length || values[i] <= current[j])
        ? values[i]
        : current[j];
    let rc = 0;
    if (i < values.length && values[i] === v) {
      rc = counts[i];
      i += 1;
    }
    let cc = 0;
    while (j < current.length && current[j] === v) {
      cc += 1;
      j += 1;
    }
    ref.push(rc);
    cur.push(cc);
  }
  return { ref, cur };
}

function statusOf(
  nReference: number,
  nCurrent: number,
  resolved: ResolvedDriftSettings,
): FeatureDriftStatus {
  if (nReference === 0) return 'no-reference-data';
  if (nCurrent < resolved.minCurrentSize) return 'insufficient-data';
  return 'ok';
}

function verdictValue(
  method: DriftMethod,
  metrics: NumericDriftMetrics | CategoricalDriftMetrics,
): number | null {
  const numeric = metrics as NumericDriftMetrics;
  const distribution = numeric.discrete ?? metrics;
  switch (method) {
    case 'ks':
      return numeric.ks?.pValue ?? null;
    case 'wasserstein':
      return numeric.wasserstein ?? null;
    case 'wassersteinNormed':
      return numeric.wassersteinNormed ?? null;
    case 'chiSquare':
      return distribution.chiSquare?.pValue ?? null;
    case 'psi':
      return distribution.psi;
    case 'jensenShannon':
    default:
      return distribution.jensenShannon;
  }
}

function finish(
  base: Omit<FeatureDriftResult, 'method' | 'value' | 'threshold' | 'drift'>,
  discrete: boolean,
  resolved: ResolvedDriftSettings,
): FeatureDriftResult {
  const { method, threshold } = selectDriftMethod(
    base.name,
    base.kind,
    base.nReference,
    discrete,
    resolved,
  );
  const value = verdictValue(method, base.metrics);
  const drift =
    base.status === 'ok' && value !== null && isDrift(method, value, threshold);
  return { ...base, method, value, threshold, drift };
}

/** What a numeric comparison needs from the reference profile. */
export interface NumericReferenceSummary {
  name: string;
  /** Non-missing (finite) reference values. */
  n: number;
  missing: number;
  /** Population standard deviation; null when n = 0. */
  std: number | null;
  /** Reference counts in the decile bins. */
  binCounts: readonly number[];
  /** The reference has at most `discreteMaxDistinct` distinct values. */
  discrete: boolean;
  /** KS and Wasserstein were computed from a quantile sketch of the reference. */
  approximate?: boolean;
}

/**
 * Sufficient statistics of the comparison of a numeric feature's current window with its
 * reference, when both sides have values: everything the metrics are computed from.
 */
export interface NumericComparisonStatistics {
  /** max over the union of values of ｜i/n_r − j/n_c｜ (i, j: values ≤ x on each side). */
  ksStatistic: number;
  /** Σ ｜F_r − F_c｜·(x_(k+1) − x_k) over consecutive distinct values of the union. */
  wasserstein: number;
  /** Current counts in the reference's decile bins. */
  currentBinCounts: number[];
  /**
   * Discrete features: counts per value on each side, over the union of both sides' values
   * in ascending order.
   */
  discreteCounts?: { reference: number[]; current: number[] };
}

/**
 * Result of a numeric feature from its sufficient statistics (`statistics` undefined when a
 * side has no values). The in-memory comparison and the database pushdown both end here.
 */
export function numericFeatureResult(
  reference: NumericReferenceSummary,
  current: { n: number; missing: number },
  statistics: NumericComparisonStatistics | undefined,
  resolved: ResolvedDriftSettings,
): FeatureDriftResult {
  const nCurrent = current.n;
  let metrics: NumericDriftMetrics;
  if (statistics && reference.n > 0 && nCurrent > 0) {
    const ks = ksTest(statistics.ksStatistic, reference.n, nCurrent);
    const wasserstein = statistics.wasserstein;
    metrics = {
      ks,
      wasserstein,
      wassersteinNormed: wasserstein / Math.max(reference.std ?? 0, 0.001),
      ...distributionMetrics(
        reference.binCounts as number[],
        statistics.currentBinCounts,
      ),
    };
    if (reference.discrete) {
      if (!statistics.discreteCounts) {
        throw new RangeError(
          `feature "${reference.name}" is discrete: discreteCounts are needed`,
        );
      }
      metrics.discrete = distributionMetrics(
        statistics.discreteCounts.reference,
        statistics.discreteCounts.current,
      );
    }
  } else {
    metrics = {
      ks: null,
      wasserstein: null,
      wassersteinNormed: null,
      ...NULL_DISTRIBUTION,
    };
    if (reference.discrete) metrics.discrete = { ...NULL_DISTRIBUTION };
  }
  const result = finish(
    {
      name: reference.name,
      kind: 'numeric',
      status: statusOf(reference.n, nCurrent, resolved),
      nReference: reference.n,
      nCurrent,
      missingReference: reference.missing,
      missingCurrent: current.missing,
      metrics,
    },
    reference.discrete,
    resolved,
  );
  if (reference.approximate) result.approximate = true;
  if (statistics && reference.n > 0 && nCurrent > 0)
    result.currentBinCounts = statistics.currentBinCounts;
  return result;
}

function compareNumeric(
  profile: NumericFeatureProfile,
  column: ArrayLike<FeatureValue>,
  resolved: ResolvedDriftSettings,
): FeatureDriftResult {
  const current = extractNumeric(column, profile.name, 'current');
  const cur = current.sorted;
  let statistics: NumericComparisonStatistics | undefined;
  if (profile.n > 0 && cur.length > 0) {
    const ref = referenceValuesArray(profile.values);
    statistics = {
      ksStatistic: ksStatistic(ref, cur),
      wasserstein: wassersteinDistance(ref, cur),
      currentBinCounts: binCountsSorted(cur, profile.edges),
    };
    if (profile.discrete) {
      const { ref: rc, cur: cc } = discreteCounts(
        profile.discrete.values,
        profile.discrete.counts,
        cur,
      );
      statistics.discreteCounts = { reference: rc, current: cc };
    }
  }
  return numericFeatureResult(
    {
      name: profile.name,
      n: profile.n,
      missing: profile.missing,
      std: profile.std,
      binCounts: profile.binCounts,
      discrete: profile.discrete !== undefined,
      approximate: profile.values.type === 'sketch',
    },
    { n: cur.length, missing: current.missing },
    statistics,
    resolved,
  );
}

/**
 * Result of a categorical feature from the reference profile and the current window's
 * category counts (keys as strings, missing values excluded).
 */
export function categoricalFeatureResult(
  profile: CategoricalFeatureProfile,
  current: { counts: ReadonlyMap<string, number>; n: number; missing: number },
  resolved: ResolvedDriftSettings,
): FeatureDriftResult {
  const refCounts = [...profile.counts];
  const curCounts: number[] = [];
  const index = new Map<string, number>();
  profile.categories.forEach((c, i) => {
    index.set(c, i);
    curCounts.push(current.counts.get(c) ?? 0);
  });
  const unseen = [...current.counts.keys()].filter(c => !index.has(c)).sort();
  for (const c of unseen) {
    refCounts.push(0);
    curCounts.push(current.counts.get(c)!);
  }
  const metrics =
    profile.n > 0 && current.n > 0
      ? distributionMetrics(refCounts, curCounts)
      : { ...NULL_DISTRIBUTION };
  const result = finish(
    {
      name: profile.name,
      kind: 'categorical',
      status: statusOf(profile.n, current.n, resolved),
      nReference: profile.n,
      nCurrent: current.n,
      missingReference: profile.missing,
      missingCurrent: current.missing,
      metrics,
    },
    false,
    resolved,
  );
  if (current.n > 0) {
    result.currentBinCounts = curCounts;
    result.unseenCategories = unseen;
  }
  return result;
}

function compareCategorical(
  profile: CategoricalFeatureProfile,
  column: ArrayLike<FeatureValue>,
  resolved: ResolvedDriftSettings,
): FeatureDriftResult {
  return categoricalFeatureResult(
    profile,
    extractCategorical(column),
    resolved,
  );
}

/** The dataset verdict over per-feature results. */
export function summarizeDrift(
  features: FeatureDriftResult[],
  resolved: ResolvedDriftSettings,
): DatasetDriftResult {
  const evaluated = features.filter(f => f.status === 'ok');
  const nDrifted = evaluated.filter(f => f.drift).length;
  const driftShare = evaluated.length > 0 ? nDrifted / evaluated.length : 0;
  return {
    features,
    driftShare,
    datasetDrift:
      evaluated.length > 0 && driftShare >= resolved.datasetDriftShare,
    status: evaluated.length > 0 ? 'ok' : 'insufficient-data',
    nFeatures: features.length,
    nEvaluated: evaluated.length,
    nDrifted,
    datasetDriftShare: resolved.datasetDriftShare,
  };
}

/** Resolves per-call options (with the model settings under `settings`) to the settings in force. */
export function resolveDriftOptions(
  options: DriftOptions,
): ResolvedDriftSettings {
  const { settings, ...overrides } = options;
  return resolveDriftSettings(
    mergeDriftSettings(settings, overrides as DriftSettings),
  );
}

/**
 * Compares a current window (columns by feature name) against a stored reference profile.
 * Every profiled feature must be present in `current` (extra columns are ignored).
 *
 * @throws DriftInputError for missing columns, non-numeric values in numeric features, or
 *   a numeric-only method configured for a categorical feature
 */
export function compareToProfile(
  profile: ReferenceProfile,
  current: DriftColumns,
  options: DriftOptions = {},
): DatasetDriftResult {
  if (profile?.format !== REFERENCE_PROFILE_FORMAT || profile.version !== 1) {
    throw new DriftInputError(
      `not a reference profile (expected format "${REFERENCE_PROFILE_FORMAT}" version 1)`,
    );
  }
  const resolved = resolveDriftOptions(options);
  const missingColumns = profile.features
    .filter(f => !(f.name in current))
    .map(f => f.name);
  if (missingColumns.length > 0) {
    throw new DriftInputError(
      `the current data has no column ${missingColumns
        .map(c => `"${c}"`)
        .join(', ')} (present in the reference)`,
    );
  }
  const features: FeatureDriftResult[] = [];
  for (const feature of profile.features) {
    if (resolved.settings.features?.[feature.name]?.ignore) continue;
    const column = current[feature.name];
    features.push(
      feature.kind === 'numeric'
        ? compareNumeric(feature, column, resolved)
        : compareCategorical(feature, column, resolved),
    );
  }
  return summarizeDrift(features, resolved);
}

/**
 * One-shot drift report of `current` against `reference` (both column-oriented, same
 * columns). A feature is numeric when every non-missing value on both sides is a number,
 * unless declared categorical. Always uses the exact reference values (no sketch).
 *
 * @throws DriftInputError when a column exists on one side only
 */
export function computeDrift(
  reference: DriftColumns,
  current: DriftColumns,
  options: ComputeDriftOptions = {},
): DatasetDriftResult {
  const onlyReference = Object.keys(reference).filter(c => !(c in current));
  const onlyCurrent = Object.keys(current).filter(c => !(c in reference));
  if (onlyReference.length > 0 || onlyCurrent.length > 0) {
    const parts: string[] = [];
    if (onlyReference.length)
      parts.push(`only in the reference: ${onlyReference.join(', ')}`);
    if (onlyCurrent.length)
      parts.push(`only in the current data: ${onlyCurrent.join(', ')}`);
    throw new DriftInputError(
      `reference and current data must have the same columns (${parts.join(
        '; ',
      )})`,
    );
  }
  const { kinds: explicitKinds, ...driftOptions } = options;
  const settings = mergeDriftSettings(
    options.settings,
    driftOptions as DriftSettings,
  );
  const kinds: Record<string, FeatureKind> = {};
  for (const name of Object.keys(reference)) {
    kinds[name] = resolveFeatureKind(name, [reference[name], current[name]], {
      kinds: explicitKinds,
      settings,
    });
  }
  const profileOptions: ReferenceProfileOptions = {
    kinds,
    settings,
    maxExactValues: Infinity,
  };
  const profile = buildReferenceProfile(reference, profileOptions);
  return compareToProfile(profile, current, driftOptions);
}
