import type { ModelVersion } from '@modelops/plugin-modelops-common';
import {
  formatCreatedAt,
  formatMetric,
  metricNames,
  sortVersionsNewestFirst,
} from './modelVersions';

const v = (
  version: string,
  createdAt?: string,
  extra: Partial<ModelVersion> = {},
): ModelVersion => ({ version, stage: 'archived', createdAt, ...extra });

describe('sortVersionsNewestFirst', () => {
  it('sorts by createdAt descending and puts missing or bad dates last in declared order', () => {
    const versions = [
      v('1.0', '2024-10-02'),
      v('no-date-a'),
      v('3.0', '2026-09-14T10:00:00Z'),
      v('bad-date', 'last tuesday'),
      v('2.0', '2025-06-18'),
      v('no-date-b'),
    ];
    expect(sortVersionsNewestFirst(versions).map(x => x.version)).toEqual([
      '3.0',
      '2.0',
      '1.0',
      'no-date-a',
      'bad-date',
      'no-date-b',
    ]);
    expect(versions[0].version).toBe('1.0');
  });

  it('handles no versions', () => {
    expect(sortVersionsNewestFirst(undefined)).toEqual([]);
  });
});

describe('metricNames', () => {
  it('returns the union of metric names in order of first appearance', () => {
    expect(
      metricNames([
        v('1', undefined, { metrics: { auc: 0.9, ks: 0.4 } }),
        v('2'),
        v('3', undefined, { metrics: { ks: 0.5, brier: 0.05 } }),
      ]),
    ).toEqual(['auc', 'ks', 'brier']);
  });
});

describe('formatMetric', () => {
  it.each<[unknown, string]>([
    [0.91234, '0.912'],
    [0.9, '0.9'],
    [1234.5, '1,234.5'],
    [0, '0'],
    [0.00012, '1.20e-4'],
    [-0.5, '-0.5'],
    [undefined, '-'],
    [Number.NaN, '-'],
  ])('formats %p as %p', (value, expected) => {
    expect(formatMetric(value)).toBe(expected);
  });
});

describe('formatCreatedAt', () => {
  it.each<[string | undefined, string]>([
    ['2026-03-01', '2026-03-01'],
    ['2026-03-01T12:34:56Z', '2026-03-01 12:34 UTC'],
    ['2026-03-01T12:34:56+02:00', '2026-03-01 10:34 UTC'],
    ['soon', 'soon'],
    [undefined, '-'],
  ])('formats %p as %p', (value, expected) => {
    expect(formatCreatedAt(value)).toBe(expected);
  });
});
