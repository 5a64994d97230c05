import { TtlCache } from './TtlCache';

describe('TtlCache', () => {
  it('shares one computation between concurrent callers and expires it', async () => {
    let t = 0;
    const cache = new TtlCache<number>(1000, 10, () => t);
    let calls = 0;
    const compute = async () => ++calls;
    expect(
      await Promise.all([cache.get('k', compute), cache.get('k', compute)]),
    ).toEqual([1, 1]);
    t = 999;
    expect(await cache.get('k', compute)).toBe(1);
    t = 1000;
    expect(await cache.get('k', compute)).toBe(2);
    cache.clear();
    expect(await cache.get('k', compute)).toBe(3);
  });

  it('does not cache failures and evicts the oldest key when full', async () => {
    const cache = new TtlCache<string>(1000, 2);
    await expect(
      cache.get('bad', async () => {
        throw new Error('x');
      }),
    ).rejects.toThrow('x');
    await new Promise(r => setImmediate(r));
    expect(await cache.get('bad', async () => 'ok')).toBe('ok');
    await cache.get('a', async () => 'a');
    await cache.get('b', async () => 'b2'); // evicts 'bad'
    expect(await cache.get('bad', async () => 'again')).toBe('again');
  });
});

describe('TtlCache with staleWhileRevalidate', () => {
  it('serves the stale value while one refresh runs, then the fresh one', async () => {
    let t = 0;
    const cache = new TtlCache<number>(1000, 10, () => t, true);
    let calls = 0;
    let release: () => void = () => {};
    const slow = () =>
      new Promise<number>(resolve => {
        calls++;
        const n = calls;
        release = () => resolve(n);
      });
    const first = cache.get('k', slow);
    release();
    expect(await first).toBe(1);
    t = 2000; // expired
    expect(
      await Promise.all([cache.get('k', slow), cache.get('k', slow)]),
    ).toEqual([1, 1]);
    expect(calls).toBe(2); // one refresh for both readers
    release();
    await new Promise(r => setImmediate(r));
    expect(await cache.get('k', slow)).toBe(2);
    expect(calls).toBe(2);
  });

  it('keeps serving the stale value when a refresh fails', async () => {
    let t = 0;
    const cache = new TtlCache<string>(1000, 10, () => t, true);
    await cache.get('k', async () => 'old');
    t = 5000;
    expect(
      await cache.get('k', async () => {
        throw new Error('catalog down');
      }),
    ).toBe('old');
    await new Promise(r => setImmediate(r));
    expect(await cache.get('k', async () => 'new')).toBe('old'); // refresh started now
    await new Promise(r => setImmediate(r));
    expect(await cache.get('k', async () => 'unused')).toBe('new');
  });
});

describe('TtlCache.getFresh', () => {
  it('never returns an expired value: it waits for the running refresh or computes', async () => {
    let t = 0;
    const cache = new TtlCache<number>(1000, 10, () => t, true);
    let calls = 0;
    let release: () => void = () => {};
    const slow = () =>
      new Promise<number>(resolve => {
        calls++;
        const n = calls;
        release = () => resolve(n);
      });
    const first = cache.get('k', slow);
    release();
    expect(await first).toBe(1);
    expect(await cache.getFresh('k', slow)).toBe(1); // still fresh
    t = 1000;
    // A stale read starts a refresh; getFresh waits for that same refresh, not the stale value.
    expect(await cache.get('k', slow)).toBe(1);
    const fresh = cache.getFresh('k', slow);
    release();
    expect(await fresh).toBe(2);
    expect(calls).toBe(2);
  });
});
