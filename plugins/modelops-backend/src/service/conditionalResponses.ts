import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';

/*
 * Conditional requests and shared caching of read responses whose content is determined by a
 * data version (for example the drift history version of a model): the ETag is a hash of the
 * version and the query, so every replica computes the same tag, a revisit with If-None-Match
 * costs one version read and a 304, and a cached body keyed by the tag can never be stale.
 */

/** A strong ETag for a response determined by `parts` (a format tag, the data version, the query). */
export function versionedEtag(
  parts: ReadonlyArray<string | number | null | undefined>,
): string {
  const hash = createHash('sha256')
    .update(
      parts
        .map(p => (p === undefined || p === null ? '' : String(p)))
        .join('\u0000'),
    )
    .digest('base64url')
    .slice(0, 27);
  return `"${hash}"`;
}

/**
 * True when an If-None-Match header matches `etag` (RFC 9110: weak comparison, a list of tags,
 * or `*`), i.e. the client's copy is current and a 304 is the answer.
 */
export function ifNoneMatchHits(
  header: string | undefined,
  etag: string,
): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return header
    .split(',')
    .map(opaque)
    .some(tag => tag === '*' || tag === wanted);
}

/**
 * This process's copies of response bodies fetched from (or stored in) the cache service, by their
 * strong ETag: a body's ETag names its exact bytes (it hashes the data version and the query), so
 * a copy can never be stale and needs no invalidation. It saves deserialising megabytes from the
 * store on every request (Keyv's serialiser costs tens of milliseconds for a 2 MB body). Bounded by
 * total size, least recently used first out.
 */
export class ImmutableBodies {
  private readonly bodies = new Map<string, string>();
  private size = 0;

  constructor(private readonly maxChars: number) {}

  get(etag: string): string | undefined {
    const body = this.bodies.get(etag);
    if (body !== undefined) {
      // Most recently used last.
      this.bodies.delete(etag);
      this.bodies.set(etag, body);
    }
    return body;
  }

  set(etag: string, body: string): void {
    if (body.length > this.maxChars || this.bodies.has(etag)) return;
    this.bodies.set(etag, body);
    this.size += body.length;
    for (const [oldest, old] of this.bodies) {
      if (this.size <= this.maxChars) break;
      this.bodies.delete(oldest);
      this.size -= old.length;
    }
  }
}

/**
 * Serialised response bodies in Backstage's cache service (memory, Redis, Memcache, ... as the
 * deployment configures `backend.cache`), keyed by a versioned ETag: concurrent misses of one key
 * in a process share one computation, bodies over `maxBodyChars` are not stored, and a failing
 * cache store only costs the computation (it is logged, never a failed request).
 */
export class VersionedResponseCache {
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly local: ImmutableBodies;

  constructor(
    private readonly options: {
      /** The plugin's cache (coreServices.cache); without it every miss computes. */
      cache?: CacheService;
      logger?: LoggerService;
      /** Key prefix, e.g. `drift-series`. */
      namespace: string;
      ttlMs: number;
      maxBodyChars: number;
      /** Size of this process's copies of bodies (see {@link ImmutableBodies}). */
      localChars?: number;
    },
  ) {
    this.local = new ImmutableBodies(options.localChars ?? 32_000_000);
  }

  /** The JSON body for `etag`, from the cache or computed (and stored) once. */
  async get(etag: string, compute: () => Promise<unknown>): Promise<string> {
    const key = `${this.options.namespace}:${etag}`;
    const copy = this.local.get(key);
    if (copy !== undefined) return copy;
    const { cache } = this.options;
    if (cache) {
      try {
        const hit = await cache.get<string>(key);
        if (typeof hit === 'string') {
          this.local.set(key, hit);
          return hit;
        }
      } catch (e) {
        this.options.logger?.warn(`cache read of ${key} failed: ${e}`);
      }
    }
    const running = this.inflight.get(key);
    if (running) return running;
    const computation = (async () => {
      const body = JSON.stringify(await compute());
      this.local.set(key, body);
      if (cache && body.length <= this.options.maxBodyChars) {
        try {
          await cache.set(key, body, { ttl: this.options.ttlMs });
        } catch (e) {
          this.options.logger?.warn(`cache write of ${key} failed: ${e}`);
        }
      }
      return body;
    })();
    this.inflight.set(key, computation);
    try {
      return await computation;
    } finally {
      this.inflight.delete(key);
    }
  }
}
