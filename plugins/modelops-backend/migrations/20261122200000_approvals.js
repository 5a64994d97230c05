/*
 * Approval workflow: requests for a model version's stage transition, the decisions on them, the
 * promotions recorded from approved requests, and the append-only hash-chained audit trail.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('modelops_approval_requests', table => {
    table.comment('Approval requests for a model version stage transition');
    table.string('id', 36).primary().notNullable();
    table
      .string('model_ref', 255)
      .notNullable()
      .comment('model entity ref, lowercase');
    table.string('model_version', 255).notNullable();
    table.string('from_stage', 32).nullable();
    table.string('to_stage', 32).notNullable();
    table.string('requester', 255).notNullable().comment('user entity ref');
    table.text('justification').notNullable();
    table.text('links').notNullable().comment('JSON list of {url, title}');
    table.string('owner_ref', 255).nullable();
    table.string('risk_tier', 16).nullable();
    table.string('policy_id', 255).notNullable();
    table
      .text('requirements')
      .notNullable()
      .comment('JSON copy of the policy requirements');
    table.boolean('allow_owner_approval').notNullable();
    table.string('state', 16).notNullable();
    table
      .integer('revision')
      .notNullable()
      .defaultTo(0)
      .comment('bumped on every state change');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('closed_at', { useTz: true }).nullable();
    table.timestamp('promoted_at', { useTz: true }).nullable();
    table.index(
      ['model_ref', 'created_at'],
      'modelops_approval_requests_model_idx',
    );
    table.index(
      ['state', 'expires_at'],
      'modelops_approval_requests_state_idx',
    );
  });

  await knex.schema.createTable('modelops_approval_decisions', table => {
    table.comment('Approve/reject decisions; one per person per request');
    table.string('id', 36).primary().notNullable();
    table
      .string('request_id', 36)
      .notNullable()
      .references('id')
      .inTable('modelops_approval_requests')
      .onDelete('CASCADE');
    table
      .string('decider', 255)
      .notNullable()
      .comment('user entity ref, lowercase');
    table.string('decision', 16).notNullable();
    table.string('requirement_id', 255).nullable();
    table.text('eligible_requirement_ids').notNullable().comment('JSON list');
    table.text('comment').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.unique(['request_id', 'decider'], {
      indexName: 'modelops_approval_decisions_once',
    });
  });

  await knex.schema.createTable('modelops_approval_promotions', table => {
    table.comment(
      'Promotions recorded from approved requests (the only way a version reaches production)',
    );
    table.string('id', 36).primary().notNullable();
    table
      .string('request_id', 36)
      .notNullable()
      .references('id')
      .inTable('modelops_approval_requests');
    table.string('model_ref', 255).notNullable();
    table.string('model_version', 255).notNullable();
    table.string('from_stage', 32).nullable();
    table.string('to_stage', 32).notNullable();
    table.string('promoted_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.unique(['request_id'], {
      indexName: 'modelops_approval_promotions_once',
    });
    table.index(
      ['model_ref', 'created_at'],
      'modelops_approval_promotions_model_idx',
    );
  });

  await knex.schema.createTable('modelops_audit_events', table => {
    table.comment(
      'Append-only audit trail; each event carries the hash of the previous one',
    );
    table.bigInteger('seq').primary().notNullable().comment('1-based, gapless');
    table.string('id', 36).notNullable().unique();
    table.string('type', 64).notNullable();
    table.string('request_id', 36).nullable();
    table.string('model_ref', 255).nullable();
    table.string('actor', 255).notNullable();
    table.string('client', 255).nullable();
    table.text('comment').nullable();
    table.text('payload').notNullable().comment('JSON');
    table
      .string('created_at', 40)
      .notNullable()
      .comment('ISO 8601, exactly as hashed');
    table.string('prev_hash', 64).notNullable();
    table.string('hash', 64).notNullable();
    table.index(['request_id'], 'modelops_audit_events_request_idx');
    table.index(['model_ref'], 'modelops_audit_events_model_idx');
  });

  await knex.schema.createTable('modelops_audit_head', table => {
    table.comment(
      'One row: the end of the audit chain; locked by every append so appends are serial',
    );
    table.integer('id').primary().notNullable();
    table.bigInteger('seq').notNullable();
    table.string('hash', 64).notNullable();
  });
  await knex('modelops_audit_head').insert({
    id: 1,
    seq: 0,
    hash: '0'.repeat(64),
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('modelops_audit_head');
  await knex.schema.dropTable('modelops_audit_events');
  await knex.schema.dropTable('modelops_approval_promotions');
  await knex.schema.dropTable('modelops_approval_decisions');
  await knex.schema.dropTable('modelops_approval_requests');
};
