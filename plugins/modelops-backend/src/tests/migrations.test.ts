import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

jest.setTimeout(60_000);

const migrationsDir = resolvePackagePath(
  '@modelops/plugin-modelops-backend',
  'migrations',
);
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())('migrations on %s', databaseId => {
  it('run up and down cleanly', async () => {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: migrationsDir });
    for (const table of [
      'modelops_drift_references',
      'modelops_drift_runs',
      'modelops_drift_feature_results',
    ]) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }
    await knex.migrate.rollback({ directory: migrationsDir }, true);
    for (const table of [
      'modelops_drift_references',
      'modelops_drift_runs',
      'modelops_drift_feature_results',
    ]) {
      expect(await knex.schema.hasTable(table)).toBe(false);
    }
  });
});
