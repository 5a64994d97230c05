import {
  buildReferenceProfile,
  compareToProfile,
  computeDrift,
  DriftInputError,
  driftSettingsSchema,
  NumericDriftMetrics,
  parseDriftSettings,
  validateDriftSettings,
} from './index';
import { CategoricalDriftMetrics } from './compare';
import { regularizedGammaQ, logGamma } from './gamma';
import { ksStatistic, ksTest } from './ks';
import { sortFloat64 } from './radixSort';
import { wassersteinDistance } from './wasserstein';
import { standardDeviation } from 'simple-statistics';

function seq<T>(n: number, f: (i: number) => T): T[] {
  return Array.from({ length: n }, (_, i) => f(i));
}

/** Deterministic pseudo-random uniform numbers. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

describe('computeDrift edge cases', () => {
  it('treats a constant reference as a defined result (σ floor 0.001, one edge)', () => {
    const r = computeDrift(
      { x: seq(100, () => 3) },
      { x: seq(80, i => 3 + (i % 2)) },
    );
    const f = r.features[0];
    const m = f.metrics as NumericDriftMetrics;
    expect(f.status).toBe('ok');
    expect(m.wasserstein).toBeCloseTo(0.5, 12);
    expect(m.wassersteinNormed).toBeCloseTo(500, 9);
    // discrete numeric (1 distinct value) and small reference → chi-square over values
    expect(f.method).toBe('chiSquare');
    expect(m.discrete?.chiSquare?.dof).toBe(1);
    expect(f.drift).toBe(true);
    expect(
      Object.values(m)
        .flat()
        .some(v => typeof v === 'number' && Number.isNaN(v)),
    ).toBe(false);
  });

  it('gives identical constant samples KS D = 0, p = 1 and no drift', () => {
    const r = computeDrift({ x: seq(50, () => 1) }, { x: seq(50, () => 1) });
    const m = r.features[0].metrics as NumericDriftMetrics;
    expect(m.ks).toEqual({ statistic: 0, pValue: 1, method: 'exact' });
    expect(m.psi).toBe(0);
    expect(m.jensenShannon).toBe(0);
    expect(r.features[0].drift).toBe(false);
  });

  it('reports all-missing and one-sided empty columns without NaN', () => {
    const r = computeDrift(
      { a: ['NA', null, '', 'NaN'], b: [1, 2, 3, 4, 5, 6, 7] },
      { a: [1, 2, 3], b: ['null', 'NA', undefined] },
      { minCurrentSize: 1 },
    );
    const [a, b] = r.features;
    expect(a.status).toBe('no-reference-data');
    expect(a.missingReference).toBe(4);
    expect(a.value).toBeNull();
    expect(a.drift).toBe(false);
    expect(b.status).toBe('insufficient-data');
    expect(b.nCurrent).toBe(0);
    expect(b.missingCurrent).toBe(3);
    expect((b.metrics as NumericDriftMetrics).ks).toBeNull();
    expect(r.status).toBe('insufficient-data');
    expect(r.driftShare).toBe(0);
    expect(r.datasetDrift).toBe(false);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('treats ±Infinity in numeric features as missing', () => {
    const ref = [...seq(40, i => i), Infinity, -Infinity];
    const r = computeDrift(
      { x: ref },
      { x: [...seq(40, i => i), 'inf', '-Infinity'] },
    );
    const f = r.features[0];
    expect(f.kind).toBe('numeric');
    expect(f.missingReference).toBe(2);
    expect(f.missingCurrent).toBe(2);
    expect((f.metrics as NumericDriftMetrics).wasserstein).toBe(0);
  });

  it('never reports drift for a current window below minCurrentSize', () => {
    const r = computeDrift(
      { x: seq(100, i => i) },
      { x: seq(29, i => 1000 + i) },
    );
    expect(r.features[0].status).toBe('insufficient-data');
    expect(r.features[0].drift).toBe(false);
    expect(
      (r.features[0].metrics as NumericDriftMetrics).ks!.pValue,
    ).toBeLessThan(1e-10);
    const r2 = computeDrift(
      { x: seq(100, i => i) },
      { x: seq(30, i => 1000 + i) },
    );
    expect(r2.features[0].drift).toBe(true);
  });

  it('chooses methods by reference size and distinct values', () => {
    const rnd = lcg(1);
    const small = computeDrift(
      {
        x: seq(1000, () => rnd()),
        c: seq(1000, i => `k${i % 3}`),
        d: seq(1000, i => i % 5),
      },
      {
        x: seq(100, () => rnd()),
        c: seq(100, i => `k${i % 3}`),
        d: seq(100, i => i % 5),
      },
    );
    expect(small.features.map(f => f.method)).toEqual([
      'ks',
      'chiSquare',
      'chiSquare',
    ]);
    const large = computeDrift(
      {
        x: seq(1001, () => rnd()),
        c: seq(1001, i => `k${i % 3}`),
        d: seq(1001, i => i % 5),
      },
      {
        x: seq(100, () => rnd()),
        c: seq(100, i => `k${i % 3}`),
        d: seq(100, i => i % 5),
      },
    );
    expect(large.features.map(f => f.method)).toEqual([
      'wassersteinNormed',
      'jensenShannon',
      'jensenShannon',
    ]);
    const d = large.features[2];
    expect(d.value).toBe(
      (d.metrics as NumericDriftMetrics).discrete!.jensenShannon,
    );
  });

  it('applies method and threshold overrides (call > model settings > defaults)', () => {
    const rnd = lcg(2);
    const reference = {
      x: seq(500, () => rnd()),
      c: seq(500, i => `k${i % 4}`),
    };
    const current = {
      x: seq(500, () => rnd() + 0.05),
      c: seq(500, i => `k${i % 3}`),
    };
    const settings = parseDriftSettings({
      method: 'psi',
      threshold: { psi: 0.2 },
      features: { c: { method: 'jensenShannon' } },
    });
    const r = computeDrift(reference, current, {
      settings,
      features: { x: { threshold: 0.01 } },
    });
    expect(r.features[0].method).toBe('psi');
    expect(r.features[0].threshold).toBe(0.01);
    expect(r.features[1].method).toBe('jensenShannon');
    expect(r.features[1].threshold).toBe(0.1);
    // a numeric-only model default does not apply to categorical features
    const r2 = computeDrift(reference, current, { method: 'ks' });
    expect(r2.features.map(f => f.method)).toEqual(['ks', 'chiSquare']);
    expect(() =>
      computeDrift(reference, current, { features: { c: { method: 'ks' } } }),
    ).toThrow(/method "ks" configured for feature "c" needs a numeric feature/);
  });

  it('computes dataset drift from the share of drifted evaluated features', () => {
    const ref = {
      a: seq(200, i => i),
      b: seq(200, i => i),
      c: seq(200, i => i % 7),
    };
    const cur = {
      a: seq(200, i => i + 300),
      b: seq(200, i => i),
      c: seq(200, i => (i % 7) + 100),
    };
    const r = computeDrift(ref, cur);
    expect(r.nDrifted).toBe(2);
    expect(r.driftShare).toBeCloseTo(2 / 3, 15);
    expect(r.datasetDrift).toBe(true);
    expect(
      computeDrift(ref, cur, { datasetDriftShare: 0.7 }).datasetDrift,
    ).toBe(false);
  });

  it('handles unseen and single categories', () => {
    const r = computeDrift(
      { c: seq(60, () => 'a') },
      { c: seq(60, i => (i < 30 ? 'a' : 'b')) },
    );
    const m = r.features[0].metrics as CategoricalDriftMetrics;
    expect(m.chiSquare!.dof).toBe(1);
    expect(m.psi).toBeCloseTo(
      (0.5 - 1) * Math.log(0.5 / 1) + (0.5 - 0.0001) * Math.log(0.5 / 0.0001),
      12,
    );
    const single = computeDrift(
      { c: seq(40, () => 'x') },
      { c: seq(40, () => 'x') },
    );
    expect(
      (single.features[0].metrics as CategoricalDriftMetrics).chiSquare,
    ).toEqual({ statistic: 0, pValue: 1, dof: 0 });
  });

  it('rejects columns on one side only and non-numeric values in numeric features', () => {
    expect(() => computeDrift({ a: [1] }, { b: [1] })).toThrow(
      /only in the reference: a; only in the current data: b/,
    );
    const profile = buildReferenceProfile({ x: seq(50, i => i) });
    expect(() => compareToProfile(profile, { x: ['1', 'oops'] })).toThrow(
      DriftInputError,
    );
    expect(() => compareToProfile(profile, {})).toThrow(/no column "x"/);
  });
});

describe('reference profiles', () => {
  const rnd = lcg(3);
  const reference = {
    x: seq(30000, () => rnd() * 10),
    c: seq(30000, i => `k${i % 5}`),
  };
  const current = {
    x: seq(5000, () => rnd() * 10 + 0.3),
    c: seq(5000, i => `k${i % 6}`),
  };

  it('is JSON-safe and gives the same result after a round trip', () => {
    const profile = buildReferenceProfile(reference);
    const restored = JSON.parse(JSON.stringify(profile));
    expect(compareToProfile(restored, current)).toEqual(
      compareToProfile(profile, current),
    );
    expect(compareToProfile(profile, current)).toEqual(
      computeDrift(reference, current),
    );
  });

  it('sketches large references within the documented ECDF error', () => {
    const exact = buildReferenceProfile(reference);
    const sketched = buildReferenceProfile(reference, {
      maxExactValues: 10000,
      sketchSize: 1000,
    });
    const s = sketched.features[0];
    expect(s.kind === 'numeric' && s.values.type).toBe('sketch');
    const a = compareToProfile(exact, current).features[0];
    const b = compareToProfile(sketched, current).features[0];
    expect(b.approximate).toBe(true);
    const ma = a.metrics as NumericDriftMetrics;
    const mb = b.metrics as NumericDriftMetrics;
    expect(Math.abs(ma.ks!.statistic - mb.ks!.statistic)).toBeLessThanOrEqual(
      1 / 2000 + 1e-12,
    );
    expect(Math.abs(ma.wasserstein! - mb.wasserstein!)).toBeLessThanOrEqual(
      10 / 2000,
    );
    expect(mb.psi).toBe(ma.psi); // bins are exact
  });

  it('computes σ like a population standard deviation', () => {
    const p = buildReferenceProfile({ x: reference.x });
    expect(p.features[0].kind === 'numeric' && p.features[0].std).toBeCloseTo(
      standardDeviation(reference.x),
      12,
    );
  });
});

describe('drift settings schema', () => {
  it('accepts a full settings object', () => {
    expect(
      driftSettingsSchema.parse({
        method: { numeric: 'ks', categorical: 'psi' },
        threshold: 0.2,
        minCurrentSize: 100,
        datasetDriftShare: 0.3,
        categorical: ['zip'],
        features: {
          age: { method: 'wasserstein', threshold: 2, kind: 'numeric' },
        },
      }),
    ).toBeDefined();
  });

  it('names the offending field', () => {
    const r = validateDriftSettings({
      method: 'foo',
      minCurrentSize: 1.5,
      features: { age: { method: 'bar', colour: 1 } },
      extra: true,
    });
    expect(r.success).toBe(false);
    const problems = r.success ? [] : r.problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          path: 'spec.monitoring.drift.method',
          message: expect.stringMatching(/must be one of ks, chiSquare/),
        },
        {
          path: 'spec.monitoring.drift.minCurrentSize',
          message: 'must be an integer',
        },
        {
          path: 'spec.monitoring.drift.features.age.method',
          message: expect.stringMatching(/must be one of/),
        },
        {
          path: 'spec.monitoring.drift.features.age.colour',
          message: 'is not a known setting',
        },
        {
          path: 'spec.monitoring.drift.extra',
          message: 'is not a known setting',
        },
      ]),
    );
    expect(() => parseDriftSettings({ datasetDriftShare: 2 })).toThrow(
      /spec\.monitoring\.drift\.datasetDriftShare: must be at most 1/,
    );
  });
});

describe('statistics internals', () => {
  it('radix sort matches the built-in sort', () => {
    const rnd = lcg(4);
    const values = Float64Array.from(
      seq(5000, i => (i % 3 === 0 ? -1 : 1) * rnd() * 10 ** ((i % 20) - 10)),
    );
    const expected = Float64Array.from(values).sort();
    expect(Array.from(sortFloat64(values))).toEqual(Array.from(expected));
  });

  it('KS statistic and exact p-value on a hand-checked example', () => {
    // F_a - F_b at 1,2,3: 1/3-0, 2/3-0, 1-1/2 → D = 2/3
    const d = ksStatistic([1, 2, 3], [2.5, 4]);
    expect(d).toBeCloseTo(2 / 3, 15);
    expect(ksTest(d, 3, 2).pValue).toBeCloseTo(0.6, 12); // scipy.stats.ks_2samp → 0.6
  });

  it('Wasserstein distance of shifted samples equals the shift', () => {
    expect(wassersteinDistance([0, 1, 2], [5, 6, 7])).toBeCloseTo(5, 14);
  });

  it('incomplete gamma: known values and tiny tails', () => {
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 10);
    expect(regularizedGammaQ(1, 2)).toBeCloseTo(Math.exp(-2), 15);
    const q = regularizedGammaQ(0.5, 400); // scipy.stats.chi2.sf(800, 1)
    expect(Math.abs(q / 5.395865611607819e-176 - 1)).toBeLessThan(1e-10);
  });
});

describe('current bin counts for distribution charts', () => {
  it('aligns numeric counts with the reference decile bins and lists unseen categories', () => {
    const reference = {
      x: Array.from({ length: 100 }, (_, i) => i),
      c: Array.from({ length: 100 }, (_, i) => (i % 2 ? 'a' : 'b')),
    };
    const current = {
      x: [0, 5, 50, 51, 99, 150],
      c: ['a', 'a', 'z', 'b', 'y', 'z'],
    };
    const profile = require('./profile').buildReferenceProfile(reference);
    const result = require('./compare').compareToProfile(profile, current, {
      minCurrentSize: 1,
    });
    const x = result.features.find((f: any) => f.name === 'x');
    expect(x.currentBinCounts).toHaveLength(
      profile.features[0].binCounts.length,
    );
    expect(x.currentBinCounts.reduce((a: number, b: number) => a + b, 0)).toBe(
      6,
    );
    expect(x.currentBinCounts[0]).toBe(2); // 0 and 5 fall below the first decile edge (9.9)
    expect(x.currentBinCounts[x.currentBinCounts.length - 1]).toBe(2); // 99 and 150 in the open last bin
    const c = result.features.find((f: any) => f.name === 'c');
    expect(c.unseenCategories).toEqual(['y', 'z']);
    expect(c.currentBinCounts).toEqual([2, 1, 1, 2]); // a, b, then y, z
  });
});
