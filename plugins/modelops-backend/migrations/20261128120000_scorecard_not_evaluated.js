/*
 * Scorecards: snapshots count the checks that could not be evaluated (a fact source was absent),
 * which hold a level back like failures but are not failures. Older rows had none: default 0.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('modelops_scorecard_snapshots', table => {
    table.integer('not_evaluated_count').notNullable().defaultTo(0);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('modelops_scorecard_snapshots', table => {
    table.dropColumn('not_evaluated_count');
  });
};
