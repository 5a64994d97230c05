import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';

/** The key of the current generation; every other key is prefixed with it. */
const GENERATION_KEY = 'scorecards:generation';
/** The generation key lives long; if a store evicts it anyway, a new one invalidates everything. */
const GENERATION_TTL_MS = 30 * 24 * 3600_000;

/**
 * Scorecard results in Backstage's cache service (memory, Redis, Memcache, ... as `backend.cache`
 * says), shared by every replica that points at the same store.
 *
 * Invalidation works across replicas through a **generation**: every entry's key starts with the
 * current generation, read from the store on each use, and `invalidate()` writes a new random
 * generation, so after a promotion or an acknowledgement on one replica every replica misses the
 * old entries at once (they expire on their own). Values are JSON (what every store can hold).
 * Within a process, concurrent misses of one key share one computation. A failing store is
 * logged and treated as a miss: a cache outage costs time, not answers.
 */
export class ScorecardCache {
  private readonly inflight = new Map<string, Promise<unknown>>();
  /** The last generation seen, used while the store cannot be read. */
  private lastGeneration = 'local';

  constructor(
    private readonly options: {
      cache?: CacheService;
      logger?: LoggerService;
    },
  ) {}

  /** True when there is a store (otherwise every read computes). */
  get enabled(): boolean {
    return !!this.options.cache;
  }

  /** The current generation (a missing one is created: nothing cached before it is valid). */
  async generation(): Promise<string> {
    const { cache } = this.options;
    if (!cache) return this.lastGeneration;
    try {
      const current = await cache.get<string>(GENERATION_KEY);
      if (typeof current === 'string') {
        this.lastGeneration = current;
        return current;
      }
    } catch (e) {
      this.options.logger?.warn(
        `scorecard cache: reading the generation failed: ${e}`,
      );
      return this.lastGeneration;
    }
    return this.invalidate();
  }

  /** Starts a new generation: every replica stops using the entries of the previous one. */
  async invalidate(): Promise<string> {
    const next = randomUUID();
    this.lastGeneration = next;
    try {
      await this.options.cache?.set(GENERATION_KEY, next, {
        ttl: GENERATION_TTL_MS,
      });
    } catch (e) {
      this.options.logger?.warn(
        `scorecard cache: writing the generation failed: ${e}`,
      );
    }
    return next;
  }

  /** The entry of `key` in `generation`, or undefined. */
  async get<T>(generation: string, key: string): Promise<T | undefined> {
    const { cache } = this.options;
    if (!cache) return undefined;
    try {
      return (await cache.get(`scorecards:${generation}:${key}`)) as
        | T
        | undefined;
    } catch (e) {
      this.options.logger?.warn(`scorecard cache: reading ${key} failed: ${e}`);
      return undefined;
    }
  }

  async set(
    generation: string,
    key: string,
    value: unknown,
    ttlMs: number,
  ): Promise<void> {
    const { cache } = this.options;
    if (!cache || ttlMs <= 0) return;
    try {
      await cache.set(`scorecards:${generation}:${key}`, value as any, {
        ttl: ttlMs,
      });
    } catch (e) {
      this.options.logger?.warn(`scorecard cache: writing ${key} failed: ${e}`);
    }
  }

  /**
   * The entry of `key` in the current generation, or `compute()` stored for `ttlMs` (concurrent
   * misses in this process share one computation; a failure is not stored).
   */
  async getOrCompute<T>(
    key: string,
    ttlMs: number,
    compute: () => Promise<T>,
  ): Promise<T> {
    if (!this.enabled || ttlMs <= 0) return compute();
    const generation = await this.generation();
    const hit = await this.get<T>(generation, key);
    if (hit !== undefined) return hit;
    return this.singleFlight(`${generation}:${key}`, async () => {
      const value = await compute();
      await this.set(generation, key, value, ttlMs);
      return value;
    });
  }

  /** Runs `compute` once per `id` at a time in this process. */
  singleFlight<T>(id: string, compute: () => Promise<T>): Promise<T> {
    const running = this.inflight.get(id);
    if (running) return running as Promise<T>;
    const promise = compute().finally(() => this.inflight.delete(id));
    this.inflight.set(id, promise);
    return promise;
  }
}
