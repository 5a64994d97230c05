/*
 * Scorecards: maturity and production readiness of models. Pure rules engine, built-in checks,
 * custom checks from config, exemptions and team roll-ups (see docs/scorecards.md).
 */
export { entityRefOf, ScorecardEngine } from './ScorecardEngine';
export { explainScorecardLevel } from './explainLevel';
export type { LevelBlocker, LevelExplanation } from './explainLevel';
export type {
  ScorecardDescription,
  ScorecardEngineOptions,
} from './ScorecardEngine';
export {
  BUILTIN_CHECK_IDS,
  createBuiltinChecks,
  DEFAULT_BUILTIN_CHECK_OPTIONS,
} from './builtinChecks';
export type { BuiltinCheckOptions } from './builtinChecks';
export {
  createCustomCheck,
  CUSTOM_CHECK_OPERATORS,
  evaluateCondition,
  parseCustomChecks,
  ScorecardConfigError,
} from './customChecks';
export type {
  CustomCheckCondition,
  CustomCheckConfig,
  CustomCheckOperator,
  PlacedScorecardCheck,
} from './customChecks';
export {
  BUILTIN_SCORECARDS,
  MATURITY_SCORECARD,
  MATURITY_SCORECARD_ID,
  READINESS_SCORECARD,
  READINESS_SCORECARD_ID,
} from './definitions';
export {
  exemptionState,
  findActiveExemption,
  parseExemptionConfig,
} from './exemptions';
export { JsonPathError, parseJsonPath, selectJsonPath } from './jsonPath';
export type { JsonPath, JsonPathSegment } from './jsonPath';
export {
  isInProduction,
  LAST_REVIEW_DATE_ANNOTATION,
  TECHDOCS_REF_ANNOTATION,
} from './modelFacts';
export {
  modelScorecardResultSchema,
  parseModelScorecardResult,
} from './resultSchema';
export {
  modelopsScorecardExemptionPermission,
  modelopsScorecardPermissions,
  modelopsScorecardReadPermission,
  modelopsScorecardSnapshotPermission,
} from './scorecardPermissions';
export type {
  CatalogScorecardResponse,
  CreateScorecardExemptionRequest,
  ModelHistoryPoint,
  ModelScorecardResponse,
  ScorecardDefinitionsResponse,
  ScorecardExemptionView,
  ScorecardSnapshotBatch,
  StoredScorecardExemption,
  TeamHistoryPoint,
  TeamHistoryResponse,
  TeamScorecardModelsQuery,
  TeamScorecardModelsResponse,
  TeamScorecardResponse,
} from './scorecardsApiTypes';
export {
  GroupHierarchy,
  modelsOfTeam,
  summarizeScorecards,
  toModelScorecardRow,
} from './teams';
export type { GroupNode, ModelScorecardRow, ScorecardSummary } from './teams';
export type {
  ApprovalFacts,
  ApprovedVersionFact,
  CatalogFacts,
  CheckCounts,
  CheckOutcome,
  CheckResult,
  CheckResultStatus,
  CheckStatus,
  DriftFacts,
  DriftRunFact,
  ExemptionState,
  ModelScorecardResult,
  ScorecardCheck,
  ScorecardCheckInfo,
  ScorecardCheckPlacement,
  ScorecardDefinition,
  ScorecardExemption,
  ScorecardFacts,
  ScorecardFactSource,
  ScorecardLevel,
  ScorecardResult,
} from './types';
