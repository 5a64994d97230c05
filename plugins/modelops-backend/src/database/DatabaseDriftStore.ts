import { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import {
  DriftFeatureHistoryPoint,
  DriftModelStatus,
  DriftStore,
  FeatureHistoryOptions,
  HistoryRowsOptions,
  ListDriftRunsOptions,
  NewDriftAcknowledgement,
  NewDriftReference,
  NewDriftRun,
  StoredDriftReference,
  StoredDriftRun,
} from './DriftStore';
import type { DriftHistoryRow } from '@modelops/plugin-modelops-common';
import { migratedClient } from './migrations';
import {
  decodeDriftRunCursor,
  decodeHistoryCursor,
  encodeCursor,
  encodeHistoryCursor,
} from './driftCursors';
import { DatabaseAuditLog } from './DatabaseAuditLog';
import { toBool, toEpochMs, toIso } from './timestamps';

const REFERENCES = 'modelops_drift_references';
const RUNS = 'modelops_drift_runs';
const FEATURES = 'modelops_drift_feature_results';
const VERSIONS = 'modelops_drift_history_versions';

const toDate = (iso: string) => new Date(iso);
const normRef = (ref: string) => ref.toLocaleLowerCase('en-US');

type RunRow = Record<string, any>;

function rowToRun(row: RunRow, includeReport: boolean): StoredDriftRun {
  const run: StoredDriftRun = {
    id: row.id,
    entityRef: row.entity_ref,
    runId: row.run_id,
    referenceId: row.reference_id ?? null,
    modelVersion: row.model_version ?? null,
    windowStart:
      row.window_start === null || row.window_start === undefined
        ? null
        : toIso(row.window_start),
    windowEnd: toIso(row.window_end),
    status: row.status,
    datasetDrift: toBool(row.dataset_drift),
    driftShare: Number(row.drift_share),
    featureCount: Number(row.feature_count),
    driftedCount: Number(row.drifted_count),
    source: row.source,
    submittedBy: row.submitted_by,
    createdAt: toIso(row.created_at),
    acknowledgement: row.acknowledged_at
      ? {
          by: row.acknowledged_by,
          at: toIso(row.acknowledged_at),
          comment: row.acknowledgement_comment ?? '',
        }
      : null,
  };
  if (includeReport && row.report !== undefined) {
    run.report = JSON.parse(row.report);
  }
  return run;
}

const RUN_COLUMNS = [
  'id',
  'entity_ref',
  'run_id',
  'reference_id',
  'model_version',
  'window_start',
  'window_end',
  'status',
  'dataset_drift',
  'drift_share',
  'feature_count',
  'drifted_count',
  'source',
  'submitted_by',
  'created_at',
  'acknowledged_by',
  'acknowledged_at',
  'acknowledgement_comment',
];

/** knex implementation of {@link DriftStore}; runs its migrations on create unless told not to. */
export class DatabaseDriftStore implements DriftStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseDriftStore> {
    return new DatabaseDriftStore(
      await migratedClient(options.database, options),
    );
  }

  private readonly audit: DatabaseAuditLog;

  constructor(private readonly db: Knex) {
    // Acknowledgements are appended to the audit chain in the transaction that records them.
    this.audit = new DatabaseAuditLog(db);
  }

  async acknowledgeRun(
    entityRef: string,
    runId: string,
    ack: NewDriftAcknowledgement,
  ): Promise<StoredDriftRun> {
    const ref = normRef(entityRef);
    return this.db.transaction(async tx => {
      // Acknowledge once: the update only matches a drifting run nobody acknowledged yet, so two
      // concurrent acknowledgements cannot both succeed (one of them updates 0 rows).
      const updated = await tx(RUNS)
        .where({ entity_ref: ref, run_id: runId, dataset_drift: true })
        .whereNull('acknowledged_at')
        .update({
          acknowledged_by: ack.by,
          acknowledged_at: toDate(ack.at),
          acknowledgement_comment: ack.comment,
        });
      const row = await tx(RUNS)
        .select(...RUN_COLUMNS)
        .where({ entity_ref: ref, run_id: runId })
        .first();
      if (!row) throw new NotFoundError(`no drift run ${runId} of ${ref}`);
      const run = rowToRun(row, false);
      if (updated !== 1) {
        if (!run.datasetDrift) {
          throw new InputError(
            `run ${runId} shows no dataset drift: there is nothing to acknowledge`,
          );
        }
        throw new ConflictError(
          `run ${runId} was already acknowledged by ${run.acknowledgement?.by} at ${run.acknowledgement?.at}`,
        );
      }
      await this.audit.append(tx, [
        {
          type: 'drift.acknowledged',
          requestId: null,
          modelRef: ref,
          actor: ack.by,
          client: ack.client,
          comment: ack.comment,
          payload: {
            runId,
            windowEnd: run.windowEnd,
            driftShare: run.driftShare,
            driftedCount: run.driftedCount,
            featureCount: run.featureCount,
          },
          createdAt: run.acknowledgement?.at ?? ack.at,
        },
      ]);
      return run;
    });
  }

  async addReference(
    reference: NewDriftReference,
  ): Promise<StoredDriftReference> {
    const row = {
      id: randomUUID(),
      entity_ref: normRef(reference.entityRef),
      model_version: reference.modelVersion,
      profile: JSON.stringify(reference.profile),
      feature_count: reference.featureCount,
      row_count: reference.rowCount,
      created_by: reference.createdBy,
      created_at: toDate(reference.createdAt ?? new Date().toISOString()),
    };
    await this.db(REFERENCES).insert(row);
    return {
      id: row.id,
      entityRef: row.entity_ref,
      modelVersion: row.model_version,
      profile: reference.profile,
      featureCount: row.feature_count,
      rowCount: row.row_count,
      createdBy: row.created_by,
      createdAt: row.created_at.toISOString(),
    };
  }

  async getReference(
    entityRef: string,
    options: { id?: string; modelVersion?: string } = {},
  ): Promise<StoredDriftReference | undefined> {
    let query = this.db(REFERENCES).where('entity_ref', normRef(entityRef));
    if (options.id) query = query.andWhere('id', options.id);
    if (options.modelVersion)
      query = query.andWhere('model_version', options.modelVersion);
    const row = await query
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first();
    if (!row) return undefined;
    return {
      id: row.id,
      entityRef: row.entity_ref,
      modelVersion: row.model_version ?? null,
      profile: JSON.parse(row.profile),
      featureCount: Number(row.feature_count),
      rowCount: Number(row.row_count),
      createdBy: row.created_by,
      createdAt: toIso(row.created_at),
    };
  }

  async listReferences(entityRef: string) {
    const rows = await this.db(REFERENCES)
      .select(
        'id',
        'entity_ref',
        'model_version',
        'feature_count',
        'row_count',
        'created_by',
        'created_at',
      )
      .where('entity_ref', normRef(entityRef))
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    return rows.map(row => ({
      id: row.id,
      entityRef: row.entity_ref,
      modelVersion: row.model_version ?? null,
      featureCount: Number(row.feature_count),
      rowCount: Number(row.row_count),
      createdBy: row.created_by,
      createdAt: toIso(row.created_at),
    }));
  }

  async addRun(
    run: NewDriftRun,
  ): Promise<{ run: StoredDriftRun; created: boolean }> {
    const entityRef = normRef(run.entityRef);
    const id = randomUUID();
    const windowEnd = toDate(run.windowEnd);
    return this.db.transaction(async tx => {
      if (run.referenceId) {
        // Checked in the same transaction as the insert, so a foreign-key violation (a database
        // error, 500) cannot happen: an unknown or other model's reference is the client's mistake.
        const reference = await tx(REFERENCES)
          .select('id')
          .where({ id: run.referenceId, entity_ref: entityRef })
          .first();
        if (!reference) {
          throw new InputError(
            `referenceId: no reference ${run.referenceId} for ${entityRef}; use an id from GET .../references`,
          );
        }
      }
      await tx(RUNS)
        .insert({
          id,
          entity_ref: entityRef,
          run_id: run.runId,
          reference_id: run.referenceId,
          model_version: run.modelVersion,
          window_start: run.windowStart ? toDate(run.windowStart) : null,
          window_end: windowEnd,
          status: run.status,
          dataset_drift: run.datasetDrift,
          drift_share: run.driftShare,
          feature_count: run.features.length,
          drifted_count: run.features.filter(f => f.drift).length,
          report: JSON.stringify(run.report),
          source: run.source,
          submitted_by: run.submittedBy,
          created_at: toDate(run.createdAt ?? new Date().toISOString()),
        })
        .onConflict(['entity_ref', 'run_id'])
        .ignore();
      const row = await tx(RUNS)
        .select(...RUN_COLUMNS, 'report')
        .where({ entity_ref: entityRef, run_id: run.runId })
        .first();
      const created = row.id === id;
      if (created && run.features.length > 0) {
        const featureRows = run.features.map(f => ({
          run_pk: id,
          entity_ref: entityRef,
          run_id: run.runId,
          feature: f.name,
          kind: f.kind,
          method: f.method,
          value: f.value === null || !Number.isFinite(f.value) ? null : f.value,
          threshold:
            f.threshold === null || !Number.isFinite(f.threshold)
              ? null
              : f.threshold,
          drift: f.drift,
          status: f.status,
          window_end: windowEnd,
        }));
        // Chunked: SQLite limits the number of bound variables per statement.
        for (let i = 0; i < featureRows.length; i += 50) {
          await tx(FEATURES).insert(featureRows.slice(i, i + 50));
        }
        // Last, so the row lock is held briefly: concurrent runs of one model bump it in turn,
        // and a reader that sees a version sees every point written before it.
        await tx(VERSIONS)
          .insert({ entity_ref: entityRef, version: 1 })
          .onConflict('entity_ref')
          .merge({ version: tx.raw('??.?? + 1', [VERSIONS, 'version']) });
      }
      return { run: rowToRun(row, true), created };
    });
  }

  async getRun(
    entityRef: string,
    runId: string,
  ): Promise<StoredDriftRun | undefined> {
    const row = await this.db(RUNS)
      .select(...RUN_COLUMNS, 'report')
      .where({ entity_ref: normRef(entityRef), run_id: runId })
      .first();
    return row ? rowToRun(row, true) : undefined;
  }

  async listRuns(entityRef: string, options: ListDriftRunsOptions) {
    const columns = options.includeReport
      ? [...RUN_COLUMNS, 'report']
      : RUN_COLUMNS;
    let query = this.db(RUNS)
      .select(...columns)
      .where('entity_ref', normRef(entityRef));
    if (options.from)
      query = query.andWhere('window_end', '>=', toDate(options.from));
    if (options.to)
      query = query.andWhere('window_end', '<=', toDate(options.to));
    if (options.cursor) {
      const [end, id] = decodeDriftRunCursor(options.cursor);
      const endDate = toDate(end);
      query = query.andWhere(q =>
        q
          .where('window_end', '<', endDate)
          .orWhere(q2 =>
            q2.where('window_end', '=', endDate).andWhere('id', '<', id),
          ),
      );
    }
    const rows = await query
      .orderBy([
        { column: 'window_end', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit + 1);
    const items = rows
      .slice(0, options.limit)
      .map(r => rowToRun(r, !!options.includeReport));
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        rows.length > options.limit && last
          ? encodeCursor(last.windowEnd, last.id)
          : undefined,
    };
  }

  async latestRun(entityRef: string) {
    const [run] = await this.latestRuns(entityRef, 1);
    return run;
  }

  async latestRuns(entityRef: string, count: number) {
    const rows = await this.db(RUNS)
      .select(...RUN_COLUMNS, 'report')
      .where('entity_ref', normRef(entityRef))
      .orderBy([
        { column: 'window_end', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(count);
    return rows.map(r => rowToRun(r, true));
  }

  async latestStatusAll(): Promise<DriftModelStatus[]> {
    const latest = this.db(RUNS)
      .select('entity_ref')
      .max({ max_end: 'window_end' })
      .groupBy('entity_ref')
      .as('latest');
    const rows = await this.db(RUNS)
      .select(...RUN_COLUMNS.map(c => `${RUNS}.${c}`))
      .join(latest, join =>
        join
          .on(`${RUNS}.entity_ref`, '=', 'latest.entity_ref')
          .andOn(`${RUNS}.window_end`, '=', 'latest.max_end'),
      )
      .orderBy([
        { column: `${RUNS}.entity_ref`, order: 'asc' },
        { column: `${RUNS}.id`, order: 'desc' },
      ]);
    const seen = new Set<string>();
    const out: DriftModelStatus[] = [];
    for (const row of rows) {
      if (seen.has(row.entity_ref)) continue;
      seen.add(row.entity_ref);
      out.push({ entityRef: row.entity_ref, lastRun: rowToRun(row, false) });
    }
    return out;
  }

  async featureHistory(
    entityRef: string,
    feature: string | undefined,
    options: FeatureHistoryOptions,
  ) {
    let query = this.db(FEATURES)
      .select(
        'id',
        'feature',
        'method',
        'value',
        'threshold',
        'drift',
        'status',
        'window_end',
        'run_id',
      )
      .where('entity_ref', normRef(entityRef));
    if (feature) query = query.andWhere('feature', feature);
    if (options.from)
      query = query.andWhere('window_end', '>=', toDate(options.from));
    if (options.to)
      query = query.andWhere('window_end', '<=', toDate(options.to));
    if (options.cursor) {
      // Keyset continuation after (window_end, feature, id) of the previous page's last point.
      const [end, name, id] = decodeHistoryCursor(options.cursor);
      const endDate = toDate(end);
      query = query.andWhere(q =>
        q
          .where('window_end', '>', endDate)
          .orWhere(q2 =>
            q2.where('window_end', '=', endDate).andWhere('feature', '>', name),
          )
          .orWhere(q3 =>
            q3
              .where('window_end', '=', endDate)
              .andWhere('feature', '=', name)
              .andWhere('id', '>', id),
          ),
      );
    }
    const rows = await query
      .orderBy([
        { column: 'window_end', order: 'asc' },
        { column: 'feature', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(options.limit + 1);
    const page = rows.slice(0, options.limit);
    const items = page.map(
      (r): DriftFeatureHistoryPoint => ({
        feature: r.feature,
        runId: r.run_id,
        windowEnd: toIso(r.window_end),
        method: r.method,
        value: r.value === null ? null : Number(r.value),
        threshold: r.threshold === null ? null : Number(r.threshold),
        drift: toBool(r.drift),
        status: r.status,
      }),
    );
    const last = page[page.length - 1];
    return {
      items,
      nextCursor:
        rows.length > options.limit && last
          ? encodeHistoryCursor(
              toIso(last.window_end),
              last.feature,
              Number(last.id),
            )
          : undefined,
    };
  }

  async historyVersion(entityRef: string): Promise<number> {
    const row = await this.db(VERSIONS)
      .select('version')
      .where('entity_ref', normRef(entityRef))
      .first();
    return row ? Number(row.version) : 0;
  }

  async historyRows(
    entityRef: string,
    options: HistoryRowsOptions,
  ): Promise<DriftHistoryRow[]> {
    // Only the chart's columns; the filters in SQL, in the order of the (entity_ref, feature,
    // window_end) index so no sort is needed.
    let query = this.db(FEATURES)
      .select('feature', 'method', 'value', 'threshold', 'drift', 'window_end')
      .where('entity_ref', normRef(entityRef));
    if (options.feature) query = query.andWhere('feature', options.feature);
    if (options.from)
      query = query.andWhere('window_end', '>=', toDate(options.from));
    if (options.to)
      query = query.andWhere('window_end', '<=', toDate(options.to));
    const rows = await query.orderBy([
      { column: 'feature', order: 'asc' },
      { column: 'window_end', order: 'asc' },
    ]);
    const out: DriftHistoryRow[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      out[i] = {
        feature: r.feature,
        method: r.method,
        time: toEpochMs(r.window_end),
        value: r.value === null ? null : Number(r.value),
        threshold: r.threshold === null ? null : Number(r.threshold),
        drift: toBool(r.drift),
      };
    }
    return out;
  }
}
