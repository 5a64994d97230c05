import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { ModelEntitiesProcessor } from './processor/ModelEntitiesProcessor';

/**
 * Catalog module that adds the `Model` kind (apiVersion `modelops.io/v1alpha1`):
 * validation with field-level errors and lineage relations.
 *
 * @public
 */
export const catalogModuleModelopsEntityModel = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'modelops-entity-model',
  register(env) {
    env.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addProcessor(new ModelEntitiesProcessor());
      },
    });
  },
});
