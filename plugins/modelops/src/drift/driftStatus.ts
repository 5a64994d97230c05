import { DRIFT_METHODS, isDrift } from '@modelops/plugin-modelops-common';
import type { DriftMethod } from '@modelops/plugin-modelops-common';
import type { DriftFeatureSummary, DriftRun } from '../api/DriftApi';

/** Status of a model's dataset in its newest window. */
export type DatasetDriftState =
  | 'drift'
  | 'features-drifted'
  | 'no-drift'
  | 'insufficient-data'
  | 'no-data';

/** Verdict of one feature in one window. */
export type FeatureDriftVerdict =
  | 'drift'
  | 'no-drift'
  | 'insufficient-data'
  | 'no-reference-data';

/** Labels of {@link DatasetDriftState}. */
export const DATASET_STATE_LABELS: Record<DatasetDriftState, string> = {
  drift: 'Drift',
  'features-drifted': 'Features drifted',
  'no-drift': 'No drift',
  'insufficient-data': 'Insufficient data',
  'no-data': 'No data',
};

/** Labels of {@link FeatureDriftVerdict}. */
export const FEATURE_VERDICT_LABELS: Record<FeatureDriftVerdict, string> = {
  drift: 'Drift',
  'no-drift': 'No drift',
  'insufficient-data': 'Insufficient data',
  'no-reference-data': 'No reference data',
};

/** The dataset state of a run: no run is "no data"; a run where no feature could be evaluated is "insufficient data". */
export function datasetDriftState(
  run: DriftRun | null | undefined,
): DatasetDriftState {
  if (!run) return 'no-data';
  if (run.status === 'insufficient-data') return 'insufficient-data';
  if (run.datasetDrift) return 'drift';
  // Some features drifted, but fewer than the dataset's drift share: never "No drift".
  if (run.driftedCount > 0) return 'features-drifted';
  return 'no-drift';
}

/** The verdict of a feature: its status when no verdict was possible, else drift / no drift. */
export function featureVerdict(
  feature: Pick<DriftFeatureSummary, 'drift' | 'status'>,
): FeatureDriftVerdict {
  if (
    feature.status === 'insufficient-data' ||
    feature.status === 'no-reference-data'
  ) {
    return feature.status;
  }
  return feature.drift ? 'drift' : 'no-drift';
}

/** Names of the drifted features of a run's report, in report order; empty without a report. */
export function driftedFeatureNames(
  run: DriftRun | null | undefined,
): string[] {
  return (run?.report?.features ?? []).filter(f => f.drift).map(f => f.name);
}

const METHOD_LABELS: Record<DriftMethod, string> = {
  ks: 'KS p-value',
  chiSquare: 'Chi-square p-value',
  wasserstein: 'Wasserstein distance',
  wassersteinNormed: 'Wasserstein (normed)',
  psi: 'PSI',
  jensenShannon: 'Jensen–Shannon distance',
};

/** A readable name of a drift method (`wassersteinNormed` → `Wasserstein (normed)`). */
export function driftMethodLabel(method: string): string {
  return METHOD_LABELS[method as DriftMethod] ?? method;
}

/**
 * Whether a method's value is a p-value (drift when below the threshold). Asked of the engine's
 * own rule: only for p-value methods is 0 "drift" against a threshold of 1.
 */
export function isPValueMethod(method: string): boolean {
  return (
    (DRIFT_METHODS as readonly string[]).includes(method) &&
    isDrift(method as DriftMethod, 0, 1)
  );
}

const valueFormat = new Intl.NumberFormat('en-US', {
  maximumFractionDigits: 3,
});

/** A metric value for display: three decimals, tiny values in exponent notation, `-` for none. */
export function formatDriftValue(value: number | null | undefined): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '-';
  if (value !== 0 && Math.abs(value) < 0.001) return value.toExponential(2);
  return valueFormat.format(value);
}

/**
 * The drift rule of a threshold: `p < 0.05` for p-value methods, `≥ 0.1` for distances;
 * `-` without a threshold.
 */
export function formatThreshold(
  method: string,
  threshold: number | null | undefined,
): string {
  if (typeof threshold !== 'number' || !Number.isFinite(threshold)) return '-';
  return isPValueMethod(method)
    ? `p < ${formatDriftValue(threshold)}`
    : `≥ ${formatDriftValue(threshold)}`;
}

export {
  formatAbsoluteDate,
  formatAbsoluteTime,
  type TimeFormatOptions,
} from '../components/shared/formatTime';

const relativeFormat = new Intl.RelativeTimeFormat('en-US', {
  numeric: 'auto',
});
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

/** Time relative to `now`, e.g. `2 days ago`, `in 3 hours`, `now`. */
export function formatRelativeTime(
  iso: string,
  now: number = Date.now(),
): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const diff = time - now;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms)
      return relativeFormat.format(Math.round(diff / ms), unit);
  }
  return 'now';
}
