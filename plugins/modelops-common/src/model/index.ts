export * from './ModelEntity';
export * from './relations';
export {
  modelEntitySchema,
  modelSpecSchema,
  modelVersionSchema,
} from './modelEntitySchema';
export * from './validateModelEntity';
export { modelEntityJsonSchema } from './modelEntityJsonSchema';
export { modelEntityRelations } from './modelEntityRelations';
export { modelopsCatalogModelLayer } from './modelCatalogModelLayer';
export { ownerRefOf } from './ownerRef';
export { productionVersion, productionVersionOf } from './productionVersion';
export {
  buildModelEntity,
  INITIAL_MODEL_VERSION_STAGES,
  modelCreateInputJsonSchema,
  modelCreateInputSchema,
} from './modelCreateInput';
export type { ModelCreateInput } from './modelCreateInput';
