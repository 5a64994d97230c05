/*
 * Drift monitoring: reference profiles per model (versioned, optionally tied to a model version),
 * drift runs (one per submitted current window) and per-feature results (for history queries).
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('modelops_drift_references', table => {
    table.comment(
      'Reference profiles that current windows are compared against',
    );
    table.string('id', 36).primary().notNullable();
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('model entity ref, lowercase');
    table.string('model_version', 255).nullable();
    table
      .text('profile', 'longtext')
      .notNullable()
      .comment('JSON reference profile');
    table.integer('feature_count').notNullable();
    table.integer('row_count').notNullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(
      ['entity_ref', 'created_at'],
      'modelops_drift_references_entity_idx',
    );
  });

  await knex.schema.createTable('modelops_drift_runs', table => {
    table.comment(
      'One drift evaluation of a current data window against a reference',
    );
    table.string('id', 36).primary().notNullable();
    table.string('entity_ref', 255).notNullable();
    table
      .string('run_id', 255)
      .notNullable()
      .comment('client-supplied idempotency key');
    table
      .string('reference_id', 36)
      .nullable()
      .references('id')
      .inTable('modelops_drift_references')
      .onDelete('SET NULL');
    table.string('model_version', 255).nullable();
    table.timestamp('window_start', { useTz: true }).nullable();
    table.timestamp('window_end', { useTz: true }).notNullable();
    table.string('status', 32).notNullable().comment('ok | insufficient-data');
    table.boolean('dataset_drift').notNullable();
    table.double('drift_share').notNullable();
    table.integer('feature_count').notNullable();
    table.integer('drifted_count').notNullable();
    table.text('report', 'longtext').notNullable().comment('JSON drift report');
    table.string('source', 32).notNullable().comment('rows | report');
    table.string('submitted_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.unique(['entity_ref', 'run_id'], {
      indexName: 'modelops_drift_runs_idempotency',
    });
    table.index(
      ['entity_ref', 'window_end'],
      'modelops_drift_runs_entity_window_idx',
    );
  });

  await knex.schema.createTable('modelops_drift_feature_results', table => {
    table.comment(
      'Per-feature result of a drift run, denormalized for history charts',
    );
    table.bigIncrements('id').primary();
    table
      .string('run_pk', 36)
      .notNullable()
      .references('id')
      .inTable('modelops_drift_runs')
      .onDelete('CASCADE');
    table.string('entity_ref', 255).notNullable();
    table
      .string('run_id', 255)
      .notNullable()
      .comment('client run id, denormalized for history reads');
    table.string('feature', 255).notNullable();
    table.string('kind', 16).notNullable();
    table.string('method', 32).notNullable();
    table.double('value').nullable();
    table.double('threshold').nullable();
    table.boolean('drift').notNullable();
    table.string('status', 32).notNullable();
    table.timestamp('window_end', { useTz: true }).notNullable();
    table.index(
      ['entity_ref', 'feature', 'window_end'],
      'modelops_drift_feature_history_idx',
    );
    table.index(['run_pk'], 'modelops_drift_feature_run_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('modelops_drift_feature_results');
  await knex.schema.dropTable('modelops_drift_runs');
  await knex.schema.dropTable('modelops_drift_references');
};
