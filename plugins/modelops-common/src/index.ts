/**
 * Isomorphic types and pure logic of ModelOps for Backstage.
 *
 * @packageDocumentation
 */

// The public surface is listed name by name (no `export *`), so adding an export is a deliberate
// change that shows up here and in report.api.md. Regenerate the report with
// `yarn build:api-reports plugins/modelops-common` (see docs/testing.md).

// TODO(issue 10 item 8): model, approvals and scorecards are being refactored; their names are
// listed here once that work is committed.
export * from './model';
export * from './approvals';
export * from './scorecards';

export {
  binCountsSorted,
  buildReferenceProfile,
  chiSquareSf,
  chiSquareTest,
  compareToProfile,
  computeDrift,
  decileEdges,
  DEFAULT_THRESHOLDS,
  defaultDriftMethod,
  DRIFT_DEFAULTS,
  DRIFT_METHODS,
  DriftInputError,
  DriftSettingsError,
  driftSettingsSchema,
  featureSettingsSchema,
  isDrift,
  isMissingValue,
  jensenShannonDistance,
  ksStatistic,
  ksTest,
  logGamma,
  MAX_FEATURE_NAME_LENGTH,
  modelDriftSettings,
  parseDriftSettings,
  parseNumericValue,
  populationStabilityIndex,
  PSI_EPSILON,
  quantileSorted,
  REFERENCE_PROFILE_FORMAT,
  referenceProfileSchema,
  regularizedGammaQ,
  validateDriftSettings,
  validateReferenceProfile,
  wassersteinDistance,
} from './drift';
export type {
  CategoricalDriftMetrics,
  CategoricalFeatureProfile,
  ChiSquareResult,
  ComputeDriftOptions,
  DatasetDriftResult,
  DistributionMetrics,
  DriftColumns,
  DriftFeatureSummary,
  DriftHistoryPoint,
  DriftHistoryRequest,
  DriftMethod,
  DriftOptions,
  DriftReference,
  DriftReferenceSummary,
  DriftRun,
  DriftRunPage,
  DriftRunReport,
  DriftRunReportFeature,
  DriftSettings,
  DriftSettingsProblem,
  DriftStatus,
  FeatureDriftResult,
  FeatureDriftSettings,
  FeatureDriftStatus,
  FeatureKind,
  FeatureProfile,
  FeatureValue,
  KsMetric,
  KsResult,
  ListDriftRunsRequest,
  NumericDriftMetrics,
  NumericFeatureProfile,
  ReferenceProfile,
  ReferenceProfileLimits,
  ReferenceProfileOptions,
  ReferenceProfileProblem,
  ReferenceValues,
} from './drift';
export {
  MODELOPS_APPROVAL_RESOURCE_TYPE,
  modelopsApprovalAdminPermission,
  modelopsApprovalCreatePermission,
  modelopsApprovalDecidePermission,
  modelopsApprovalReadPermission,
  modelopsDriftReadPermission,
  modelopsDriftSubmitPermission,
} from './permissions';
export {
  HTTP_URL_MESSAGE,
  httpUrlSchema,
  isHttpUrl,
  MAX_URL_LENGTH,
} from './schema';
