import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@modelops/plugin-modelops-backend',
  'migrations',
);

/**
 * The plugin database's client with the modelops migrations applied (unless the deployment
 * manages migrations itself: `backend.database.plugin.modelops.skipMigrations`). Every table of
 * the three features lives in this one database, so one `migrate.latest` covers all the stores.
 */
export async function migratedClient(
  database: DatabaseService,
  options: { skipMigrations?: boolean } = {},
): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip && !options.skipMigrations) {
    await client.migrate.latest({ directory: migrationsDir });
  }
  return client;
}
