/*
 * Drift history reads sized for charts (issue 13):
 *  - modelops_drift_history_versions: one row per model whose number is bumped in the transaction
 *    that records a run's feature results. It is the history's version for ETags and for caches
 *    shared by replicas: one primary-key read says whether anything changed. (max(id) of the
 *    results would not do: ids are taken before commit, so a later id can commit first.)
 *  - an index in the order the paged history reads (window end, feature, id), so its pages need
 *    no sort of the model's whole history.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('modelops_drift_history_versions', table => {
    table.comment(
      'Version of each model drift history, bumped whenever runs add points',
    );
    table
      .string('entity_ref', 255)
      .primary()
      .notNullable()
      .comment('model entity ref, lowercase');
    table.bigInteger('version').notNullable();
  });
  // Existing histories start at their number of runs (any positive number works).
  await knex.raw(
    `INSERT INTO modelops_drift_history_versions (entity_ref, version)
     SELECT entity_ref, COUNT(*) FROM modelops_drift_runs GROUP BY entity_ref`,
  );
  await knex.schema.alterTable('modelops_drift_feature_results', table => {
    table.index(
      ['entity_ref', 'window_end', 'feature', 'id'],
      'modelops_drift_feature_window_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('modelops_drift_feature_results', table => {
    table.dropIndex([], 'modelops_drift_feature_window_idx');
  });
  await knex.schema.dropTable('modelops_drift_history_versions');
};
