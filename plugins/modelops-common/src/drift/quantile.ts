/*
 * Quantiles with numpy's default method ('linear', Hyndman & Fan type 7), reproducing
 * numpy's floating-point steps so that bin edges match `np.quantile` bit for bit.
 */

/** The deciles 0.1 … 0.9 used as bin edges (computed as i / 10, like the golden fixtures). */
export const DECILES: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9].map(
  i => i / 10,
);

/**
 * The 0-based ranks of the order statistics that `np.quantile(x, q)` reads from a sample of
 * `n` values (one or two ranks). A database can return just these values.
 */
export function quantileRanks(n: number, q: number): [number, number] {
  if (n === 0) throw new RangeError('quantile of an empty sample');
  // numpy's 'linear' method: virtual index (n - 1) * q
  const virtual = (n - 1) * q;
  if (virtual >= n - 1) return [n - 1, n - 1];
  if (virtual < 0) return [0, 0];
  const previous = Math.floor(virtual);
  return [previous, previous + 1];
}

/**
 * `np.quantile(x, q)` of a sample of `n` values given by its order statistics:
 * `valueAt(k)` is the k-th smallest value (0-based), asked only for {@link quantileRanks}.
 */
export function quantileOf(
  n: number,
  q: number,
  valueAt: (rank: number) => number,
): number {
  const [previous, next] = quantileRanks(n, q);
  const virtual = (n - 1) * q;
  const gamma = virtual - Math.floor(virtual);
  const a = valueAt(previous);
  const b = valueAt(next);
  // numpy's _lerp
  const diff = b - a;
  if (gamma >= 0.5) return b - diff * (1 - gamma);
  return a + diff * gamma;
}

/** `np.quantile(sorted, q)` for an ascending, non-empty sample. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  return quantileOf(sorted.length, q, k => sorted[k]);
}
