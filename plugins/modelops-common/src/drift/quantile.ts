/*
 * Quantiles with numpy's default method ('linear', Hyndman & Fan type 7), reproducing
 * numpy's floating-point steps so that bin edges match `np.quantile` bit for bit.
 */

/** The deciles 0.1 … 0.9 used as bin edges (computed as i / 10, like the golden fixtures). */
export const DECILES: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9].map(
  i => i / 10,
);

/** `np.quantile(sorted, q)` for an ascending, non-empty sample. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty sample');
  // numpy's 'linear' method: virtual index (n - 1) * q
  const virtual = (n - 1) * q;
  let previous = Math.floor(virtual);
  let next = previous + 1;
  if (virtual >= n - 1) {
    previous = n - 1;
    next = n - 1;
  } else if (virtual < 0) {
    previous = 0;
    next = 0;
  }
  const gamma = virtual - Math.floor(virtual);
  const a = sorted[previous];
  const b = sorted[next];
  // numpy's _lerp
  const diff = b - a;
  if (gamma >= 0.5) return b - diff * (1 - gamma);
  return a + diff * gamma;
}
