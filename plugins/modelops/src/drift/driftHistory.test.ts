import { buildDriftHistorySeries } from '@modelops/plugin-modelops-common';
import type { DriftHistoryPoint } from '../api/DriftApi';
import {
  featureSeries,
  featuresWithMethod,
  historyChartData,
  historyMethods,
  seriesPoints,
} from './driftHistory';

const p = (
  feature: string,
  day: number,
  value: number | null,
  method = 'wassersteinNormed',
  threshold: number | null = 0.1,
): DriftHistoryPoint => ({
  feature,
  runId: `seed-2026-11-${String(day).padStart(2, '0')}`,
  windowEnd: `2026-11-${String(day).padStart(2, '0')}T00:00:00.000Z`,
  method: method as DriftHistoryPoint['method'],
  value,
  threshold,
  drift: value !== null && value >= (threshold ?? Infinity),
  status: 'ok',
});

/** The compact series the server would send for these points (no down-sampling). */
const toSeries = (points: DriftHistoryPoint[]) =>
  buildDriftHistorySeries(
    points.map(x => ({ ...x, time: Date.parse(x.windowEnd) })),
    1000,
  );

const points = [
  p('income', 2, 0.2),
  p('income', 1, 0.05),
  p('age', 1, 0.02),
  p('region', 1, 0.03, 'jensenShannon'),
  p('region', 2, 0.04, 'jensenShannon'),
  p('age', 3, 0.03),
];
const series = toSeries(points);

describe('driftHistory', () => {
  it('turns a series into points, oldest first', () => {
    const income = series.find(s => s.feature === 'income')!;
    expect(seriesPoints(income)).toEqual([
      {
        time: Date.parse('2026-11-01T00:00:00Z'),
        value: 0.05,
        threshold: 0.1,
        drift: false,
      },
      {
        time: Date.parse('2026-11-02T00:00:00Z'),
        value: 0.2,
        threshold: 0.1,
        drift: true,
      },
    ]);
  });

  it('gives one feature series for one method', () => {
    expect(
      featureSeries(series, 'region', 'jensenShannon').map(x => x.value),
    ).toEqual([0.03, 0.04]);
    expect(featureSeries(series, 'region', 'psi')).toEqual([]);
  });

  it('lists methods by use and the features of a method', () => {
    expect(historyMethods(series)).toEqual([
      'wassersteinNormed',
      'jensenShannon',
    ]);
    expect(featuresWithMethod(series, 'wassersteinNormed')).toEqual([
      'age',
      'income',
    ]);
  });

  it('builds chart rows with nulls where a feature has no point, and the thresholds', () => {
    const { rows, thresholds } = historyChartData(
      toSeries([...points, p('age', 2, 0.5, 'wassersteinNormed', 0.2)]),
      'wassersteinNormed',
      ['age', 'income'],
    );
    expect(rows).toEqual([
      { time: Date.parse('2026-11-01T00:00:00Z'), age: 0.02, income: 0.05 },
      { time: Date.parse('2026-11-02T00:00:00Z'), age: 0.5, income: 0.2 },
      { time: Date.parse('2026-11-03T00:00:00Z'), age: 0.03, income: null },
    ]);
    expect(thresholds).toEqual([0.1, 0.2]);
  });
});
