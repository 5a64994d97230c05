/*
 * Cursor-paged listings (issue 13): indexes in the order the pages read, so a page is an index
 * range scan of `limit + 1` rows instead of a sort of the whole table.
 *  - approval requests, newest first by (created_at, id): all of them, and per state, per requester
 *    and per model (the listing's filters);
 *  - the audit trail per model in chain order (model_ref, seq) (all events and per request use the
 *    primary key and the request index);
 *  - scorecard exemptions, newest first by (created_at, id), all and per model.
 */

const INDEXES = [
  [
    'modelops_approval_requests',
    ['created_at', 'id'],
    'modelops_approval_requests_page_idx',
  ],
  [
    'modelops_approval_requests',
    ['state', 'created_at', 'id'],
    'modelops_approval_requests_state_page_idx',
  ],
  [
    'modelops_approval_requests',
    ['requester', 'created_at', 'id'],
    'modelops_approval_requests_requester_page_idx',
  ],
  [
    'modelops_approval_requests',
    ['model_ref', 'created_at', 'id'],
    'modelops_approval_requests_model_page_idx',
  ],
  [
    'modelops_audit_events',
    ['model_ref', 'seq'],
    'modelops_audit_events_model_page_idx',
  ],
  [
    'modelops_scorecard_exemptions',
    ['created_at', 'id'],
    'modelops_scorecard_exemptions_page_idx',
  ],
  [
    'modelops_scorecard_exemptions',
    ['entity_ref', 'created_at', 'id'],
    'modelops_scorecard_exemptions_entity_page_idx',
  ],
];

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  for (const [table, columns, name] of INDEXES) {
    await knex.schema.alterTable(table, t => {
      t.index(columns, name);
    });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const [table, , name] of [...INDEXES].reverse()) {
    await knex.schema.alterTable(table, t => {
      t.dropIndex([], name);
    });
  }
};
