import { TtlCache } from './TtlCache';

describe('TtlCache', () => {
  it('shares one computation between concurrent callers and expires it', async () => {
    let t = 0;
    const cache = new TtlCache<number>(1000, 10, () => t);
    let calls = 0;
    const compute = async () => ++calls;
    expect(await Promise.all([cache.get('k', compute), cache.get('k', compute)])).toEqual([1, 1]);
    t = 999;
    expect(await cache.get('k', compute)).toBe(1);
    t = 1000;
    expect(await cache.get('k', compute)).toBe(2);
    cache.clear();
    expect(await cache.get('k', compute)).toBe(3);
  });

  it('does not cache failures and evicts the oldest key when full', async () => {
    const cache = new TtlCache<string>(1000, 2);
    await expect(cache.get('bad', async () => { throw new Error('x'); })).rejects.toThrow('x');
    await new Promise(r => setImmediate(r));
    expect(await cache.get('bad', async () => 'ok')).toBe('ok');
    await cache.get('a', async () => 'a');
    await cache.get('b', async () => 'b2'); // evicts 'bad'
    expect(await cache.get('bad', async () => 'again')).toBe('again');
  });
});
