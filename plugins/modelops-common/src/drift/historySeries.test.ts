import {
  buildDriftHistorySeries,
  DriftHistoryRow,
  downsampleIndices,
} from './historySeries';

/** Deterministic pseudo-random uniform numbers. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const DAY = 24 * 3600_000;

function rows(
  n: number,
  options: {
    feature?: string;
    method?: DriftHistoryRow['method'];
    value?: (i: number) => number | null;
    drift?: (i: number) => boolean;
    threshold?: (i: number) => number | null;
  } = {},
): DriftHistoryRow[] {
  const r = lcg(7);
  return Array.from({ length: n }, (_, i) => ({
    feature: options.feature ?? 'age',
    method: options.method ?? 'psi',
    time: Date.UTC(2026, 0, 1) + i * DAY,
    value: options.value ? options.value(i) : r(),
    threshold: options.threshold ? options.threshold(i) : 0.2,
    drift: options.drift ? options.drift(i) : false,
  }));
}

describe('downsampleIndices', () => {
  it('keeps everything when the series is short enough', () => {
    expect(downsampleIndices([3, 1, 2], 3, [])).toEqual([0, 1, 2]);
    expect(downsampleIndices([], 10, [])).toEqual([]);
  });

  it('returns at most maxPoints ascending indices and keeps the forced ones', () => {
    const r = lcg(1);
    const values = Array.from({ length: 10_000 }, () => r());
    for (const max of [10, 11, 299, 300, 1000]) {
      const forced = [0, 17, 4242, 9999];
      const kept = downsampleIndices(values, max, forced);
      expect(kept.length).toBeLessThanOrEqual(max);
      expect(kept.length).toBeGreaterThanOrEqual(max - 4); // rounding only
      expect([...kept].sort((a, b) => a - b)).toEqual(kept);
      expect(new Set(kept).size).toBe(kept.length);
      for (const f of forced) expect(kept).toContain(f);
    }
  });

  it('keeps spikes: the minimum and maximum of the series survive', () => {
    const values = Array.from({ length: 5000 }, (_, i) => Math.sin(i / 50));
    values[1234] = 10;
    values[3210] = -10;
    const kept = downsampleIndices(values, 50, [0, 4999]);
    expect(kept).toContain(1234);
    expect(kept).toContain(3210);
  });

  it('returns every forced point even when there are more of them than maxPoints', () => {
    const forced = Array.from({ length: 40 }, (_, i) => i * 10);
    expect(downsampleIndices(new Array(400).fill(1), 20, forced)).toEqual(
      forced,
    );
  });

  it('never prefers a null value, and keeps one point of an all-null bucket', () => {
    const values: Array<number | null> = Array.from({ length: 1000 }, (_, i) =>
      i % 2 === 0 ? null : i,
    );
    const kept = downsampleIndices(values, 20, [0, 999]);
    expect(kept.filter(i => i !== 0 && values[i] === null)).toEqual([]);
    const allNull = downsampleIndices(new Array(100).fill(null), 10, []);
    expect(allNull.length).toBeGreaterThan(0);
    expect(allNull.length).toBeLessThanOrEqual(10);
  });

  it('refuses a maxPoints that is not a positive integer', () => {
    expect(() => downsampleIndices([1, 2], 0, [])).toThrow(/maxPoints/);
    expect(() => downsampleIndices([1, 2], 1.5, [])).toThrow(/maxPoints/);
  });
});

describe('buildDriftHistorySeries', () => {
  it('keeps the first and latest window, every drift onset and threshold change', () => {
    // Drift episodes starting at 100, 400 (one window long), 401? no: 402, and 950..999.
    const driftAt = new Set([
      100,
      101,
      102,
      400,
      402,
      403,
      ...Array.from({ length: 50 }, (_, i) => 950 + i),
    ]);
    const input = rows(1000, {
      drift: i => driftAt.has(i),
      threshold: i => (i < 700 ? 0.2 : 0.25),
    });
    const [series] = buildDriftHistorySeries(input, 30);
    const kept = new Set(series.time);
    for (const i of [0, 999, 100, 400, 402, 950, 700]) {
      expect(kept.has(input[i].time)).toBe(true);
    }
    expect(series.time.length).toBeLessThanOrEqual(30);
    expect(series.windows).toBe(1000);
    expect(series.driftedWindows).toBe(driftAt.size);
    // Columns are parallel and oldest first.
    expect(series.value).toHaveLength(series.time.length);
    expect(series.drift).toHaveLength(series.time.length);
    expect(series.threshold).toHaveLength(series.time.length);
    expect([...series.time].sort((a, b) => a - b)).toEqual(series.time);
    // Every kept value is the original value of that window.
    series.time.forEach((t, j) => {
      const original = input.find(p => p.time === t)!;
      expect(series.value[j]).toBe(original.value);
      expect(series.drift[j]).toBe(original.drift);
      expect(series.threshold[j]).toBe(original.threshold);
    });
  });

  it('counts the first window as an onset when it drifted', () => {
    const input = rows(500, { drift: i => i < 3 });
    const [series] = buildDriftHistorySeries(input, 10);
    expect(series.time[0]).toBe(input[0].time);
    expect(series.drift[0]).toBe(true);
  });

  it('returns short series unchanged', () => {
    const input = rows(5, { value: i => i / 10 });
    const [series] = buildDriftHistorySeries(input, 300);
    expect(series.value).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(series.windows).toBe(5);
  });

  it('groups by feature and method, sorted, each series oldest first', () => {
    const input = [
      ...rows(3, { feature: 'b', method: 'psi' }),
      ...rows(3, { feature: 'a', method: 'wasserstein' }).reverse(),
      ...rows(2, { feature: 'a', method: 'ks' }),
    ];
    const series = buildDriftHistorySeries(input, 300);
    expect(series.map(s => `${s.feature}/${s.method}`)).toEqual([
      'a/ks',
      'a/wasserstein',
      'b/psi',
    ]);
    expect(series[1].time).toEqual(rows(3).map(r => r.time));
  });

  it('is deterministic', () => {
    const input = rows(2000, { drift: i => i % 97 === 0 });
    expect(buildDriftHistorySeries(input, 100)).toEqual(
      buildDriftHistorySeries(rows(2000, { drift: i => i % 97 === 0 }), 100),
    );
  });
});
