import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { productionVersion } from '@modelops/plugin-modelops-common';
import {
  dailyWindows,
  EXAMPLE_DRIFT_SCENARIOS,
  ExampleDriftScenario,
  referenceColumns,
} from './exampleDriftData';

/** Options of {@link ExampleDriftSeeder}. */
export interface ExampleDriftSeederOptions {
  logger: LoggerService;
  auth: AuthService;
  discovery: DiscoveryService;
  catalog: CatalogService;
  scenarios?: ReadonlyArray<ExampleDriftScenario>;
  /** Daily windows per model (default 45). */
  windows?: number;
  /** How long to wait for the models to appear in the catalog (default 10 minutes). */
  timeoutMs?: number;
  /** Catalog polling and HTTP retry interval (default 2 s). */
  pollIntervalMs?: number;
  now?: () => Date;
  fetch?: typeof fetch;
}

/** What one seeding did per model. */
export interface ExampleDriftSeedResult {
  model: string;
  referenceCreated: boolean;
  runsCreated: number;
  runsSkipped: number;
  error?: string;
}

class Aborted extends Error {}

/**
 * Seeds the example portal with drift history through the public drift API, as a monitoring
 * job would: waits until the example models are in the catalog, then sets each model's
 * reference (unless it has one) and posts its daily windows that are not stored yet. Run ids
 * are `seed-<date>`, so restarts add only the new days.
 */
export class ExampleDriftSeeder {
  private readonly controller = new AbortController();
  private readonly scenarios: ReadonlyArray<ExampleDriftScenario>;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ExampleDriftSeederOptions) {
    this.scenarios = options.scenarios ?? EXAMPLE_DRIFT_SCENARIOS;
    this.fetch = options.fetch ?? fetch;
  }

  /** Stops a running seeding (at the next request or poll). */
  stop() {
    this.controller.abort();
  }

  /** Seeds every scenario's model; never throws (problems are logged and returned). */
  async run(): Promise<ExampleDriftSeedResult[]> {
    const { logger } = this.options;
    try {
      const models = await this.waitForModels();
      const results: ExampleDriftSeedResult[] = [];
      for (const scenario of this.scenarios) {
        const entity = models.get(scenario.name);
        if (!entity) {
          logger.warn(
            `example drift seed: model:default/${scenario.name} is not in the catalog; skipped`,
          );
          results.push({
            model: scenario.name,
            referenceCreated: false,
            runsCreated: 0,
            runsSkipped: 0,
            error: 'not in the catalog',
          });
          continue;
        }
        try {
          const result = await this.seedModel(scenario, entity);
          logger.info(
            `example drift seed: ${scenario.name}: ${
              result.referenceCreated ? 'reference set, ' : ''
            }${result.runsCreated} windows added, ${
              result.runsSkipped
            } already stored (${scenario.story})`,
          );
          results.push(result);
        } catch (e) {
          if (e instanceof Aborted) throw e;
          logger.warn(`example drift seed: ${scenario.name} failed: ${e}`);
          results.push({
            model: scenario.name,
            referenceCreated: false,
            runsCreated: 0,
            runsSkipped: 0,
            error: String(e),
          });
        }
      }
      return results;
    } catch (e) {
      if (!(e instanceof Aborted))
        logger.warn(`example drift seed failed: ${e}`);
      return [];
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

  /** Polls the catalog until every scenario's model is there, or the timeout passes. */
  private async waitForModels(): Promise<Map<string, Entity>> {
    const { catalog, auth, logger } = this.options;
    const timeoutMs = this.options.timeoutMs ?? 10 * 60_000;
    const interval = this.options.pollIntervalMs ?? 2000;
    const deadline = Date.now() + timeoutMs;
    const found = new Map<string, Entity>();
    for (;;) {
      const credentials = await auth.getOwnServiceCredentials();
      for (const { name } of this.scenarios) {
        if (found.has(name)) continue;
        const entity = await catalog
          .getEntityByRef(`model:default/${name}`, { credentials })
          .catch(() => undefined);
        if (entity) found.set(name, entity);
      }
      if (found.size === this.scenarios.length || Date.now() >= deadline)
        return found;
      logger.debug(
        `example drift seed: waiting for ${
          this.scenarios.length - found.size
        } example models in the catalog`,
      );
      await this.sleep(interval);
    }
  }

  /** A request to the modelops drift API with a service token; retries while the backend is not listening yet. */
  private async request(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<Response> {
    const { auth, discovery } = this.options;
    const interval = this.options.pollIntervalMs ?? 2000;
    for (let attempt = 1; ; attempt += 1) {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'modelops',
      });
      const url = `${await discovery.getBaseUrl('modelops')}${path}`;
      try {
        return await this.fetch(url, {
          method,
          headers: {
            Authorization: `Bearer ${token}`,
            ...(body === undefined
              ? {}
              : { 'Content-Type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: this.controller.signal,
        });
      } catch (e) {
        if (this.controller.signal.aborted) throw new Aborted('stopped');
        if (attempt >= 30) throw e;
        await this.sleep(interval);
      }
    }
  }

  private async expectOk(response: Response, what: string) {
    if (!response.ok) {
      throw new Error(
        `${what}: HTTP ${response.status} ${await response.text()}`,
      );
    }
  }

  private async seedModel(
    scenario: ExampleDriftScenario,
    entity: Entity,
  ): Promise<ExampleDriftSeedResult> {
    const base = `/drift/models/default/${encodeURIComponent(scenario.name)}`;
    const modelVersion = productionVersion(entity)?.version;

    let referenceCreated = false;
    const latest = await this.request('GET', `${base}/references/latest`);
    if (latest.status === 404) {
      const created = await this.request('POST', `${base}/references`, {
        ...(modelVersion ? { modelVersion } : {}),
        columns: referenceColumns(scenario),
      });
      await this.expectOk(created, `reference of ${scenario.name}`);
      referenceCreated = true;
    } else {
      await this.expectOk(latest, `reference of ${scenario.name}`);
    }

    const windows = dailyWindows(
      scenario,
      this.options.now?.() ?? new Date(),
      this.options.windows ?? 45,
    );
    const stored = new Set<string>();
    const listed = await this.request(
      'GET',
      `${base}/runs?limit=500&from=${encodeURIComponent(windows[0].windowEnd)}`,
    );
    await this.expectOk(listed, `runs of ${scenario.name}`);
    for (const run of (
      (await listed.json()) as { items: Array<{ runId: string }> }
    ).items)
      stored.add(run.runId);

    let runsCreated = 0;
    let runsSkipped = 0;
    for (const window of windows) {
      if (stored.has(window.runId)) {
        runsSkipped += 1;
        continue;
      }
      const response = await this.request('POST', `${base}/runs`, {
        runId: window.runId,
        windowStart: window.windowStart,
        windowEnd: window.windowEnd,
        ...(modelVersion ? { modelVersion } : {}),
        columns: window.columns,
      });
      await this.expectOk(
        response,
        `window ${window.runId} of ${scenario.name}`,
      );
      if (response.status === 201) runsCreated += 1;
      else runsSkipped += 1;
    }
    return { model: scenario.name, referenceCreated, runsCreated, runsSkipped };
  }
}
