/*
 * Drift engine: pure, isomorphic statistics comparing a current data window with a
 * reference, matching scipy / numpy (see docs/drift.md).
 */
export { buildReferenceProfile, REFERENCE_PROFILE_FORMAT } from './profile';
export type {
  CategoricalFeatureProfile,
  FeatureKind,
  FeatureProfile,
  NumericFeatureProfile,
  ReferenceProfile,
  ReferenceProfileOptions,
  ReferenceValues,
} from './profile';
export {
  MAX_FEATURE_NAME_LENGTH,
  referenceProfileSchema,
  validateReferenceProfile,
} from './profileSchema';
export type {
  ReferenceProfileLimits,
  ReferenceProfileProblem,
} from './profileSchema';
export { compareToProfile, computeDrift } from './compare';
export {
  binCountsFromBelow,
  categoricalFeatureProfile,
  categoryCountsOf,
  decileEdgesOf,
  decileRanks,
  driftFromStatistics,
  isDiscreteReference,
  referenceProfileOf,
  referenceValuesPlan,
  sketchRank,
} from './featureStatistics';
export type {
  CategoricalFeatureStatistics,
  CategoryCounts,
  FeatureStatistics,
  NumericComparisonStatistics,
  NumericFeatureStatistics,
} from './featureStatistics';
export type {
  CategoricalDriftMetrics,
  ComputeDriftOptions,
  DatasetDriftResult,
  DistributionMetrics,
  DriftOptions,
  FeatureDriftResult,
  FeatureDriftStatus,
  KsMetric,
  NumericDriftMetrics,
} from './compare';
export {
  DEFAULT_THRESHOLDS,
  DRIFT_DEFAULTS,
  DRIFT_METHODS,
  DriftSettingsError,
  driftSettingsSchema,
  featureSettingsSchema,
  parseDriftSettings,
  validateDriftSettings,
} from './settings';
export type {
  DriftMethod,
  DriftSettings,
  DriftSettingsProblem,
  FeatureDriftSettings,
} from './settings';
export { modelDriftSettings } from './modelSettings';
export {
  driftSourceRunId,
  driftSourceSchema,
  driftSourceWindow,
  MAX_SOURCE_CADENCE_MS,
  MAX_SOURCE_SQL_LENGTH,
  MAX_SOURCE_WINDOW_MS,
  MIN_SOURCE_CADENCE_MS,
  parseSourceDuration,
} from './source';
export type { DriftSource } from './source';
export { DriftInputError, isMissingValue, parseNumericValue } from './missing';
export type { DriftColumns, FeatureValue } from './missing';
export { defaultDriftMethod, isDrift } from './verdict';
export { ksStatistic, ksTest } from './ks';
export type { KsResult } from './ks';
export { wassersteinDistance } from './wasserstein';
export { chiSquareTest } from './chiSquare';
export type { ChiSquareResult } from './chiSquare';
export { chiSquareSf, logGamma, regularizedGammaQ } from './gamma';
export {
  jensenShannonDistance,
  populationStabilityIndex,
  PSI_EPSILON,
} from './divergence';
export { decileEdges, binCountsSorted } from './binning';
export { quantileSorted } from './quantile';
export {
  buildDriftHistorySeries,
  downsampleIndices,
  DRIFT_SERIES_DEFAULT_MAX_POINTS,
  DRIFT_SERIES_MAX_MAX_POINTS,
  DRIFT_SERIES_MIN_MAX_POINTS,
} from './historySeries';
export type {
  DriftHistoryRow,
  DriftHistorySeries,
  DriftHistorySeriesRequest,
  DriftHistorySeriesResponse,
} from './historySeries';
export type {
  AcknowledgeDriftRequest,
  DriftAcknowledgement,
  DriftFeatureSummary,
  DriftHistoryPoint,
  DriftHistoryRequest,
  DriftReference,
  DriftReferenceSummary,
  DriftRun,
  DriftRunPage,
  DriftRunReport,
  DriftRunReportFeature,
  DriftSourceAttempt,
  DriftSourceStatus,
  DriftStatus,
  ListDriftRunsRequest,
} from './driftApiTypes';
