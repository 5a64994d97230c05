import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';

/** The API group of every ModelOps catalog kind. */
export const MODELOPS_API_GROUP = 'modelops.io';
/** The only supported apiVersion of the Model kind. */
export const MODEL_API_VERSION = 'modelops.io/v1alpha1';
/** The kind name, as written in catalog-info.yaml. */
export const MODEL_KIND = 'Model';

/** Recommended (documented, not enforced) values of `spec.type`. */
export const RECOMMENDED_MODEL_TYPES = [
  'classification',
  'regression',
  'ranking',
  'forecasting',
  'clustering',
  'llm',
  'generative',
  'rules',
  'optimization',
] as const;

/** Allowed values of `spec.riskTier`. */
export const MODEL_RISK_TIERS = ['low', 'medium', 'high'] as const;
/** A model's risk tier. */
export type ModelRiskTier = (typeof MODEL_RISK_TIERS)[number];

/** Allowed values of `spec.euAiActCategory` (EU AI Act risk categories). */
export const EU_AI_ACT_CATEGORIES = [
  'prohibited',
  'high-risk',
  'limited',
  'minimal',
] as const;
/** A model's EU AI Act category. */
export type EuAiActCategory = (typeof EU_AI_ACT_CATEGORIES)[number];

/** Allowed values of `spec.versions[].stage`, in promotion order. */
export const MODEL_VERSION_STAGES = [
  'none',
  'development',
  'staging',
  'production',
  'archived',
] as const;
/** The stage a model version is in. */
export type ModelVersionStage = (typeof MODEL_VERSION_STAGES)[number];

/** One version of a model, as declared in `spec.versions`. */
export type ModelVersion = {
  /** Version string, unique within the model (e.g. `3.2.0`). */
  version: string;
  /** Stage of this version. At most one version is in `production`. */
  stage: ModelVersionStage;
  /** ISO 8601 date or date-time the version was created. */
  createdAt?: string;
  /** Offline evaluation metrics, name to number (e.g. `auc: 0.91`). */
  metrics?: Record<string, number>;
  /** Where the artifact lives (registry URI, object-store path, image). */
  artifact?: string;
  /** Link to the training run (MLflow, W&B, Vertex, SageMaker...). */
  runUrl?: string;
};

/** The `spec` of a Model entity. */
export type ModelEntitySpec = {
  type: string;
  lifecycle: string;
  owner: string;
  system?: string;
  framework?: string;
  riskTier?: ModelRiskTier;
  euAiActCategory?: EuAiActCategory;
  intendedUse?: string;
  limitations?: string;
  trainingData?: string[];
  servedBy?: string[];
  derivedFrom?: string;
  dependsOn?: string[];
  versions?: ModelVersion[];
  monitoring?: JsonObject;
};

/** A `kind: Model` catalog entity, `apiVersion: modelops.io/v1alpha1`. */
export interface ModelEntityV1alpha1 extends Entity {
  apiVersion: typeof MODEL_API_VERSION;
  kind: typeof MODEL_KIND;
  spec: ModelEntitySpec;
}

/** Alias of the current Model entity version. */
export type ModelEntity = ModelEntityV1alpha1;

/** True when the entity is a Model (any apiVersion; validation decides if it is a valid one). */
export function isModelEntity(entity: Entity): entity is ModelEntityV1alpha1 {
  return entity.kind?.toLocaleLowerCase('en-US') === 'model';
}
