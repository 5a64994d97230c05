import type {
  CategoricalFeatureProfile,
  NumericFeatureProfile,
} from '@modelops/plugin-modelops-common';
import {
  binLabels,
  featureDistribution,
  formatEdge,
  referenceHistogram,
} from './driftDistribution';

const numeric: NumericFeatureProfile = {
  name: 'income',
  kind: 'numeric',
  n: 100,
  missing: 0,
  distinctCount: 100,
  mean: 50_000,
  std: 10_000,
  min: 10_000,
  max: 90_000,
  edges: [20_000, 40_000, 60_000],
  binCounts: [10, 30, 40, 20],
  values: { type: 'exact', sorted: [] },
};

const categorical: CategoricalFeatureProfile = {
  name: 'region',
  kind: 'categorical',
  n: 200,
  missing: 3,
  categories: ['east', 'north', 'west'],
  counts: [50, 100, 50],
};

describe('driftDistribution', () => {
  it('labels decile bins compactly', () => {
    expect(formatEdge(45_231.7)).toBe('45.2K');
    expect(formatEdge(0.3512)).toBe('0.351');
    expect(binLabels([20_000, 40_000])).toEqual([
      '< 20K',
      '20K – 40K',
      '≥ 40K',
    ]);
    expect(binLabels([])).toEqual(['all values']);
  });

  it('gives the reference shares of numeric bins, without a current side when the run has no counts', () => {
    const d = featureDistribution(numeric);
    expect(d.hasCurrent).toBe(false);
    expect(d.bars).toEqual([
      { label: '< 20K', reference: 0.1 },
      { label: '20K – 40K', reference: 0.3 },
      { label: '40K – 60K', reference: 0.4 },
      { label: '≥ 60K', reference: 0.2 },
    ]);
    // Counts of the wrong length are not used.
    expect(featureDistribution(numeric, [1, 2]).hasCurrent).toBe(false);
  });

  it('adds current shares and per-bin PSI terms when current counts are given', () => {
    const d = featureDistribution(numeric, [0, 10, 20, 20]);
    expect(d.hasCurrent).toBe(true);
    expect(d.bars.map(b => b.current)).toEqual([0, 0.2, 0.4, 0.4]);
    expect(d.bars[2].psiContribution).toBe(0);
    expect(d.bars[3].psiContribution).toBeCloseTo(
      (0.4 - 0.2) * Math.log(2),
      12,
    );
    // An empty current bin uses the engine's epsilon (0.0001).
    expect(d.bars[0].psiContribution).toBeCloseTo(
      (0.0001 - 0.1) * Math.log(0.0001 / 0.1),
      12,
    );
  });

  it('gives category bars and appends categories unseen in the reference', () => {
    expect(
      featureDistribution(categorical).bars.map(b => [b.label, b.reference]),
    ).toEqual([
      ['east', 0.25],
      ['north', 0.5],
      ['west', 0.25],
    ]);
    const d = featureDistribution(categorical, [10, 10, 10, 10], ['south']);
    expect(d.bars.map(b => [b.label, b.reference, b.current])).toEqual([
      ['east', 0.25, 0.25],
      ['north', 0.5, 0.25],
      ['west', 0.25, 0.25],
      ['south', 0, 0.25],
    ]);
  });

  it('draws the shape of a numeric reference in equal-width bins', () => {
    const sorted = Array.from({ length: 1000 }, (_, i) =>
      i < 800 ? i / 800 : 1 + (i - 800) / 200,
    );
    const bars = referenceHistogram(
      { ...numeric, values: { type: 'exact', sorted } },
      4,
    );
    expect(bars).toHaveLength(4);
    expect(bars.reduce((a, b) => a + b.reference, 0)).toBeCloseTo(1, 12);
    // Most values are below 1 (the first half of the range).
    expect(bars[0].reference + bars[1].reference).toBeCloseTo(0.8, 1);
    expect(bars[0].label).toMatch(/^< /);
    expect(bars[3].label).toMatch(/^≥ /);
    // Discrete features: one bar per value.
    expect(
      referenceHistogram({
        ...numeric,
        discrete: { values: [0, 1, 2], counts: [6, 3, 1] },
      }),
    ).toEqual([
      { label: '0', reference: 0.6 },
      { label: '1', reference: 0.3 },
      { label: '2', reference: 0.1 },
    ]);
  });
});
