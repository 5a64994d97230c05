/*
 * Database-enforced approval invariants (issue 9):
 * - at most one PENDING request per (model_ref, model_version, to_stage): a partial unique index,
 *   so concurrent creates cannot both insert (check-then-insert under READ COMMITTED could);
 * - promotions of a model to a stage form one linear history: each promotion names the promotion it
 *   follows (`previous_promotion_id`, 'genesis' for the first), unique per (model_ref, to_stage), so
 *   two concurrent promotions to the same stage cannot both follow the same one. The store refuses a
 *   promotion whose version is already the latest one in that stage; a version can be promoted again
 *   after another version replaced it (a rollback).
 * Duplicate pending requests left by the old race are cancelled first (all but the oldest of each
 * group), each with a `request.cancelled` event appended to the audit chain so the chain still
 * accounts for every state. The hashing below is a frozen copy of `auditEventHashInput` and
 * `canonicalJson` in @modelops/plugin-modelops-common (auditChain.ts) as of this migration.
 */
const { createHash, randomUUID } = require('node:crypto');

const REQUESTS = 'modelops_approval_requests';
const PROMOTIONS = 'modelops_approval_promotions';
const GENESIS = '0'.repeat(64);

function canonicalJson(value) {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value)
    .filter(k => value[k] !== undefined)
    .sort();
  return `{${keys
    .map(k => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
    .join(',')}}`;
}

function eventHash(e) {
  const input = canonicalJson({
    seq: e.seq,
    id: e.id,
    prevHash: e.prevHash,
    type: e.type,
    requestId: e.requestId,
    modelRef: e.modelRef,
    actor: e.actor,
    client: e.client,
    comment: e.comment,
    payload: e.payload,
    createdAt: e.createdAt,
  });
  return createHash('sha256').update(input, 'utf8').digest('hex');
}

/** Cancels all but the oldest pending request of each (model, version, stage), with audit events. */
async function cancelDuplicatePending(knex) {
  const groups = await knex(REQUESTS)
    .where({ state: 'pending' })
    .select('model_ref', 'model_version', 'to_stage')
    .count({ n: '*' })
    .groupBy('model_ref', 'model_version', 'to_stage')
    .havingRaw('count(*) > 1');
  if (groups.length === 0) return;
  // Lock the chain head like every append does, in case another replica is serving meanwhile.
  const headQuery = knex('modelops_audit_head').where({ id: 1 }).first();
  const head = await (knex.client.config.client === 'pg'
    ? headQuery.forUpdate()
    : headQuery);
  let seq = Number(head.seq);
  let prevHash = head.hash || GENESIS;
  const now = new Date();
  for (const g of groups) {
    const [keep, ...duplicates] = await knex(REQUESTS)
      .where({
        state: 'pending',
        model_ref: g.model_ref,
        model_version: g.model_version,
        to_stage: g.to_stage,
      })
      .orderBy([{ column: 'created_at' }, { column: 'id' }]);
    for (const dup of duplicates) {
      await knex(REQUESTS)
        .where({ id: dup.id, state: 'pending' })
        .update({
          state: 'cancelled',
          closed_at: now,
          revision: knex.raw('revision + 1'),
        });
      seq += 1;
      const event = {
        seq,
        id: randomUUID(),
        prevHash,
        type: 'request.cancelled',
        requestId: dup.id,
        modelRef: dup.model_ref,
        actor: 'system:modelops-migration',
        client: null,
        comment: `duplicate of pending request ${keep.id}; cancelled when one pending request per version and stage became a database constraint`,
        payload: {},
        createdAt: now.toISOString(),
      };
      const hash = eventHash(event);
      await knex('modelops_audit_events').insert({
        seq,
        id: event.id,
        type: event.type,
        request_id: event.requestId,
        model_ref: event.modelRef,
        actor: event.actor,
        client: null,
        comment: event.comment,
        payload: '{}',
        created_at: event.createdAt,
        prev_hash: prevHash,
        hash,
      });
      prevHash = hash;
    }
  }
  await knex('modelops_audit_head')
    .where({ id: 1 })
    .update({ seq, hash: prevHash });
}

/** Links existing promotions of each (model, stage) in the order they were recorded. */
async function linkPromotions(knex) {
  const rows = await knex(PROMOTIONS).orderBy([
    { column: 'created_at' },
    { column: 'id' },
  ]);
  const last = new Map();
  for (const row of rows) {
    const key = `${row.model_ref}\n${row.to_stage}`;
    const previous = last.get(key);
    if (previous)
      await knex(PROMOTIONS)
        .where({ id: row.id })
        .update({ previous_promotion_id: previous });
    last.set(key, row.id);
  }
}

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await cancelDuplicatePending(knex);
  await knex.raw(
    `CREATE UNIQUE INDEX modelops_approval_requests_one_pending ON ${REQUESTS} (model_ref, model_version, to_stage) WHERE state = 'pending'`,
  );
  await knex.schema.alterTable(PROMOTIONS, table => {
    table
      .string('previous_promotion_id', 36)
      .notNullable()
      .defaultTo('genesis')
      .comment(
        "the promotion of the same model to the same stage this one follows; 'genesis' for the first",
      );
  });
  await linkPromotions(knex);
  await knex.schema.alterTable(PROMOTIONS, table => {
    table.unique(['model_ref', 'to_stage', 'previous_promotion_id'], {
      indexName: 'modelops_approval_promotions_linear',
    });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  // Requests cancelled as duplicates stay cancelled (their events are in the chain).
  await knex.schema.alterTable(PROMOTIONS, table => {
    table.dropUnique(
      ['model_ref', 'to_stage', 'previous_promotion_id'],
      'modelops_approval_promotions_linear',
    );
  });
  await knex.schema.alterTable(PROMOTIONS, table => {
    table.dropColumn('previous_promotion_id');
  });
  await knex.raw('DROP INDEX modelops_approval_requests_one_pending');
};
