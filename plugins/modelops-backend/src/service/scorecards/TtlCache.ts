/**
 * A small time-to-live cache of promises: concurrent callers of a missing or expired key share
 * one computation (single flight), and a failed computation is not cached. With
 * `staleWhileRevalidate`, an expired value that had resolved is still returned while one refresh
 * runs in the background, so readers never wait for a recomputation once a value exists.
 */
export class TtlCache<V> {
  private readonly entries = new Map<
    string,
    { expires: number; value: Promise<V>; settled?: V; refreshing?: Promise<V> }
  >();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
    private readonly now: () => number = Date.now,
    private readonly staleWhileRevalidate = false,
  ) {}

  get(key: string, compute: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > this.now()) return hit.value;
    if (hit && this.staleWhileRevalidate && hit.settled !== undefined) {
      if (!hit.refreshing) {
        hit.refreshing = compute();
        hit.refreshing.then(
          v => {
            if (this.entries.get(key) === hit)
              this.set(key, Promise.resolve(v), v);
          },
          () => {
            hit.refreshing = undefined; // keep serving the stale value; retry on the next read
          },
        );
      }
      return Promise.resolve(hit.settled);
    }
    return this.set(key, compute());
  }

  /**
   * A value that is not expired: the cached one, else the refresh already running for the key,
   * else a new computation (never a stale value).
   */
  getFresh(key: string, compute: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > this.now()) return hit.value;
    if (hit?.refreshing) return hit.refreshing;
    return this.set(key, compute());
  }

  private set(key: string, value: Promise<V>, settled?: V): Promise<V> {
    if (!this.entries.has(key) && this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const entry: { expires: number; value: Promise<V>; settled?: V } = {
      expires: this.now() + this.ttlMs,
      value,
      settled,
    };
    this.entries.set(key, entry);
    value.then(
      v => {
        entry.settled = v;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
