import type { DriftHistorySeries } from '../api/DriftApi';

/*
 * The drift charts read the compact history (`GET .../history/series`): one column-oriented,
 * server-down-sampled series per feature and method. These helpers turn it into what recharts
 * draws.
 */

/** One point of a feature's series: the method value at a window end (epoch ms). */
export interface DriftSeriesPoint {
  time: number;
  value: number | null;
  threshold: number | null;
  drift: boolean;
}

/** A series' columns as points, oldest first. */
export function seriesPoints(series: DriftHistorySeries): DriftSeriesPoint[] {
  return series.time.map((time, i) => ({
    time,
    value: series.value[i],
    threshold: series.threshold[i],
    drift: series.drift[i],
  }));
}

/** The series of a feature in one method (a feature's method changes only with its settings). */
export function findSeries(
  series: ReadonlyArray<DriftHistorySeries>,
  feature: string,
  method: string,
): DriftHistorySeries | undefined {
  return series.find(s => s.feature === feature && s.method === method);
}

/** A feature's points for one method; empty when it has none. */
export function featureSeries(
  series: ReadonlyArray<DriftHistorySeries>,
  feature: string,
  method: string,
): DriftSeriesPoint[] {
  const found = findSeries(series, feature, method);
  return found ? seriesPoints(found) : [];
}

/** Methods present in the history, the most used (windows) first (ties by name). */
export function historyMethods(
  series: ReadonlyArray<DriftHistorySeries>,
): string[] {
  const counts = new Map<string, number>();
  for (const s of series)
    counts.set(s.method, (counts.get(s.method) ?? 0) + s.windows);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([m]) => m);
}

/** Features with a series of `method`, in name order. */
export function featuresWithMethod(
  series: ReadonlyArray<DriftHistorySeries>,
  method: string,
): string[] {
  return [
    ...new Set(series.filter(s => s.method === method).map(s => s.feature)),
  ].sort((a, b) => a.localeCompare(b));
}

/** Rows of a multi-series time chart: `{ time, [feature]: value }`, oldest first. */
export type DriftChartRow = { time: number } & Record<string, number | null>;

/**
 * The data of the history chart of one method: one row per window end of any shown feature, one
 * key per feature (null where a feature has no kept point: series are down-sampled separately,
 * and the chart connects across nulls), and the distinct thresholds of the plotted points.
 */
export function historyChartData(
  series: ReadonlyArray<DriftHistorySeries>,
  method: string,
  features: ReadonlyArray<string>,
): { rows: DriftChartRow[]; thresholds: number[] } {
  const wanted = new Set(features);
  const rowsByTime = new Map<number, DriftChartRow>();
  const thresholds = new Set<number>();
  for (const s of series) {
    if (s.method !== method || !wanted.has(s.feature)) continue;
    s.time.forEach((time, i) => {
      let row = rowsByTime.get(time);
      if (!row) {
        row = { time } as DriftChartRow;
        for (const f of features) row[f] = null;
        rowsByTime.set(time, row);
      }
      row[s.feature] = s.value[i];
      const threshold = s.threshold[i];
      if (threshold !== null) thresholds.add(threshold);
    });
  }
  return {
    rows: [...rowsByTime.values()].sort((a, b) => a.time - b.time),
    thresholds: [...thresholds].sort((a, b) => a - b),
  };
}
