import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { ExampleScorecardSeeder } from './ExampleScorecardSeeder';

/** Logged at init when `modelops.exampleData.seedScorecardHistory` is not true. */
export const SCORECARD_SEED_OFF_MESSAGE =
  'example scorecard seed: off (modelops.exampleData.seedScorecardHistory is not true)';

/**
 * Example portal only: when `modelops.exampleData.seedScorecardHistory` is true, takes a scorecard
 * snapshot once the catalog has settled after start and seeds eight weekly snapshots before it, so
 * the Scorecards page's trend has a history. Refuses to start with NODE_ENV=production.
 */
export const exampleScorecardSeedModule = createBackendModule({
  pluginId: 'modelops',
  moduleId: 'example-scorecard-seed',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        database: coreServices.database,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        lifecycle,
        discovery,
        auth,
        database,
        catalog,
      }) {
        if (
          !config.getOptionalBoolean(
            'modelops.exampleData.seedScorecardHistory',
          )
        ) {
          logger.info(SCORECARD_SEED_OFF_MESSAGE);
          return;
        }
        if (process.env.NODE_ENV === 'production') {
          throw new Error(
            'modelops.exampleData.seedScorecardHistory writes made-up scorecard history and is for the example portal only: remove it from the configuration of a production backend (NODE_ENV=production)',
          );
        }
        const seeder = new ExampleScorecardSeeder({
          logger,
          auth,
          discovery,
          catalog,
          database,
        });
        // After startup: the plugin's migrations have run, the catalog fills, the server listens.
        lifecycle.addStartupHook(() => {
          logger.info('example scorecard seed: starting');
          void seeder.run();
        });
        lifecycle.addShutdownHook(() => seeder.stop());
      },
    });
  },
});
