/*
 * Drift: scheduled sources (spec.monitoring.drift.source). One row per model and window the
 * scheduler attempted: claimed once (primary key; a claim token says which replica holds it),
 * then succeeded (with the stored run's id), failed (with the database's error) or refused (the
 * connection does not allow the model). A succeeded window's run is stored like any other run.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('modelops_drift_source_attempts', table => {
    table.string('entity_ref', 255).notNullable();
    // ISO 8601 UTC text of the window's end: the same string on every replica.
    table.string('window_end', 32).notNullable();
    table.string('window_start', 32).notNullable();
    table.string('connection', 63).notNullable();
    table.string('status', 16).notNullable();
    table.text('error').nullable();
    table.string('run_id', 200).nullable();
    table.string('claim_token', 64).notNullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.primary(['entity_ref', 'window_end']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('modelops_drift_source_attempts');
};
