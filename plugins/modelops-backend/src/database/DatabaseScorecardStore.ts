import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type {
  AuditEventContent,
  ItemsPage,
  ModelHistoryPoint,
  ScorecardSnapshotBatch,
  StoredScorecardExemption,
  TeamHistoryPoint,
} from '@modelops/plugin-modelops-common';
import {
  HistoryQuery,
  NewScorecardExemption,
  PageOptions,
  ScorecardSnapshotRow,
  ScorecardStore,
} from './ScorecardStore';
import { DatabaseAuditLog } from './DatabaseAuditLog';
import { migratedClient } from './migrations';
import {
  decodePageCursor,
  encodePageCursor,
  pageOf,
  PAGE_DEFAULT_LIMIT,
  PAGE_MAX_LIMIT,
} from './pageCursors';
import { toBool, toIso, toIsoOrNull } from './timestamps';

const BATCHES = 'modelops_scorecard_snapshot_batches';
const SNAPSHOTS = 'modelops_scorecard_snapshots';
const EXEMPTIONS = 'modelops_scorecard_exemptions';
/** Rows per INSERT and refs per IN list (SQLite caps bound variables). */
const CHUNK = 500;

const lower = (s: string) => s.toLocaleLowerCase('en-US');

/** Code-unit order (the order of `<` on strings), independent of the locale. */
function byCode(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

const pageLimit = (options: PageOptions) =>
  Math.min(options.limit ?? PAGE_DEFAULT_LIMIT, PAGE_MAX_LIMIT);

/** The cursor after a history point (oldest first by takenAt, scorecard) of `listing`. */
const historyCursor =
  (listing: string) => (p: { takenAt: string; scorecard: string }) =>
    encodePageCursor(listing, [p.takenAt, p.scorecard]);

/** `(taken_at, scorecard) > cursor`, spelled out (both databases use an index for it). */
function afterHistoryCursor(
  q: Knex.QueryBuilder,
  listing: string,
  cursor: string | undefined,
) {
  if (!cursor) return;
  const [takenAt, scorecard] = decodePageCursor<[string, string]>(
    listing,
    cursor,
    ['date', 'string'],
  );
  const at = new Date(takenAt);
  q.where(w =>
    w
      .where('taken_at', '>', at)
      .orWhere(w2 =>
        w2.where('taken_at', '=', at).andWhere('scorecard', '>', scorecard),
      ),
  );
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

function rowToExemption(row: Record<string, any>): StoredScorecardExemption {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    checkId: row.check_id,
    scorecard: row.scorecard ?? null,
    reason: row.reason,
    requestedBy: row.requested_by,
    approvedBy: row.approved_by ?? null,
    approvedAt: toIsoOrNull(row.approved_at),
    expiresAt: toIso(row.expires_at),
    createdAt: toIso(row.created_at),
    revokedBy: row.revoked_by ?? null,
    revokedAt: toIsoOrNull(row.revoked_at),
  };
}

function rowToBatch(row: Record<string, any>): ScorecardSnapshotBatch {
  return {
    id: row.id,
    takenAt: toIso(row.taken_at),
    trigger: row.trigger,
    modelCount: Number(row.model_count),
    durationMs: Number(row.duration_ms),
  };
}

/** Knex implementation of {@link ScorecardStore}, on PostgreSQL, SQLite or MySQL. */
export class DatabaseScorecardStore implements ScorecardStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseScorecardStore> {
    return new DatabaseScorecardStore(
      await migratedClient(options.database, options),
    );
  }

  private readonly audit: DatabaseAuditLog;

  constructor(private readonly db: Knex) {
    // Exemptions change what a scorecard (and so a promotion gate) says: each change is appended to
    // the approvals audit chain in the transaction that makes it (same plugin database).
    this.audit = new DatabaseAuditLog(db);
  }

  private static event(
    type: 'exemption.requested' | 'exemption.approved' | 'exemption.revoked',
    exemption: StoredScorecardExemption,
    actor: string,
    client: string | null,
    at: string,
    comment: string | null,
  ): AuditEventContent {
    return {
      type,
      requestId: null,
      modelRef: lower(exemption.entityRef),
      actor: lower(actor),
      client,
      comment,
      payload: {
        exemptionId: exemption.id,
        checkId: exemption.checkId,
        scorecard: exemption.scorecard ?? null,
        requestedBy: lower(exemption.requestedBy),
        expiresAt: exemption.expiresAt,
      },
      createdAt: at,
    };
  }

  async addSnapshot(input: {
    takenAt: string;
    trigger: 'schedule' | 'manual';
    modelCount: number;
    durationMs: number;
    rows: ScorecardSnapshotRow[];
  }): Promise<ScorecardSnapshotBatch> {
    const id = randomUUID();
    const takenAt = new Date(input.takenAt);
    await this.db.transaction(async tx => {
      await tx(BATCHES).insert({
        id,
        taken_at: takenAt,
        trigger: input.trigger,
        model_count: input.modelCount,
        duration_ms: Math.round(input.durationMs),
      });
      for (const part of chunks(input.rows, CHUNK)) {
        await tx(SNAPSHOTS).insert(
          part.map(r => ({
            batch_id: id,
            taken_at: takenAt,
            entity_ref: lower(r.entityRef),
            owner_ref: r.ownerRef ? lower(r.ownerRef) : null,
            scorecard: r.scorecard,
            level: r.level,
            max_level: r.maxLevel,
            blocked: r.blocked,
            pass_count: r.counts.pass,
            fail_count: r.counts.fail,
            na_count: r.counts.notApplicable,
            not_evaluated_count: r.counts.notEvaluated,
            waived_count: r.counts.waived,
            failing_checks: JSON.stringify(r.failingChecks),
          })),
        );
      }
    });
    return {
      id,
      takenAt: takenAt.toISOString(),
      trigger: input.trigger,
      modelCount: input.modelCount,
      durationMs: Math.round(input.durationMs),
    };
  }

  async listBatches(limit: number): Promise<ScorecardSnapshotBatch[]> {
    const rows = await this.db(BATCHES)
      .orderBy('taken_at', 'desc')
      .limit(limit);
    return rows.map(rowToBatch);
  }

  private range<T extends Knex.QueryBuilder>(q: T, query: HistoryQuery): T {
    if (query.scorecard) q.where('scorecard', query.scorecard);
    if (query.from) q.where('taken_at', '>=', new Date(query.from));
    if (query.to) q.where('taken_at', '<=', new Date(query.to));
    return q;
  }

  async modelHistory(
    entityRef: string,
    query: HistoryQuery & PageOptions,
  ): Promise<ItemsPage<ModelHistoryPoint>> {
    const limit = pageLimit(query);
    const q = this.range(
      this.db(SNAPSHOTS).where('entity_ref', lower(entityRef)),
      query,
    )
      .orderBy([
        { column: 'taken_at', order: 'asc' },
        { column: 'scorecard', order: 'asc' },
      ])
      .limit(limit + 1);
    afterHistoryCursor(q, 'model-history', query.cursor);
    const rows = await q;
    const points = rows.map((r: Record<string, any>) => ({
      takenAt: toIso(r.taken_at),
      scorecard: r.scorecard,
      level: Number(r.level),
      blocked: toBool(r.blocked),
      counts: {
        pass: Number(r.pass_count),
        fail: Number(r.fail_count),
        notApplicable: Number(r.na_count),
        notEvaluated: Number(r.not_evaluated_count ?? 0),
        waived: Number(r.waived_count),
      },
      failingChecks: JSON.parse(r.failing_checks),
    }));
    return pageOf(points, limit, historyCursor('model-history'));
  }

  async teamHistory(
    ownerRefs: string[],
    query: HistoryQuery & PageOptions,
  ): Promise<ItemsPage<TeamHistoryPoint>> {
    const limit = pageLimit(query);
    // A point aggregates rows of many models and owners (read in chunks of owners), so the page is
    // cut after aggregation; the cursor's takenAt still bounds what is read.
    const after = query.cursor
      ? decodePageCursor<[string, string]>('team-history', query.cursor, [
          'date',
          'string',
        ])
      : undefined;
    const points = new Map<string, TeamHistoryPoint & { sum: number }>();
    for (const part of chunks([...new Set(ownerRefs.map(lower))], CHUNK)) {
      const q = this.range(
        this.db(SNAPSHOTS)
          .select('taken_at', 'scorecard', 'level')
          .count({ n: '*' })
          .whereIn('owner_ref', part)
          .groupBy('taken_at', 'scorecard', 'level'),
        query,
      );
      if (after) q.where('taken_at', '>=', new Date(after[0]));
      const rows = await q;
      for (const r of rows as Array<Record<string, any>>) {
        const takenAt = toIso(r.taken_at);
        // (takenAt, scorecard) > cursor, compared here in the order of the sort below.
        if (
          after &&
          takenAt === new Date(after[0]).toISOString() &&
          r.scorecard <= after[1]
        )
          continue;
        const key = `${takenAt}|${r.scorecard}`;
        const p = points.get(key) ?? {
          takenAt,
          scorecard: r.scorecard,
          modelCount: 0,
          averageLevel: 0,
          levels: {} as Record<string, number>,
          sum: 0,
        };
        const n = Number(r.n);
        const level = Number(r.level);
        p.modelCount += n;
        p.sum += n * level;
        p.levels[String(level)] = (p.levels[String(level)] ?? 0) + n;
        points.set(key, p);
      }
    }
    const sorted = [...points.values()]
      .sort(
        (a, b) =>
          a.takenAt.localeCompare(b.takenAt) ||
          byCode(a.scorecard, b.scorecard),
      )
      .slice(0, limit + 1)
      .map(({ sum, ...p }) => ({
        ...p,
        averageLevel: p.modelCount
          ? Math.round((sum / p.modelCount) * 100) / 100
          : 0,
      }));
    return pageOf(sorted, limit, historyCursor('team-history'));
  }

  async pruneSnapshots(before: string): Promise<number> {
    const old = await this.db(BATCHES)
      .where('taken_at', '<', new Date(before))
      .select('id');
    const ids = old.map(r => r.id as string);
    for (const part of chunks(ids, CHUNK)) {
      // explicit delete of the rows: SQLite only cascades with foreign keys enabled
      await this.db(SNAPSHOTS).whereIn('batch_id', part).delete();
      await this.db(BATCHES).whereIn('id', part).delete();
    }
    return ids.length;
  }

  async createExemption(
    input: NewScorecardExemption,
    client: string | null = null,
  ): Promise<StoredScorecardExemption> {
    const row = {
      id: randomUUID(),
      entity_ref: lower(input.entityRef),
      check_id: input.checkId,
      scorecard: input.scorecard,
      reason: input.reason,
      requested_by: input.requestedBy,
      approved_by: null,
      approved_at: null,
      expires_at: new Date(input.expiresAt),
      created_at: new Date(input.createdAt),
      revoked_by: null,
      revoked_at: null,
    };
    const created = rowToExemption(row);
    await this.db.transaction(async tx => {
      await tx(EXEMPTIONS).insert(row);
      await this.audit.append(tx, [
        DatabaseScorecardStore.event(
          'exemption.requested',
          created,
          input.requestedBy,
          client,
          created.createdAt,
          input.reason,
        ),
      ]);
    });
    return created;
  }

  async getExemption(
    id: string,
  ): Promise<StoredScorecardExemption | undefined> {
    const row = await this.db(EXEMPTIONS).where({ id }).first();
    return row ? rowToExemption(row) : undefined;
  }

  async approveExemption(
    id: string,
    approver: string,
    now: string,
    client: string | null = null,
  ): Promise<StoredScorecardExemption> {
    return this.db.transaction(async tx => {
      const q = tx(EXEMPTIONS).where({ id });
      const row = await (tx.client.config.client === 'pg'
        ? q.forUpdate()
        : q
      ).first();
      if (!row) throw new NotFoundError(`no exemption ${id}`);
      const current = rowToExemption(row);
      if (lower(current.requestedBy) === lower(approver)) {
        throw new NotAllowedError(
          'an exemption must be approved by someone other than its requester',
        );
      }
      if (current.revokedAt)
        throw new ConflictError(`exemption ${id} was revoked`);
      if (current.approvedBy)
        throw new ConflictError(
          `exemption ${id} is already approved by ${current.approvedBy}`,
        );
      if (new Date(current.expiresAt).getTime() <= new Date(now).getTime()) {
        throw new ConflictError(
          `exemption ${id} expired at ${current.expiresAt}`,
        );
      }
      const updated = await tx(EXEMPTIONS)
        .where({ id })
        .whereNull('approved_by')
        .whereNull('revoked_at')
        .update({ approved_by: approver, approved_at: new Date(now) });
      if (updated !== 1)
        throw new ConflictError(
          `exemption ${id} changed while approving; retry`,
        );
      const approved = rowToExemption(
        await tx(EXEMPTIONS).where({ id }).first(),
      );
      await this.audit.append(tx, [
        DatabaseScorecardStore.event(
          'exemption.approved',
          approved,
          approver,
          client,
          approved.approvedAt ?? now,
          null,
        ),
      ]);
      return approved;
    });
  }

  async revokeExemption(
    id: string,
    by: string,
    now: string,
    client: string | null = null,
  ): Promise<StoredScorecardExemption> {
    return this.db.transaction(async tx => {
      const updated = await tx(EXEMPTIONS)
        .where({ id })
        .whereNull('revoked_at')
        .update({ revoked_by: by, revoked_at: new Date(now) });
      const row = await tx(EXEMPTIONS).where({ id }).first();
      if (!row) throw new NotFoundError(`no exemption ${id}`);
      if (updated !== 1)
        throw new ConflictError(`exemption ${id} is already revoked`);
      const revoked = rowToExemption(row);
      await this.audit.append(tx, [
        DatabaseScorecardStore.event(
          'exemption.revoked',
          revoked,
          by,
          client,
          revoked.revokedAt ?? now,
          null,
        ),
      ]);
      return revoked;
    });
  }

  async listExemptions(
    options: { entityRef?: string; includeRevoked?: boolean } = {},
  ): Promise<StoredScorecardExemption[]> {
    const q = this.db(EXEMPTIONS).orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'asc' },
    ]);
    if (options.entityRef) q.where('entity_ref', lower(options.entityRef));
    if (!options.includeRevoked) q.whereNull('revoked_at');
    return (await q).map(rowToExemption);
  }

  async pageExemptions(
    options: { entityRef?: string } & PageOptions = {},
  ): Promise<ItemsPage<StoredScorecardExemption>> {
    const limit = pageLimit(options);
    const q = this.db(EXEMPTIONS)
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit + 1);
    if (options.entityRef) q.where('entity_ref', lower(options.entityRef));
    if (options.cursor) {
      const [createdAt, id] = decodePageCursor<[string, string]>(
        'exemptions',
        options.cursor,
        ['date', 'string'],
      );
      const at = new Date(createdAt);
      // (created_at, id) < (at, id), spelled out: both databases use the page index for it.
      q.where(w =>
        w
          .where('created_at', '<', at)
          .orWhere(w2 =>
            w2.where('created_at', '=', at).andWhere('id', '<', id),
          ),
      );
    }
    return pageOf((await q).map(rowToExemption), limit, e =>
      encodePageCursor('exemptions', [e.createdAt, e.id]),
    );
  }
}
