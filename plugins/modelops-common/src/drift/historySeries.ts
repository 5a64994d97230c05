import type { DriftMethod } from './settings';

/*
 * Down-sampling of drift history for charts: a chart a few hundred pixels wide cannot show more
 * than a few hundred points per line, so the server sends at most `maxPoints` per series instead
 * of every window. Pure and deterministic (the same input gives the same output, so responses can
 * carry an ETag).
 */

/** Default of `maxPoints`: per series, about what a chart half a screen wide can draw. */
export const DRIFT_SERIES_DEFAULT_MAX_POINTS = 300;
/** Smallest `maxPoints` accepted (the first and latest point plus a few in between). */
export const DRIFT_SERIES_MIN_MAX_POINTS = 10;
/** Largest `maxPoints` accepted. */
export const DRIFT_SERIES_MAX_MAX_POINTS = 5000;

/**
 * A feature's drift history in one method, column-oriented: `time[i]`, `value[i]`,
 * `threshold[i]` and `drift[i]` describe the i-th kept window, oldest first.
 */
export interface DriftHistorySeries {
  feature: string;
  method: DriftMethod;
  /** Windows of this feature and method in the requested range (before down-sampling). */
  windows: number;
  /** Of those, windows that drifted. */
  driftedWindows: number;
  /** Window ends, epoch milliseconds (UTC), ascending. */
  time: number[];
  value: Array<number | null>;
  threshold: Array<number | null>;
  drift: boolean[];
}

/** Response of `GET /drift/models/:namespace/:name/history/series`. */
export interface DriftHistorySeriesResponse {
  entityRef: string;
  from: string | null;
  to: string | null;
  /** The per-series bound that was applied. */
  maxPoints: number;
  /** One series per feature and method, by feature name then method. */
  series: DriftHistorySeries[];
}

/** Options of the compact history request. */
export interface DriftHistorySeriesRequest {
  /** One feature; all features when omitted. */
  feature?: string;
  /** ISO 8601 date-time: windows ending at or after. */
  from?: string;
  /** ISO 8601 date-time: windows ending at or before. */
  to?: string;
  /** Points per series at most (server default {@link DRIFT_SERIES_DEFAULT_MAX_POINTS}). */
  maxPoints?: number;
}

/**
 * Indices (ascending) of the points to keep so that at most `maxPoints` remain, always keeping
 * every index in `mustKeep`; more than `maxPoints` only when `mustKeep` alone has more.
 *
 * The free budget is shared between the gaps between consecutive kept points in proportion to
 * their length; each gap is cut into buckets by position and each bucket keeps its smallest and
 * its largest value (a bucket with one slot keeps the value furthest from the gap's mean), so
 * spikes survive. Null values are never preferred; a bucket of nulls keeps its first point.
 */
export function downsampleIndices(
  values: ReadonlyArray<number | null>,
  maxPoints: number,
  mustKeep: ReadonlyArray<number>,
): number[] {
  const n = values.length;
  if (!Number.isInteger(maxPoints) || maxPoints < 1) {
    throw new RangeError(
      `maxPoints must be a positive integer, got ${maxPoints}`,
    );
  }
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const forced = [...new Set(mustKeep)]
    .filter(i => Number.isInteger(i) && i >= 0 && i < n)
    .sort((a, b) => a - b);
  if (forced.length >= maxPoints) return forced;

  // Gaps between forced points (including before the first / after the last one).
  const gaps: Array<{ start: number; end: number }> = []; // interior [start, end)
  let prev = -1;
  for (const k of [...forced, n]) {
    if (k - prev > 1) gaps.push({ start: prev + 1, end: k });
    prev = k;
  }
  const interior = gaps.reduce((s, g) => s + (g.end - g.start), 0);
  const budget = maxPoints - forced.length;
  // Largest-remainder apportionment of the budget (ties to the earlier gap): deterministic.
  const shares = gaps.map((g, i) => {
    const exact = (budget * (g.end - g.start)) / interior;
    return { i, whole: Math.floor(exact), rest: exact - Math.floor(exact) };
  });
  let left = budget - shares.reduce((s, x) => s + x.whole, 0);
  for (const s of [...shares].sort((a, b) => b.rest - a.rest || a.i - b.i)) {
    if (left <= 0) break;
    s.whole += 1;
    left -= 1;
  }

  const kept = new Set<number>(forced);
  gaps.forEach((gap, gi) => {
    for (const i of pickInGap(values, gap.start, gap.end, shares[gi].whole)) {
      kept.add(i);
    }
  });
  return [...kept].sort((a, b) => a - b);
}

