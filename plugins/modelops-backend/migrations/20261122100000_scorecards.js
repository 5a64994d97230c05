/*
 * Scorecards: snapshots of every model's scorecard results (for trends) and exemptions (waivers of
 * one check for one model, approved by someone other than the requester, with an expiry).
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable(
    'modelops_scorecard_snapshot_batches',
    table => {
      table.comment('One snapshot of all models (scheduled or manual)');
      table.string('id', 36).primary().notNullable();
      table.timestamp('taken_at', { useTz: true }).notNullable();
      table.string('trigger', 32).notNullable().comment('schedule | manual');
      table.integer('model_count').notNullable();
      table.integer('duration_ms').notNullable();
      table.index(['taken_at'], 'modelops_scorecard_batches_taken_idx');
    },
  );

  await knex.schema.createTable('modelops_scorecard_snapshots', table => {
    table.comment('Result of one model on one scorecard in one snapshot batch');
    table.bigIncrements('id').primary();
    table
      .string('batch_id', 36)
      .notNullable()
      .references('id')
      .inTable('modelops_scorecard_snapshot_batches')
      .onDelete('CASCADE');
    table.timestamp('taken_at', { useTz: true }).notNullable();
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('model entity ref, lowercase');
    table
      .string('owner_ref', 255)
      .nullable()
      .comment('owner at snapshot time, lowercase');
    table.string('scorecard', 64).notNullable();
    table.integer('level').notNullable();
    table.integer('max_level').notNullable();
    table.boolean('blocked').notNullable();
    table.integer('pass_count').notNullable();
    table.integer('fail_count').notNullable();
    table.integer('na_count').notNullable();
    table.integer('waived_count').notNullable();
    table
      .text('failing_checks')
      .notNullable()
      .comment('JSON array of check ids');
    table.index(
      ['entity_ref', 'scorecard', 'taken_at'],
      'modelops_scorecard_snapshots_entity_idx',
    );
    table.index(
      ['owner_ref', 'scorecard', 'taken_at'],
      'modelops_scorecard_snapshots_owner_idx',
    );
    table.index(['batch_id'], 'modelops_scorecard_snapshots_batch_idx');
  });

  await knex.schema.createTable('modelops_scorecard_exemptions', table => {
    table.comment('Waivers of one check for one model');
    table.string('id', 36).primary().notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 128).notNullable();
    table.string('scorecard', 64).nullable().comment('null = every scorecard');
    table.text('reason').notNullable();
    table.string('requested_by', 255).notNullable();
    table.string('approved_by', 255).nullable();
    table.timestamp('approved_at', { useTz: true }).nullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.string('revoked_by', 255).nullable();
    table.timestamp('revoked_at', { useTz: true }).nullable();
    table.index(['entity_ref'], 'modelops_scorecard_exemptions_entity_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('modelops_scorecard_exemptions');
  await knex.schema.dropTable('modelops_scorecard_snapshots');
  await knex.schema.dropTable('modelops_scorecard_snapshot_batches');
};
