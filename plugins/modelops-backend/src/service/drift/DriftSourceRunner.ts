/*
 * Scheduled drift sources: on every tick (a scheduler task, one replica at a time), finds the
 * Models with `spec.monitoring.drift.source`, and for each whose latest window has no attempt yet,
 * claims the window, runs the SQL pushdown of @modelops/plugin-modelops-node on the configured
 * connection (read-only, statement timeout) and stores the report through DriftService.submitRun
 * with a run id derived from the window, exactly as a pushed report. A refused connection or a
 * failed query is recorded on the attempt (status and message) and never stops the tick.
 */
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  driftSourceRunId,
  driftSourceWindow,
  parseSourceDuration,
  DriftSettings,
  DriftSource,
  DriftSourceStatus,
  isModelEntity,
  ownerRefOf,
  validateDriftSettings,
} from '@modelops/plugin-modelops-common';
import {
  computeDriftInDatabase,
  DatabaseInputError,
  describeSource,
  selectSource,
  SqlSession,
  SqlSource,
  tableSource,
  withSession,
} from '@modelops/plugin-modelops-node';
import knexFactory, { Knex } from 'knex';
import type { DriftSourceStore } from '../../database/DriftSourceStore';
import { connectionRefusal, DriftSourceConnection } from './driftSourceConfig';
import type { DriftLimits, DriftService } from './DriftService';
import { submitRunBodySchema } from './driftSchemas';

/** A claim older than this that never finished is taken over (its replica stopped). */
const STALE_CLAIM_MS = 30 * 60_000;

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** An ISO timestamp the runner made itself, as an SQL string literal (checked: no quote can occur). */
function timeLiteral(iso: string): string {
  if (!ISO_UTC.test(iso)) throw new Error(`not an ISO timestamp: ${iso}`);
  return `'${iso}'`;
}

/** `:windowStart` / `:windowEnd` in a source's SELECT, as literals (`::casts` are left alone). */
export function bindWindow(
  sql: string,
  window: { windowStart: string; windowEnd: string },
): string {
  return sql.replace(/(?<![:\w]):(windowStart|windowEnd)\b/g, (_, name) =>
    timeLiteral(name === 'windowStart' ? window.windowStart : window.windowEnd),
  );
}

interface ModelWithSource {
  entity: Entity;
  ref: string;
  source: DriftSource;
  settings: DriftSettings;
}

const quietLog = { warn() {}, error() {}, deprecate() {}, debug() {} };

/** What one tick did, for logs and tests. */
export interface DriftSourceTickResult {
  attempted: number;
  succeeded: number;
  failed: number;
  refused: number;
}

export class DriftSourceRunner {
  private readonly pools = new Map<string, Knex>();

  constructor(
    private readonly deps: {
      drift: Pick<DriftService, 'submitRun'>;
      store: DriftSourceStore;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      connections: Map<string, DriftSourceConnection>;
      limits: DriftLimits;
      /** Earlier windows without an attempt that a tick also runs (default 0). */
      catchUpWindows?: number;
    },
  ) {}

