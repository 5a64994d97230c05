/*
 * First Wasserstein distance between two empirical distributions, as
 * `scipy.stats.wasserstein_distance(u, v)`: the integral of |F_u − F_v|.
 */
import { CompensatedSum } from './numeric';

/**
 * W1 between two ascending samples, by one merge pass over both.
 *
 * `u` may be an equal-weight quantile sketch of a larger sample (see the reference profile).
 */
export function wassersteinDistance(
  u: ArrayLike<number>,
  v: ArrayLike<number>,
): number {
  const nu = u.length;
  const nv = v.length;
  if (nu === 0 || nv === 0) return NaN;
  const total = new CompensatedSum();
  let i = 0;
  let j = 0;
  let x = Math.min(u[0], v[0]);
  while (i < nu || j < nv) {
    while (i < nu && u[i] <= x) i += 1;
    while (j < nv && v[j] <= x) j += 1;
    if (i >= nu && j >= nv) break;
    const next = i < nu && (j >= nv || u[i] <= v[j]) ? u[i] : v[j];
    total.add(Math.abs(i / nu - j / nv) * (next - x));
    x = next;
  }
  return total.value;
}
