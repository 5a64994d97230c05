export {
  EU_AI_ACT_CATEGORIES,
  isModelEntity,
  MODEL_API_VERSION,
  MODEL_KIND,
  MODEL_RISK_TIERS,
  MODEL_VERSION_STAGES,
  MODELOPS_API_GROUP,
  RECOMMENDED_MODEL_TYPES,
} from './ModelEntity';
export type {
  EuAiActCategory,
  ModelEntity,
  ModelEntitySpec,
  ModelEntityV1alpha1,
  ModelRiskTier,
  ModelVersion,
  ModelVersionStage,
} from './ModelEntity';
export { modelopsCatalogModelLayer } from './modelCatalogModelLayer';
export {
  buildModelEntity,
  INITIAL_MODEL_VERSION_STAGES,
  modelCreateInputJsonSchema,
  modelCreateInputSchema,
} from './modelCreateInput';
export type { ModelCreateInput } from './modelCreateInput';
export { modelEntityJsonSchema } from './modelEntityJsonSchema';
export { modelEntityRelations } from './modelEntityRelations';
export {
  modelEntitySchema,
  modelSpecSchema,
  modelVersionSchema,
} from './modelEntitySchema';
export { ownerRefOf } from './ownerRef';
export {
  APPROVED_PRODUCTION_ANNOTATIONS,
  APPROVED_PRODUCTION_AT_ANNOTATION,
  APPROVED_PRODUCTION_REQUEST_ANNOTATION,
  APPROVED_PRODUCTION_VERSION_ANNOTATION,
  approvedStageOf,
  latestProductionPromotion,
  productionStatus,
  promotionsFromAnnotations,
} from './productionStatus';
export type {
  ProductionStatus,
  ProductionStatusKind,
  RecordedPromotion,
} from './productionStatus';
export { productionVersion, productionVersionOf } from './productionVersion';
export {
  MODEL_REF_FIELDS,
  MODEL_RELATION_PAIRS,
  MODEL_RELATION_TYPES,
  RELATION_DERIVED_FROM,
  RELATION_HAS_DERIVATIVE,
  RELATION_SERVED_BY,
  RELATION_SERVES,
  RELATION_TRAINED_ON,
  RELATION_TRAINING_DATA_OF,
} from './relations';
export type { ModelRelationPair } from './relations';
export {
  assertValidModelEntity,
  formatFieldPath,
  formatProblem,
  ModelValidationError,
  validateModelEntity,
} from './validateModelEntity';
export type {
  ModelValidationProblem,
  ModelValidationResult,
} from './validateModelEntity';
