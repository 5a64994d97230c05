import type { DriftHistoryPoint } from '../api/DriftApi';

/** One point of a feature's series: the method value at a window end (epoch ms). */
export interface DriftSeriesPoint {
  time: number;
  value: number | null;
  threshold: number | null;
  drift: boolean;
  runId: string;
}

/** History points grouped by feature (features in name order, points oldest first). */
export function historyByFeature(
  points: ReadonlyArray<DriftHistoryPoint>,
): Map<string, DriftSeriesPoint[]> {
  const byFeature = new Map<string, DriftSeriesPoint[]>();
  const sorted = [...points].sort(
    (a, b) =>
      a.feature.localeCompare(b.feature) ||
      Date.parse(a.windowEnd) - Date.parse(b.windowEnd),
  );
  for (const p of sorted) {
    const series = byFeature.get(p.feature) ?? [];
    series.push({
      time: Date.parse(p.windowEnd),
      value: p.value,
      threshold: p.threshold,
      drift: p.drift,
      runId: p.runId,
    });
    byFeature.set(p.feature, series);
  }
  return byFeature;
}

/** A feature's series for one method (a feature's method changes only when its settings change). */
export function featureSeries(
  points: ReadonlyArray<DriftHistoryPoint>,
  feature: string,
  method: string,
): DriftSeriesPoint[] {
  return (
    historyByFeature(
      points.filter(p => p.feature === feature && p.method === method),
    ).get(feature) ?? []
  );
}

/** Methods present in the history, the most used first (ties by name). */
export function historyMethods(
  points: ReadonlyArray<DriftHistoryPoint>,
): string[] {
  const counts = new Map<string, number>();
  for (const p of points) counts.set(p.method, (counts.get(p.method) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([m]) => m);
}

/** Features with at least one point of `method`, in name order. */
export function featuresWithMethod(
  points: ReadonlyArray<DriftHistoryPoint>,
  method: string,
): string[] {
  return [
    ...new Set(points.filter(p => p.method === method).map(p => p.feature)),
  ].sort((a, b) => a.localeCompare(b));
}

/** Rows of a multi-series time chart: `{ time, [feature]: value }`, oldest first. */
export type DriftChartRow = { time: number } & Record<string, number | null>;

/**
 * The data of the history chart of one method: one row per window end, one key per feature
 * (null where a feature has no value), and the distinct thresholds of the plotted points.
 */
export function historyChartData(
  points: ReadonlyArray<DriftHistoryPoint>,
  method: string,
  features: ReadonlyArray<string>,
): { rows: DriftChartRow[]; thresholds: number[] } {
  const wanted = new Set(features);
  const rowsByTime = new Map<number, DriftChartRow>();
  const thresholds = new Set<number>();
  for (const p of points) {
    if (p.method !== method || !wanted.has(p.feature)) continue;
    const time = Date.parse(p.windowEnd);
    let row = rowsByTime.get(time);
    if (!row) {
      row = { time } as DriftChartRow;
      for (const f of features) row[f] = null;
      rowsByTime.set(time, row);
    }
    row[p.feature] = p.value;
    if (p.threshold !== null) thresholds.add(p.threshold);
  }
  return {
    rows: [...rowsByTime.values()].sort((a, b) => a.time - b.time),
    thresholds: [...thresholds].sort((a, b) => a - b),
  };
}
