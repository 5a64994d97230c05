import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { writeExampleScoringDatabase } from './exampleScoringDatabase';

/**
 * Example portal only: when `modelops.exampleData.driftSourceConnection` names a better-sqlite3
 * connection of `modelops.drift.sources.connections`, writes the example scoring data into its
 * file at init (before the scheduler's first tick), for the example model with a scheduled
 * source (customer-churn-emea).
 */
export const exampleDriftSourceModule = createBackendModule({
  pluginId: 'modelops',
  moduleId: 'example-drift-source',
  register(reg) {
    reg.registerInit({
      deps: { config: coreServices.rootConfig, logger: coreServices.logger },
      async init({ config, logger }) {
        const name = config.getOptionalString(
          'modelops.exampleData.driftSourceConnection',
        );
        if (!name) return;
        const filename = config.getOptionalString(
          `modelops.drift.sources.connections.${name}.connection.filename`,
        );
        if (!filename) {
          throw new Error(
            `modelops.exampleData.driftSourceConnection: ${name} is not a better-sqlite3 connection with connection.filename under modelops.drift.sources.connections`,
          );
        }
        const rows = await writeExampleScoringDatabase(filename, new Date());
        logger.info(
          `example drift source: wrote ${rows} scoring rows to ${filename} (connection ${name})`,
        );
      },
    });
  },
});
