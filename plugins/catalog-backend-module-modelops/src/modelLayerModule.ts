import { createBackendModule } from '@backstage/backend-plugin-api';
import { CatalogModelSources } from '@backstage/catalog-model/alpha';
import { catalogModelExtensionPoint } from '@backstage/plugin-catalog-node/alpha';
import { modelopsCatalogModelLayer } from '@modelops/plugin-modelops-common';

/**
 * Opt-in: also declares the Model kind through the catalog model layer
 * (`catalogModelExtensionPoint`, alpha in Backstage 1.55), so the kind, its JSON schema and its
 * relation pairs appear in the catalog's model description. Installing any model source switches the
 * catalog to model-driven validation of all kinds; add it next to the default module, not instead.
 *
 * @alpha
 */
export const catalogModuleModelopsModelLayer = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'modelops-model-layer',
  register(env) {
    env.registerInit({
      deps: { model: catalogModelExtensionPoint },
      async init({ model }) {
        model.addModelSource(
          CatalogModelSources.static([modelopsCatalogModelLayer]),
        );
      },
    });
  },
});