  /** The models with a source, from the catalog (only the fields the runner reads). */
  private async modelsWithSources(): Promise<ModelWithSource[]> {
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: { kind: 'Model' },
        fields: [
          'apiVersion',
          'kind',
          'metadata.namespace',
          'metadata.name',
          'spec.owner',
          'spec.monitoring',
        ],
      },
      { credentials: await this.deps.auth.getOwnServiceCredentials() },
    );
    const out = [];
    for (const entity of items) {
      if (!isModelEntity(entity)) continue;
      const raw = (entity.spec as any)?.monitoring?.drift;
      if (!raw?.source) continue;
      // The catalog validated it; a model that is invalid anyway is skipped, not fatal.
      const valid = validateDriftSettings(raw);
      if (!valid.success || !valid.settings.source) continue;
      out.push({
        entity,
        ref: stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
        source: valid.settings.source,
        settings: valid.settings,
      });
    }
    return out;
  }

  /**
   * One pass: for every model, its latest window and the `catchUpWindows` before it, newest
   * first, each run once when it has no attempt yet (a failed or refused window is not retried).
   */
  async tick(now: Date = new Date()): Promise<DriftSourceTickResult> {
    const result = { attempted: 0, succeeded: 0, failed: 0, refused: 0 };
    const catchUp = this.deps.catchUpWindows ?? 0;
    for (const model of await this.modelsWithSources()) {
      const cadence = parseSourceDuration(model.source.cadence);
      for (let k = 0; k <= catchUp; k += 1) {
        if (k > 0 && cadence === undefined) break;
        try {
          const outcome = await this.runDue(
            model,
            driftSourceWindow(
              model.source,
              new Date(now.getTime() - k * (cadence ?? 0)),
            ),
            now,
          );
          if (outcome) {
            result.attempted += 1;
            result[outcome] += 1;
          }
        } catch (e) {
          // The store itself failed: log and go on with the next model.
          this.deps.logger.error(
            `modelops drift source of ${model.ref}: ${(e as Error).message}`,
          );
          break;
        }
      }
    }
    return result;
  }

  private async runDue(
    model: ModelWithSource,
    window: { windowStart: string; windowEnd: string },
    now: Date,
  ): Promise<'succeeded' | 'failed' | 'refused' | undefined> {
    const { ref, source, entity, settings } = model;
    const token = await this.deps.store.claim({
      entityRef: ref,
      ...window,
      connection: source.connection,
      startedAt: now.toISOString(),
      staleBefore: new Date(now.getTime() - STALE_CLAIM_MS).toISOString(),
    });
    if (!token) return undefined;
    const finish = async (
      status: 'succeeded' | 'failed' | 'refused',
      error: string | null,
      runId: string | null,
    ) => {
      await this.deps.store.finish(ref, window.windowEnd, token, {
        status,
        error,
        runId,
        finishedAt: new Date().toISOString(),
      });
      return status;
    };

    const connection = this.deps.connections.get(source.connection);
    if (!connection) {
      return finish(
        'refused',
        `no connection ${source.connection} is configured under modelops.drift.sources.connections`,
        null,
      );
    }
    const refusal = connectionRefusal(connection, ref, ownerRefOf(entity));
    if (refusal) return finish('refused', refusal, null);

    const runId = driftSourceRunId(window.windowEnd);
    try {
      const report = await withSession(
        this.pool(connection),
        session => this.evaluate(session, connection, source, settings, window),
        { statementTimeoutMs: connection.statementTimeoutMs },
      );
      // The same validation and path as a pushed report (limits, idempotent run id).
      const body = submitRunBodySchema.parse({
        runId,
        windowStart: window.windowStart,
        windowEnd: window.windowEnd,
        report,
      });
      await this.deps.drift.submitRun(ref, body, `source:${connection.name}`);
      return finish('succeeded', null, runId);
    } catch (e: any) {
      const message = withoutSecrets(String(e?.message ?? e), connection);
      this.deps.logger.warn(
        `modelops drift source of ${ref} (${connection.name}), window ending ${window.windowEnd}: ${message}`,
      );
      return finish('failed', message, null);
    }
  }

  private async evaluate(
    session: SqlSession,
    connection: DriftSourceConnection,
    source: DriftSource,
    settings: DriftSettings,
    window: { windowStart: string; windowEnd: string },
  ) {
    let reference: SqlSource =
      source.referenceSql !== undefined
        ? selectSource(
            bindWindow(source.referenceSql, window),
            'spec.monitoring.drift.source.referenceSql',
          )
        : await tableSource(session, source.referenceTable!, {
            tableFlag: 'spec.monitoring.drift.source.referenceTable',
            conditions: [source.referenceWhere],
          });
    let current: SqlSource;
    if (source.currentSql !== undefined) {
      current = selectSource(
        bindWindow(source.currentSql, window),
        'spec.monitoring.drift.source.currentSql',
      );
    } else {
      const column = source.timeColumn
        ? session.dialect.quote(source.timeColumn)
        : undefined;
      current = await tableSource(session, source.currentTable!, {
        tableFlag: 'spec.monitoring.drift.source.currentTable',
        conditions: [
          column
            ? `${column} >= ${timeLiteral(
                window.windowStart,
              )} AND ${column} < ${timeLiteral(window.windowEnd)}`
            : undefined,
          source.where,
        ],
      });
    }
    if (source.timeColumn) {
      // The time column selects the window; it is no feature (on either side).
      current = await withoutColumn(session, current, source.timeColumn);
      reference = await withoutColumn(session, reference, source.timeColumn);
    }
    const columns = await describeSource(session, current);
    if (columns.length > this.deps.limits.maxFeatures) {
      throw new DatabaseInputError(
        `${current.flag}: ${columns.length} columns is more than the limit of ${this.deps.limits.maxFeatures} features`,
      );
    }
    if (connection.maxRows !== undefined) {
      for (const side of [reference, current]) {
        const [row] = await session.query(
          `SELECT COUNT(*) AS n FROM (${side.select}) AS modelops_count`,
        );
        const n = Number(row?.n ?? 0);
        if (n > connection.maxRows)
          throw new DatabaseInputError(
            `${side.flag}: ${n} rows is more than the limit of ${connection.maxRows} of connection ${connection.name} (maxRows)`,
          );
      }
    }
    return computeDriftInDatabase(session, reference, current, { settings });
  }

  private pool(connection: DriftSourceConnection): Knex {
    let knex = this.pools.get(connection.name);
    if (!knex) {
      knex =
        connection.client === 'pg'
          ? knexFactory({
              client: 'pg',
              connection: connection.connection as any,
              pool: { min: 0, max: 1 },
              log: quietLog,
            })
          : knexFactory({
              client: 'better-sqlite3',
              connection: {
                filename: sqliteFilename(connection.connection),
                options: { readonly: true },
              },
              useNullAsDefault: true,
              pool: { min: 0, max: 1 },
              log: quietLog,
            });
      this.pools.set(connection.name, knex);
    }
    return knex;
  }

  /** The source of a model as its status shows it (never the SQL). */
  async status(entity: Entity): Promise<DriftSourceStatus | null> {
    const valid = validateDriftSettings(
      (entity.spec as any)?.monitoring?.drift,
    );
    const source = valid.success ? valid.settings.source : undefined;
    if (!source) return null;
    const lastAttempt = await this.deps.store.latestAttempt(
      stringifyEntityRef(entity),
    );
    return {
      connection: source.connection,
      cadence: source.cadence,
      window: source.window ?? source.cadence,
      ...(source.offset ? { offset: source.offset } : {}),
      lastAttempt: lastAttempt ?? null,
    };
  }

  /** Closes the connection pools (plugin shutdown). */
  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map(p => p.destroy().catch(() => {})));
  }
}

