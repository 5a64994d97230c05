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
 * Serialised response bodies in Backstage's cache service (memory, Redis, Memcache, ... as the
 * deployment configures `backend.cache`), keyed by a versioned ETag: concurrent misses of one key
 * in a process share one computation, bodies over `maxBodyChars` are not stored, and a failing
 * cache store only costs the computation (it is logged, never a failed request).
 */
export class VersionedResponseCache {
  private readonly inflight = new Map<string, Promise<string>>();

  constructor(
    private readonly options: {
      /** The plugin's cache (coreServices.cache); without it every miss computes. */
      cache?: CacheService;
      logger?: LoggerService;
      /** Key prefix, e.g. `drift-series`. */
      namespace: string;
      ttlMs: number;
      maxBodyChars: number;
    },
  ) {}

  /** The JSON body for `etag`, from the cache or computed (and stored) once. */
  async get(etag: string, compute: () => Promise<unknown>): Promise<string> {
    const key = `${this.options.namespace}:${etag}`;
    const { cache } = this.options;
    if (cache) {
      try {
        const hit = await cache.get<string>(key);
        if (typeof hit === 'string') return hit;
      } catch (e) {
        this.options.logger?.warn(`cache read of ${key} failed: ${e}`);
      }
    }
    const running = this.inflight.get(key);
    if (running) return running;
    const computation = (async () => {
      const body = JSON.stringify(await compute());
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
