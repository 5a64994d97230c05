import {
  AUDIT_GENESIS_HASH,
  AuditChainVerification,
  AuditEvent,
  AuditEventContent,
  chainAuditEvent,
  verifyAuditChain,
} from '@modelops/plugin-modelops-common';
import { Knex } from 'knex';
import { createHash, randomUUID } from 'node:crypto';
import type { ListAuditEventsOptions } from './ApprovalStore';

const EVENTS = 'modelops_audit_events';
const HEAD = 'modelops_audit_head';

/** SHA-256, hex: the hash of the audit chain. */
export const sha256Hex = (input: string) => createHash('sha256').update(input, 'utf8').digest('hex');

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

  async append(trx: Knex.Transaction, contents: AuditEventContent[]): Promise<AuditEvent[]> {
    if (contents.length === 0) return [];
    const query = trx(HEAD).where({ id: 1 }).first();
    const head = await (this.isPg ? query.forUpdate() : query);
    if (!head) throw new Error('audit chain head row is missing; run the modelops migrations');
    let seq = Number(head.seq);
    let prevHash: string = head.hash ?? AUDIT_GENESIS_HASH;
    const events: AuditEvent[] = [];
    for (const content of contents) {
      seq += 1;
      const event = chainAuditEvent(content, { seq, id: randomUUID(), prevHash }, sha256Hex);
      events.push(event);
      prevHash = event.hash;
    }
    await trx(EVENTS).insert(
      events.map(e => ({
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
      })),
    );
    await trx(HEAD).where({ id: 1 }).update({ seq, hash: prevHash });
    return events;
  }

  async list(options: ListAuditEventsOptions = {}): Promise<AuditEvent[]> {
    const query = this.knex(EVENTS).orderBy('seq', 'asc').limit(Math.min(options.limit ?? 1000, 10_000));
    if (options.requestId) query.where({ request_id: options.requestId });
    if (options.modelRef) query.where({ model_ref: options.modelRef.toLocaleLowerCase('en-US') });
    if (options.afterSeq !== undefined) query.where('seq', '>', options.afterSeq);
    return (await query).map(rowToEvent);
  }

  /** Verifies the whole chain in pages of 1000 events, stopping at the first broken link. */
  async verify(): Promise<AuditChainVerification> {
    const head = await this.knex(HEAD).where({ id: 1 }).first();
    let checked = 0;
    let prevHash = AUDIT_GENESIS_HASH;
    let afterSeq = 0;
    for (;;) {
      const rows = await this.knex(EVENTS).where('seq', '>', afterSeq).orderBy('seq', 'asc').limit(1000);
      if (rows.length === 0) break;
      const page = rows.map(rowToEvent);
      // Verify the page as the continuation of the chain so far.
      const result = verifyAuditChain(page, sha256Hex, { startSeq: afterSeq + 1, startHash: prevHash });
      if (!result.valid) return result;
      checked += result.checked;
      prevHash = result.headHash;
      afterSeq = page[page.length - 1].seq;
    }
    if (head && (Number(head.seq) !== checked || head.hash !== prevHash)) {
      return {
        valid: false,
        checked,
        headHash: prevHash,
        firstBroken: {
          seq: checked + 1,
          id: '(missing)',
          reason: 'sequence-gap',
          message: `the chain head says ${head.seq} events ending in ${head.hash}, but ${checked} events end in ${prevHash}: trailing events were deleted`,
        },
      };
    }
    return { valid: true, checked, headHash: prevHash, firstBroken: null };
  }
}
