import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import {
  DriftSourceClaim,
  DriftSourceStore,
  StoredDriftSourceAttempt,
} from './DriftSourceStore';
import { toIso, toIsoOrNull } from './timestamps';

const TABLE = 'modelops_drift_source_attempts';
const norm = (ref: string) => ref.toLocaleLowerCase('en-US');
/** Errors are stored and shown, never unbounded. */
const MAX_ERROR_LENGTH = 2000;

/** {@link DriftSourceStore} on knex (PostgreSQL, SQLite). */
export class DatabaseDriftSourceStore implements DriftSourceStore {
  constructor(private readonly db: Knex) {}

  async claim(claim: DriftSourceClaim): Promise<string | undefined> {
    const token = randomUUID();
    const entityRef = norm(claim.entityRef);
    await this.db(TABLE)
      .insert({
        entity_ref: entityRef,
        window_end: claim.windowEnd,
        window_start: claim.windowStart,
        connection: claim.connection,
        status: 'running',
        claim_token: token,
        started_at: new Date(claim.startedAt),
      })
      .onConflict(['entity_ref', 'window_end'])
      .ignore();
    const row = await this.db(TABLE)
      .where({ entity_ref: entityRef, window_end: claim.windowEnd })
      .first('claim_token');
    if (row?.claim_token === token) return token;
    // Taken over only when the holder never finished (its replica stopped mid-run).
    const taken = await this.db(TABLE)
      .where({
        entity_ref: entityRef,
        window_end: claim.windowEnd,
        status: 'running',
      })
      .andWhere('started_at', '<', new Date(claim.staleBefore))
      .update({
        claim_token: token,
        started_at: new Date(claim.startedAt),
        connection: claim.connection,
      });
    return taken === 1 ? token : undefined;
  }

  async finish(
    entityRef: string,
    windowEnd: string,
    token: string,
    outcome: {
      status: 'succeeded' | 'failed' | 'refused';
      error: string | null;
      runId: string | null;
      finishedAt: string;
    },
  ): Promise<void> {
    await this.db(TABLE)
      .where({
        entity_ref: norm(entityRef),
        window_end: windowEnd,
        claim_token: token,
      })
      .update({
        status: outcome.status,
        error:
          outcome.error === null
            ? null
            : outcome.error.replace(/\0/g, '').slice(0, MAX_ERROR_LENGTH),
        run_id: outcome.runId,
        finished_at: new Date(outcome.finishedAt),
      });
  }

  async latestAttempt(
    entityRef: string,
  ): Promise<StoredDriftSourceAttempt | undefined> {
    const row = await this.db(TABLE)
      .where({ entity_ref: norm(entityRef) })
      .orderBy('window_end', 'desc')
      .first();
    if (!row) return undefined;
    return {
      windowStart: row.window_start,
      windowEnd: row.window_end,
      status: row.status,
      error: row.error ?? null,
      runId: row.run_id ?? null,
      connection: row.connection,
      startedAt: toIso(row.started_at),
      finishedAt: toIsoOrNull(row.finished_at),
    };
  }
}
