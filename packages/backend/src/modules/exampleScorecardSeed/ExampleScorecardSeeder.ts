import {
  AuthService,
  DatabaseService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { randomUUID } from 'node:crypto';
import { DEFAULT_SEED_WEEKS, pastLevel } from './exampleScorecardHistory';

type Db = Awaited<ReturnType<DatabaseService['getClient']>>;

// The modelops backend's snapshot tables (migrations/20261122100000_scorecards.js). This module is
// a module of the modelops plugin, so it gets the plugin's database.
const BATCHES = 'modelops_scorecard_snapshot_batches';
const SNAPSHOTS = 'modelops_scorecard_snapshots';
const WEEK_MS = 7 * 86_400_000;

/** Options of {@link ExampleScorecardSeeder}. */
export interface ExampleScorecardSeederOptions {
  logger: LoggerService;
  auth: AuthService;
  discovery: DiscoveryService;
  catalog: CatalogService;
  database: DatabaseService;
  /** Weekly snapshots seeded before the first real one (default 8). */
  weeks?: number;
  /** How long to wait for the catalog's models to settle (default 10 minutes). */
  timeoutMs?: number;
  /** Catalog polling and HTTP retry interval (default 2 s). */
  pollIntervalMs?: number;
  fetch?: typeof fetch;
}

/** What one seeding did. */
export interface ExampleScorecardSeedResult {
  /** The snapshot taken at start (through the API). */
  snapshotId?: string;
  models: number;
  /** Backdated snapshots written (0 when a history was there already). */
  seededSnapshots: number;
  error?: string;
}

class Aborted extends Error {}

/**
 * Seeds the example portal's scorecard history: waits until the catalog's Models stop changing,
 * takes a snapshot now through the public API (`POST /scorecards/snapshots`), then, unless older
 * snapshots exist, writes one backdated snapshot a week before it from that snapshot's rows, with the
 * levels {@link pastLevel} makes up. Example data only.
 */
export class ExampleScorecardSeeder {
  private readonly controller = new AbortController();
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ExampleScorecardSeederOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  stop() {
    this.controller.abort();
  }

  /** Never throws (problems are logged and returned). */
  async run(): Promise<ExampleScorecardSeedResult> {
    const { logger } = this.options;
    try {
      const models = await this.waitForModels();
      const batch = await this.takeSnapshot();
      const seeded = await this.backfill(batch);
      logger.info(
        `example scorecard seed: snapshot ${batch.id} of ${
          batch.modelCount
        } models taken${
          seeded
            ? `, ${seeded} weekly snapshots seeded before it`
            : '; older snapshots exist, none seeded'
        }`,
      );
      return { snapshotId: batch.id, models, seededSnapshots: seeded };
    } catch (e) {
      if (!(e instanceof Aborted))
        logger.warn(`example scorecard seed failed: ${e}`);
      return { models: 0, seededSnapshots: 0, error: String(e) };
    }
  }

  private async sleep(ms: number) {
    if (this.controller.signal.aborted) throw new Aborted('stopped');
    await new Promise<void>(resolve => {
      const timer = setTimeout(resolve, ms);
      this.controller.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    if (this.controller.signal.aborted) throw new Aborted('stopped');
  }

  /** Polls the catalog until it has Models and their number held for three polls (or the timeout). */
  private async waitForModels(): Promise<number> {
    const { catalog, auth } = this.options;
    const interval = this.options.pollIntervalMs ?? 2000;
    const deadline = Date.now() + (this.options.timeoutMs ?? 10 * 60_000);
    let last = -1;
    let stable = 0;
    for (;;) {
      const { items } = await catalog.getEntities(
        { filter: { kind: 'Model' }, fields: ['metadata.name'] },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      stable = items.length > 0 && items.length === last ? stable + 1 : 0;
      last = items.length;
      if (stable >= 2 || Date.now() >= deadline) return items.length;
      await this.sleep(interval);
    }
  }

  private async request(method: 'GET' | 'POST', path: string) {
    const { auth, discovery } = this.options;
    const interval = this.options.pollIntervalMs ?? 2000;
    for (let attempt = 1; ; attempt += 1) {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'modelops',
      });
      try {
        const response = await this.fetch(
          `${await discovery.getBaseUrl('modelops')}${path}`,
          {
            method,
            headers: { Authorization: `Bearer ${token}` },
            signal: this.controller.signal,
          },
        );
        if (response.ok) return response.json();
        throw new Error(
          `${method} ${path}: HTTP ${response.status} ${await response.text()}`,
        );
      } catch (e) {
        if (this.controller.signal.aborted) throw new Aborted('stopped');
        if (attempt >= 30) throw e;
        await this.sleep(interval);
      }
    }
  }

  private takeSnapshot(): Promise<{
    id: string;
    takenAt: string;
    modelCount: number;
  }> {
    return this.request('POST', '/scorecards/snapshots');
  }

  /** Writes the weekly snapshots before `batch`, unless any snapshot is older than a day before it. */
  private async backfill(batch: {
    id: string;
    takenAt: string;
    modelCount: number;
  }): Promise<number> {
    const db: Db = await this.options.database.getClient();
    const now = new Date(batch.takenAt).getTime();
    const older = await db(BATCHES)
      .where('taken_at', '<', new Date(now - 86_400_000))
      .first();
    if (older) return 0;
    const rows: Array<Record<string, any>> = await db(SNAPSHOTS).where({
      batch_id: batch.id,
    });
    const weeks = this.options.weeks ?? DEFAULT_SEED_WEEKS;
    await db.transaction(async tx => {
      for (let k = weeks; k >= 1; k -= 1) {
        const id = randomUUID();
        const takenAt = new Date(now - k * WEEK_MS);
        await tx(BATCHES).insert({
          id,
          taken_at: takenAt,
          trigger: 'manual',
          model_count: batch.modelCount,
          duration_ms: 0,
        });
        if (rows.length === 0) continue;
        await tx(SNAPSHOTS).insert(
          rows.map(({ id: _rowId, ...r }) => ({
            ...r,
            batch_id: id,
            taken_at: takenAt,
            level: pastLevel(r.entity_ref, r.scorecard, Number(r.level), k),
          })),
        );
      }
    });
    return weeks;
  }
}
