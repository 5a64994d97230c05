import {
  ifNoneMatchHits,
  ImmutableBodies,
  VersionedResponseCache,
  versionedEtag,
} from './conditionalResponses';

describe('versionedEtag', () => {
  it('is a quoted, stable hash of its parts that changes with any part', () => {
    const tag = versionedEtag(['drift-series-1', 'model:default/x', 3, null]);
    expect(tag).toMatch(/^"[\w-]{27}"$/);
    expect(versionedEtag(['drift-series-1', 'model:default/x', 3, null])).toBe(
      tag,
    );
    expect(
      versionedEtag(['drift-series-1', 'model:default/x', 4, null]),
    ).not.toBe(tag);
    // Parts are separated: moving text between parts is another tag.
    expect(versionedEtag(['ab', 'c'])).not.toBe(versionedEtag(['a', 'bc']));
  });
});

describe('ifNoneMatchHits', () => {
  it('matches one tag, a list, weak tags and *', () => {
    expect(ifNoneMatchHits(undefined, '"a"')).toBe(false);
    expect(ifNoneMatchHits('"a"', '"a"')).toBe(true);
    expect(ifNoneMatchHits('"b", "a"', '"a"')).toBe(true);
    expect(ifNoneMatchHits('W/"a"', '"a"')).toBe(true);
    expect(ifNoneMatchHits('*', '"a"')).toBe(true);
    expect(ifNoneMatchHits('"b"', '"a"')).toBe(false);
    expect(ifNoneMatchHits('a', '"a"')).toBe(false);
  });
});

describe('ImmutableBodies', () => {
  it('keeps bodies by tag up to a total size, least recently used out first', () => {
    const bodies = new ImmutableBodies(10);
    bodies.set('a', '1234');
    bodies.set('b', '5678');
    expect(bodies.get('a')).toBe('1234'); // a is now the most recent
    bodies.set('c', '90ab'); // 12 > 10: b goes
    expect(bodies.get('b')).toBeUndefined();
    expect(bodies.get('a')).toBe('1234');
    expect(bodies.get('c')).toBe('90ab');
    bodies.set('huge', 'x'.repeat(11)); // larger than the bound: not kept
    expect(bodies.get('huge')).toBeUndefined();
  });
});

describe('VersionedResponseCache', () => {
  it('computes once per tag, shares concurrent misses, and serves later reads from the store', async () => {
    const store = new Map<string, unknown>();
    const cache = {
      get: jest.fn(async (k: string) => store.get(k)),
      set: jest.fn(async (k: string, v: unknown) => {
        store.set(k, v);
      }),
      delete: async () => {},
      withOptions: () => cache,
    } as any;
    let computed = 0;
    const compute = async () => ({ n: ++computed });
    const one = new VersionedResponseCache({
      cache,
      namespace: 'x',
      ttlMs: 1000,
      maxBodyChars: 100,
    });
    expect(
      await Promise.all([one.get('"t"', compute), one.get('"t"', compute)]),
    ).toEqual(['{"n":1}', '{"n":1}']);
    // Another process (replica) finds the body in the store without computing.
    const other = new VersionedResponseCache({
      cache,
      namespace: 'x',
      ttlMs: 1000,
      maxBodyChars: 100,
    });
    expect(await other.get('"t"', compute)).toBe('{"n":1}');
    expect(computed).toBe(1);
    // Bodies over the limit are not stored.
    await one.get('"big"', async () => ({ s: 'y'.repeat(200) }));
    expect(store.has('x:"big"')).toBe(false);
  });
});
