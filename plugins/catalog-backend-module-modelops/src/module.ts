import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { ModelEntitiesProcessor } from './processor/ModelEntitiesProcessor';
import {
  ModelopsPromotionsClient,
  ModelPromotionsProcessor,
} from './promotions';

/**
 * Catalog module that adds the `Model` kind (apiVersion `modelops.io/v1alpha1`):
 * validation with field-level errors and lineage relations, and the approved production version
 * recorded by the modelops backend as annotations (`modelops.io/approved-production-*`; switch it
 * off with `modelops.catalog.approvedProduction: false`).
 *
 * @public
 */
export const catalogModuleModelopsEntityModel = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'modelops-entity-model',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
      },
      async init({ catalog, auth, discovery, logger, config }) {
        catalog.addProcessor(new ModelEntitiesProcessor());
        if (
          config.getOptionalBoolean('modelops.catalog.approvedProduction') !==
          false
        ) {
          catalog.addProcessor(
            new ModelPromotionsProcessor({
              source: new ModelopsPromotionsClient({ auth, discovery }),
              logger,
            }),
          );
        }
      },
    });
  },
});
