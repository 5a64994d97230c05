/**
 * Catalog backend module for ModelOps for Backstage: the `Model` kind.
 *
 * @packageDocumentation
 */
export { catalogModuleModelopsEntityModel as default } from './module';
export { catalogModuleModelopsModelLayer } from './modelLayerModule';
export { ModelEntitiesProcessor } from './processor/ModelEntitiesProcessor';
export {
  ModelopsPromotionsClient,
  ModelPromotionsProcessor,
} from './promotions';
export type { PromotionsSource } from './promotions';