/** Up to `quota` indices of `[start, end)`: min and max per bucket. */
function pickInGap(
  values: ReadonlyArray<number | null>,
  start: number,
  end: number,
  quota: number,
): number[] {
  const size = end - start;
  if (quota <= 0) return [];
  if (quota >= size) return Array.from({ length: size }, (_, i) => start + i);
  let sum = 0;
  let count = 0;
  for (let i = start; i < end; i++) {
    const v = values[i];
    if (v !== null) {
      sum += v;
      count++;
    }
  }
  const mean = count > 0 ? sum / count : 0;
  const buckets = Math.ceil(quota / 2);
  const out: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = start + Math.floor((b * size) / buckets);
    const to = start + Math.floor(((b + 1) * size) / buckets);
    const slots = b === buckets - 1 && quota % 2 === 1 ? 1 : 2;
    let min = -1;
    let max = -1;
    let far = -1;
    for (let i = from; i < to; i++) {
      const v = values[i];
      if (v === null) continue;
      if (min < 0 || v < (values[min] as number)) min = i;
      if (max < 0 || v > (values[max] as number)) max = i;
      if (
        far < 0 ||
        Math.abs(v - mean) > Math.abs((values[far] as number) - mean)
      ) {
        far = i;
      }
    }
    if (min < 0) out.push(from); // only nulls: keep one point of the bucket
    else if (slots === 1) out.push(far);
    else {
      out.push(min);
      if (max !== min) out.push(max);
    }
  }
  return out;
}

/** One history point as the store reads it, for {@link buildDriftHistorySeries}. */
export interface DriftHistoryRow {
  feature: string;
  method: DriftMethod;
  /** Epoch milliseconds. */
  time: number;
  value: number | null;
  threshold: number | null;
  drift: boolean;
}

/**
 * Groups history rows into one series per feature and method (by feature name, then method; each
 * oldest first) and down-samples each to at most `maxPoints` (see {@link downsampleIndices}),
 * always keeping the first and the latest window, every drift onset (a drifted window whose
 * previous window did not drift, or the first window when it drifted) and every window where the
 * threshold changes.
 */
export function buildDriftHistorySeries(
  rows: Iterable<DriftHistoryRow>,
  maxPoints: number,
): DriftHistorySeries[] {
  const groups = new Map<string, Map<string, DriftHistoryRow[]>>();
  for (const row of rows) {
    let byMethod = groups.get(row.feature);
    if (!byMethod) groups.set(row.feature, (byMethod = new Map()));
    const list = byMethod.get(row.method);
    if (list) list.push(row);
    else byMethod.set(row.method, [row]);
  }
  // Code-unit order (not locale-dependent): the same on every server.
  const byName = (a: string, b: string) => {
    if (a === b) return 0;
    return a < b ? -1 : 1;
  };
  const ordered: DriftHistoryRow[][] = [];
  for (const feature of [...groups.keys()].sort(byName)) {
    const byMethod = groups.get(feature)!;
    for (const method of [...byMethod.keys()].sort(byName)) {
      ordered.push(byMethod.get(method)!);
    }
  }
  return ordered.map(points => {
    // Stable: rows already in time order stay as they are.
    points.sort((a, b) => a.time - b.time);
    const mustKeep = [0, points.length - 1];
    let drifted = 0;
    points.forEach((p, i) => {
      if (p.drift) drifted++;
      if (p.drift && (i === 0 || !points[i - 1].drift)) mustKeep.push(i);
      if (i > 0 && p.threshold !== points[i - 1].threshold) mustKeep.push(i);
    });
    const keep = downsampleIndices(
      points.map(p => p.value),
      maxPoints,
      mustKeep,
    );
    const series: DriftHistorySeries = {
      feature: points[0].feature,
      method: points[0].method,
      windows: points.length,
      driftedWindows: drifted,
      time: new Array(keep.length),
      value: new Array(keep.length),
      threshold: new Array(keep.length),
      drift: new Array(keep.length),
    };
    keep.forEach((idx, j) => {
      const p = points[idx];
      series.time[j] = p.time;
      series.value[j] = p.value;
      series.threshold[j] = p.threshold;
      series.drift[j] = p.drift;
    });
    return series;
  });
}
