/*
 * Reference-quantile binning of numeric features.
 */
import { DECILES, quantileOf, quantileRanks } from './quantile';
import { lowerBound } from './numeric';

/**
 * Bin edges: the reference's 10 %, 20 %, …, 90 % quantiles (numpy 'linear'), with
 * duplicate edges merged. With k edges there are k + 1 bins
 * (−∞, e1), [e1, e2), …, [ek, +∞).
 */
export function decileEdges(sortedReference: ArrayLike<number>): number[] {
  return decileEdgesOf(sortedReference.length, k => sortedReference[k]);
}

/**
 * {@link decileEdges} of a sample of `n` values given by its order statistics (`valueAt(k)`
 * is the k-th smallest value, 0-based), asked only for the ranks {@link decileRanks} lists.
 */
export function decileEdgesOf(
  n: number,
  valueAt: (rank: number) => number,
): number[] {
  const edges: number[] = [];
  for (const q of DECILES) {
    const e = quantileOf(n, q, valueAt);
    if (edges.length === 0 || edges[edges.length - 1] !== e) edges.push(e);
  }
  return edges;
}

/** The distinct 0-based ranks whose order statistics the decile edges of `n` values need. */
export function decileRanks(n: number): number[] {
  const ranks = new Set<number>();
  for (const q of DECILES) for (const k of quantileRanks(n, q)) ranks.add(k);
  return [...ranks].sort((a, b) => a - b);
}

/**
 * Bin counts from "below" counts: `below[i]` values are strictly less than edge i (as a
 * database counts them); `n` values in all. Same bins as {@link binCountsSorted}.
 */
export function binCountsFromBelow(
  below: readonly number[],
  n: number,
): number[] {
  const counts: number[] = [];
  let previous = 0;
  for (const b of below) {
    counts.push(b - previous);
    previous = b;
  }
  counts.push(n - previous);
  return counts;
}

/** Counts of an ascending sample in the left-closed bins defined by `edges`. */
export function binCountsSorted(
  sorted: ArrayLike<number>,
  edges: readonly number[],
): number[] {
  const counts: number[] = [];
  let previous = 0;
  for (const e of edges) {
    const below = lowerBound(sorted, e);
    counts.push(below - previous);
    previous = below;
  }
  counts.push(sorted.length - previous);
  return counts;
}

/** Proportions count / total (all zeros when total is 0). */
export function proportions(counts: readonly number[]): number[] {
  let total = 0;
  for (const c of counts) total += c;
  return counts.map(c => (total > 0 ? c / total : 0));
}