/** The source without one column (when it has it), its other columns quoted as described. */
async function withoutColumn(
  session: SqlSession,
  source: SqlSource,
  column: string,
): Promise<SqlSource> {
  const columns = await describeSource(session, source);
  if (!columns.some(c => c.name === column)) return source;
  const rest = columns.filter(c => c.name !== column);
  if (rest.length === 0)
    throw new DatabaseInputError(
      `${source.flag}: no column besides the time column ${column}`,
    );
  return {
    select: `SELECT ${rest
      .map(c => session.dialect.quote(c.name))
      .join(', ')} FROM (${source.select}) AS modelops_t`,
    flag: source.flag,
  };
}

/** The connection's password (of a URL or an object) removed from a message shown to readers. */
export function withoutSecrets(
  message: string,
  connection: Pick<DriftSourceConnection, 'connection'>,
): string {
  const secrets: string[] = [];
  const value = connection.connection;
  const fromUrl = (url: string) => {
    try {
      const password = new URL(url).password;
      if (password) secrets.push(password, decodeURIComponent(password));
    } catch {
      // not a URL: nothing to remove
    }
  };
  if (typeof value === 'string') fromUrl(value);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.password === 'string' && o.password) secrets.push(o.password);
    if (typeof o.connectionString === 'string') fromUrl(o.connectionString);
  }
  let out = message;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out;
}

function sqliteFilename(connection: unknown): string {
  if (typeof connection === 'string') return connection;
  const filename = (connection as { filename?: unknown } | null)?.filename;
  if (typeof filename !== 'string')
    throw new Error('a better-sqlite3 connection needs a filename');
  return filename;
}
