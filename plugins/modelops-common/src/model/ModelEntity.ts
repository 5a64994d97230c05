import type { Entity } from '@backstage/catalog-model';
import type { z } from 'zod';
import type { modelSpecSchema, modelVersionSchema } from './modelEntitySchema';

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

/*
 * The TypeScript types of the Model kind are inferred from its zod schema (modelEntitySchema.ts),
 * the single source of truth, so the type and the validator cannot drift apart. `import type`
 * keeps this file free of a runtime import of the schema (which imports the constants above).
 */

/**
 * One version of a model, as declared in `spec.versions` (after validation: `version` is a
 * string, `createdAt` an ISO 8601 string).
 */
export type ModelVersion = z.output<typeof modelVersionSchema>;

/** The `spec` of a Model entity, as {@link validateModelEntity} returns it. */
export type ModelEntitySpec = z.output<typeof modelSpecSchema>;

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
