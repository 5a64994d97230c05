/*
 * Drift: a run that shows dataset drift can be acknowledged once (who, when, why). The columns sit
 * on the run, so "acknowledge once" is a conditional update (WHERE acknowledged_at IS NULL), and
 * the acknowledgement is also appended to the audit chain in the same transaction.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('modelops_drift_runs', table => {
    table.string('acknowledged_by', 255).nullable();
    table.timestamp('acknowledged_at', { useTz: true }).nullable();
    table.text('acknowledgement_comment').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('modelops_drift_runs', table => {
    table.dropColumn('acknowledgement_comment');
    table.dropColumn('acknowledged_at');
    table.dropColumn('acknowledged_by');
  });
};
