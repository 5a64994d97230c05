import {
  AUDIT_GENESIS_HASH,
  AuditChainVerification,
  AuditEvent,
  AuditEventContent,
  auditEventHashInput,
  ItemsPage,
  ListAuditEventsFilter,
  chainAuditEvent,
  verifyAuditChain,
} from '@modelops/plugin-modelops-common';
import { Knex } from 'knex';
import { createHash, randomUUID } from 'node:crypto';
import {
  decodePageCursor,
  encodePageCursor,
  pageOf,
  PAGE_DEFAULT_LIMIT,
  PAGE_MAX_LIMIT,
} from './pageCursors';

const EVENTS = 'modelops_audit_events';
const HEAD = 'modelops_audit_head';
const APPEND_CHUNK = 500;
const VERIFY_PAGE = 1000;

/** SHA-256, hex: the hash of the audit chain. */
export const sha256Hex = (input: string) =>
  createHash('sha256').update(input, 'utf8').digest('hex');

function rowToEvent(row: Record<string, any>): AuditEvent {
  return {
    seq: Number(row.seq),
    id: row.id,
    type: row.type,
    requestId: row.request_id ?? null,
    modelRef: row.model_ref ?? null,
    actor: row.actor,
    client: row.client ?? null,
    comment: row.comment ?? null,
    payload: JSON.parse(row.payload),
    createdAt: row.created_at,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * The append-only, hash-chained audit trail. `append` must run inside the caller's transaction: it
 * locks the chain head row (PostgreSQL `SELECT ... FOR UPDATE`; SQLite serializes writers), so
 * concurrent appends queue and every event links to the one before it.
 */
export class DatabaseAuditLog {
  constructor(private readonly knex: Knex) {}

  private get isPg() {
    return this.knex.client.config.client === 'pg';
  }

  async append(
    trx: Knex.Transaction,
    contents: AuditEventContent[],
  ): Promise<AuditEvent[]> {
    if (contents.length === 0) return [];
    const query = trx(HEAD).where({ id: 1 }).first();
    const head = await (this.isPg ? query.forUpdate() : query);
    if (!head)
      throw new Error(
        'audit chain head row is missing; run the modelops migrations',
      );
    let seq = Number(head.seq);
    let prevHash: string = head.hash ?? AUDIT_GENESIS_HASH;
    const events: AuditEvent[] = [];
    for (const content of contents) {
      seq += 1;
      const event = chainAuditEvent(
        content,
        { seq, id: randomUUID(), prevHash },
        sha256Hex,
      );
      events.push(event);
      prevHash = event.hash;
    }
    // In chunks: one multi-row INSERT per chunk stays under the bind-parameter limits (SQLite
    // 32,766, PostgreSQL 65,535) however many events one transaction appends.
    const rows = events.map(e => ({
      seq: e.seq,
      id: e.id,
      type: e.type,
      request_id: e.requestId,
      model_ref: e.modelRef,
      actor: e.actor,
      client: e.client,
      comment: e.comment,
      payload: JSON.stringify(e.payload),
      created_at: e.createdAt,
      prev_hash: e.prevHash,
      hash: e.hash,
    }));
    for (let i = 0; i < rows.length; i += APPEND_CHUNK) {
      await trx(EVENTS).insert(rows.slice(i, i + APPEND_CHUNK));
    }
    await trx(HEAD).where({ id: 1 }).update({ seq, hash: prevHash });
    return events;
  }

  /**
   * A page of events in chain order. `cursor` (a previous page's `nextCursor`) and `afterSeq` both
   * start after a sequence number; given both, the later one wins.
   */
  async page(
    options: ListAuditEventsFilter = {},
  ): Promise<ItemsPage<AuditEvent>> {
    const limit = Math.min(options.limit ?? PAGE_DEFAULT_LIMIT, PAGE_MAX_LIMIT);
    const query = this.knex(EVENTS)
      .orderBy('seq', 'asc')
      .limit(limit + 1);
    if (options.requestId) query.where({ request_id: options.requestId });
    if (options.modelRef)
      query.where({ model_ref: options.modelRef.toLocaleLowerCase('en-US') });
    const after = Math.max(
      options.afterSeq ?? 0,
      options.cursor
        ? decodePageCursor<[number]>('audit', options.cursor, ['int'])[0]
        : 0,
    );
    if (options.afterSeq !== undefined || options.cursor)
      query.where('seq', '>', after);
    return pageOf((await query).map(rowToEvent), limit, e =>
      encodePageCursor('audit', [e.seq]),
    );
  }

  /** The events of one {@link DatabaseAuditLog.page}. */
  async list(options: ListAuditEventsFilter = {}): Promise<AuditEvent[]> {
    return (await this.page(options)).items;
  }

  /** The end of the chain as the head row records it: publish it elsewhere to anchor the chain. */
  async head(): Promise<{ seq: number; hash: string }> {
    const head = await this.knex(HEAD).where({ id: 1 }).first();
    if (!head)
      throw new Error(
        'audit chain head row is missing; run the modelops migrations',
      );
    return { seq: Number(head.seq), hash: head.hash };
  }

  /** The events of one request (optionally of one type and actor), in chain order. */
  async eventsOfRequest(
    db: Knex | Knex.Transaction,
    requestId: string,
    filter: { type?: AuditEvent['type']; actor?: string } = {},
  ): Promise<AuditEvent[]> {
    const query = db(EVENTS)
      .where({ request_id: requestId })
      .orderBy('seq', 'asc');
    if (filter.type) query.where({ type: filter.type });
    if (filter.actor) query.where({ actor: filter.actor });
    return (await query).map(rowToEvent);
  }

  /**
   * Checks that each of `events` is a genuine link of the chain without re-hashing all of it: its
   * own hash, the hash of the event before it, and the event after it (or the head row) pointing
   * back to it. An event inserted, edited or re-hashed in place fails one of these; returns the
   * first problem, or null.
   */
  async checkLinks(
    db: Knex | Knex.Transaction,
    events: AuditEvent[],
  ): Promise<string | null> {
    if (events.length === 0) return null;
    const seqs = new Set<number>();
    for (const e of events) {
      seqs.add(e.seq - 1);
      seqs.add(e.seq + 1);
    }
    // The head first: an event appended after it was read is then already visible as a neighbour.
    const head = await db(HEAD).where({ id: 1 }).first();
    const neighbours = new Map<number, AuditEvent>();
    for (const row of await db(EVENTS).whereIn('seq', [...seqs])) {
      const e = rowToEvent(row);
      neighbours.set(e.seq, e);
    }
    for (const e of events) {
      const { hash: stored, ...rest } = e;
      if (sha256Hex(auditEventHashInput(rest)) !== stored)
        return `event #${e.seq} was modified`;
      const prevHash =
        e.seq === 1 ? AUDIT_GENESIS_HASH : neighbours.get(e.seq - 1)?.hash;
      if (prevHash !== e.prevHash)
        return `event #${e.seq} does not link to event #${e.seq - 1}`;
      const next = neighbours.get(e.seq + 1);
      const linked = next
        ? next.prevHash === e.hash
        : Number(head?.seq) === e.seq && head?.hash === e.hash;
      if (!linked)
        return `event #${e.seq} is not linked from ${
          next ? `event #${e.seq + 1}` : 'the chain head'
        }`;
    }
    return null;
  }

  /**
   * Verifies the whole chain in pages, stopping at the first broken link, then compares the last
   * event with the head row (which catches deleted or added trailing events). `onEvent` sees every
   * intact event in chain order (the store replays request state from them).
   */
  async verify(
    options: {
      db?: Knex | Knex.Transaction;
      onEvent?: (event: AuditEvent) => void;
    } = {},
  ): Promise<AuditChainVerification> {
    const { db = this.knex, onEvent } = options;
    const head = await db(HEAD).where({ id: 1 }).first();
    // Pages start after seq 0, so a row below seq 1 would never be looked at: report it instead.
    const below = await db(EVENTS)
      .where('seq', '<', 1)
      .orderBy('seq', 'asc')
      .first();
    if (below) {
      return {
        valid: false,
        checked: 0,
        headHash: AUDIT_GENESIS_HASH,
        firstBroken: {
          seq: Number(below.seq),
          id: below.id,
          reason: 'sequence-gap',
          message: `event #${below.seq} is outside the chain (sequence numbers start at 1)`,
        },
      };
    }
    let checked = 0;
    let prevHash = AUDIT_GENESIS_HASH;
    for (;;) {
      const rows = await db(EVENTS)
        .where('seq', '>', checked)
        .orderBy('seq', 'asc')
        .limit(VERIFY_PAGE);
      if (rows.length === 0) break;
      const page = rows.map(rowToEvent);
      // Verify the page as the continuation of the chain so far; `checked` counts from event #1.
      const result = verifyAuditChain(page, sha256Hex, {
        startSeq: checked + 1,
        startHash: prevHash,
      });
      if (!result.valid) return result;
      checked = result.checked;
      prevHash = result.headHash;
      if (onEvent) page.forEach(onEvent);
    }
    const headSeq = Number(head?.seq);
    if (head && (headSeq !== checked || head.hash !== prevHash)) {
      return {
        valid: false,
        checked,
        headHash: prevHash,
        firstBroken: {
          seq: headSeq > checked ? checked + 1 : Math.min(headSeq + 1, checked),
          id: '(missing)',
          reason: 'sequence-gap',
          message:
            headSeq > checked
              ? `the chain head says ${headSeq} events ending in ${head.hash}, but ${checked} events end in ${prevHash}: trailing events were deleted`
              : `the chain head says ${headSeq} events ending in ${head.hash}, but ${checked} events end in ${prevHash}: events were added or rewritten without the head`,
        },
      };
    }
    return { valid: true, checked, headHash: prevHash, firstBroken: null };
  }
}
