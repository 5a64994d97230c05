import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { ExampleDriftSeeder } from './ExampleDriftSeeder';

/** Logged at init when `modelops.exampleData.seedDrift` is not true: no seeder is created. */
export const SEED_OFF_MESSAGE =
  'example drift seed: off (modelops.exampleData.seedDrift is not true)';
/** Logged when the seeder starts (in the background, after startup). */
export const SEED_START_MESSAGE = 'example drift seed: starting';

/**
 * Example portal only: seeds drift history for the example models on start, through the public
 * drift API, when `modelops.exampleData.seedDrift` is true.
 */
export const exampleDriftSeedModule = createBackendModule({
  pluginId: 'modelops',
  moduleId: 'example-drift-seed',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({ config, logger, lifecycle, discovery, auth, catalog }) {
        if (!config.getOptionalBoolean('modelops.exampleData.seedDrift')) {
          // Said once, at init: what a test (and an operator) observes instead of waiting.
          logger.info(SEED_OFF_MESSAGE);
          return;
        }
        const seeder = new ExampleDriftSeeder({
          logger,
          auth,
          discovery,
          catalog,
        });
        // In the background: the catalog fills and the HTTP server starts after startup.
        lifecycle.addStartupHook(() => {
          logger.info(SEED_START_MESSAGE);
          void seeder.run();
        });
        lifecycle.addShutdownHook(() => seeder.stop());
      },
    });
  },
});
