/*
 * Reference-quantile binning of numeric features.
 */
import { DECILES, quantileSorted } from './quantile';
import { lowerBound } from './numeric';

/**
 * Bin edges: the reference's 10 %, 20 %, …, 90 % quantiles (numpy 'linear'), with
 * duplicate edges merged. With k edges there are k + 1 bins
 * (−∞, e1), [e1, e2), …, [ek, +∞).
 */
export function decileEdges(sortedReference: ArrayLike<number>): number[] {
  const edges: number[] = [];
  for (const q of DECILES) {
    const e = quantileSorted(sortedReference, q);
    if (edges.length === 0 || edges[edges.length - 1] !== e) edges.push(e);
  }
  return edges;
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
