/*
 * Exact null distribution of the two-sided two-sample KS statistic, ported from scipy
 * (`_compute_prob_outside_square` in scipy/stats/_stats_py.py and
 * `_compute_outer_prob_inside_method` in scipy/stats/_stats_pythran.py; Hodges 1958,
 * Viehmann arXiv:2102.08037).
 */

/**
 * Pr(D_{n,n} >= h/n) for two samples of equal size n (0 < h <= n).
 */
export function probOutsideSquare(n: number, h: number): number {
  let P = 0.0;
  let k = Math.floor(n / h);
  while (k >= 0) {
    let p1 = 1.0;
    for (let j = 0; j < h; j += 1) {
      p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    }
    P = p1 * (1.0 - P);
    k -= 1;
  }
  return 2 * P;
}

/**
 * Proportion of lattice paths from (0,0) to (m,n) that do not stay strictly inside
 * |x/m - y/n| < h/lcm(m,n), i.e. Pr(D_{m,n} >= h/lcm(m,n)).
 *
 * @param g - gcd(m, n)
 */
export function outerProbInsideMethod(
  mIn: number,
  nIn: number,
  g: number,
  h: number,
): number {
  let m = mIn;
  let n = nIn;
  if (m < n) [m, n] = [n, m];
  const mg = Math.floor(m / g);
  const ng = Math.floor(n / g);
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  for (let j = minj; j < maxj && j < lenA; j += 1) A[j] = 0;
  for (let i = 1; i <= m; i += 1) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.max(Math.floor((ng * i - h) / mg) + 1, 0);
    minj = Math.min(minj, n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1.0;
    let val = minj === 0 ? 0.0 : 1.0;
    for (let jj = 0; jj < maxj - minj; jj += 1) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj] * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) {
      const end = Math.min(maxj - minj + (lastlen - curlen), lenA);
      for (let q = maxj - minj; q < end; q += 1) A[q] = 1;
    }
  }
  return A[maxj - minj - 1];
}
