/*
 * Two-sample Kolmogorov–Smirnov test with the semantics of
 * `scipy.stats.ks_2samp(a, b)` (two-sided, method='auto').
 */
import { kolmogornSf } from './kolmogorov';
import { outerProbInsideMethod, probOutsideSquare } from './ksExact';
import { gcd, roundHalfEven } from './numeric';

/** Largest sample size for which method 'auto' attempts the exact distribution. */
export const KS_MAX_EXACT_N = 10000;

/** Result of a two-sample KS test. */
export interface KsResult {
  /** D = sup |F_r − F_c|; on the exact path rounded to the lattice h / lcm(n1, n2) like scipy. */
  statistic: number;
  /** Two-sided p-value. */
  pValue: number;
  /** Which distribution produced the p-value. */
  method: 'exact' | 'asymptotic';
}

/**
 * KS statistic sup |F_a − F_b| of two ascending samples (ties handled as scipy does: both
 * ECDFs are right-continuous and evaluated at every observed value).
 *
 * `a` may be a quantile sketch of a larger sample: its ECDF is then count / a.length.
 */
export function ksStatistic(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let maxS = -Infinity;
  let minDiff = Infinity;
  while (i < n1 || j < n2) {
    const v = i < n1 && (j >= n2 || a[i] <= b[j]) ? a[i] : b[j];
    while (i < n1 && a[i] <= v) i += 1;
    while (j < n2 && b[j] <= v) j += 1;
    const diff = i / n1 - j / n2;
    if (diff > maxS) maxS = diff;
    if (diff < minDiff) minDiff = diff;
  }
  const minS = Math.min(Math.max(-minDiff, 0), 1);
  return minS > maxS ? minS : maxS;
}

/**
 * Two-sided p-value of a two-sample KS statistic, as `scipy.stats.ks_2samp` with
 * method='auto': the exact distribution when both sizes are at most 10000, falling back to
 * the asymptotic one if the exact computation is not a valid probability; otherwise
 * `kstwo.sf(d, round(n1·n2/(n1+n2)))`.
 *
 * @param d - the statistic from {@link ksStatistic}
 * @param n1 - size of the first sample (the real size, also when `d` came from a sketch)
 * @param n2 - size of the second sample
 */
export function ksTest(
  d: number,
  n1: number,
  n2: number,
  mode: 'auto' | 'exact' | 'asymp' = 'auto',
): KsResult {
  if (!(n1 > 0 && n2 > 0)) {
    throw new RangeError('KS test needs two non-empty samples');
  }
  let statistic = d;
  const autoMethod = Math.max(n1, n2) <= KS_MAX_EXACT_N ? 'exact' : 'asymp';
  let method: 'exact' | 'asymp' = mode === 'auto' ? autoMethod : mode;
  const g = gcd(n1, n2);
  const n1g = Math.floor(n1 / g);
  const n2g = Math.floor(n2 / g);
  if (mode === 'exact' && n1g >= 2147483647 / n2g) method = 'asymp';
  let prob = NaN;
  if (method === 'exact') {
    const lcm = n1g * n2;
    const h = roundHalfEven(statistic * lcm);
    statistic = (h * 1.0) / lcm;
    let success = true;
    if (h === 0) {
      prob = 1.0;
    } else {
      prob =
        n1 === n2
          ? probOutsideSquare(n1, h)
          : outerProbInsideMethod(n1, n2, g, h);
      if (!(prob >= 0 && prob <= 1)) success = false;
    }
    if (!success) method = 'asymp';
  }
  if (method === 'asymp') {
    const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
    const en = (m * n) / (m + n);
    prob = kolmogornSf(roundHalfEven(en), statistic);
  }
  prob = Math.min(Math.max(prob, 0), 1);
  return {
    statistic,
    pValue: prob,
    method: method === 'exact' ? 'exact' : 'asymptotic',
  };
}
