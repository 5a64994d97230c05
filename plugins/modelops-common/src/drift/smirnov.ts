/*
 * One-sided Kolmogorov–Smirnov (Smirnov) survival function, Pr(D+_n >= x), following the
 * algorithm of scipy.special.smirnov (van Mulbregt, arXiv:1802.06966): the Birnbaum–Tingey
 * sum, summed from the side that needs the fewest terms, with the terms evaluated in log
 * space (scipy uses double-double arithmetic; the log-space terms keep the relative error
 * of the result around 1e-12 for the sample sizes used here).
 */

/** exp() of anything below this underflows (cephes MINLOG). */
const MIN_LOG = -708.3964185322641;
const SMIRNOV_MAX_COMPUTE_N = 1000000;
const SM_UPPER_MAX_TERMS = 3;
const SM_UPPERSUM_MIN_N = 10;
const EPSILON = Number.EPSILON;

/** Splits n·x into floor and fractional part exactly (error-free product). */
function modNX(
  n: number,
  x: number,
): { nxFloor: number; alpha: number; nx: number } {
  const hi = n * x;
  // Dekker/Veltkamp split to obtain the rounding error of the product exactly.
  const split = (v: number) => {
    const c = 134217729 * v; // 2^27 + 1
    const h = c - (c - v);
    return [h, v - h] as const;
  };
  const [nh, nl] = split(n);
  const [xh, xl] = split(x);
  const lo = nh * xh - hi + nh * xl + nl * xh + nl * xl;
  let nxFloor = Math.floor(hi);
  let alpha = hi - nxFloor + lo;
  if (alpha < 0) {
    nxFloor -= 1;
    alpha += 1;
  }
  if (alpha >= 1) {
    nxFloor += 1;
    alpha -= 1;
  }
  return { nxFloor, alpha, nx: hi + lo };
}

/**
 * log(T2) with T2 = 1 - x - v/n, where t2Numerator = n·T2 and t1Numerator = n(x + v/n): the
 * branches of scipy's smirnov (log1p near 1 keeps precision, the sign is applied by the caller).
 */
function logOfT2(
  n: number,
  v: number,
  t1Numerator: number,
  t2Numerator: number,
): number {
  if (n - v === 0) return 0;
  if (t2Numerator === 0) return -Infinity;
  if (t2Numerator > 0 && t2Numerator < n / 2) return Math.log(t2Numerator / n);
  if (t2Numerator > 0) return Math.log1p(-t1Numerator / n);
  return Math.log(-t2Numerator / n);
}

/**
 * Survival function of the one-sided KS statistic, Pr(D+_n >= x), as scipy.special.smirnov.
 *
 * @param n - sample size (positive integer)
 * @param x - statistic in [0, 1]
 */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;

  const { nxFloor, alpha } = modNX(n, x);
  let n1mxfl = n - nxFloor - (alpha === 0 ? 0 : 1);
  let n1mxceil = n - nxFloor;
  if (alpha === 0) {
    n1mxfl -= 1;
    n1mxceil += 1;
  }

  // x <= 1/n
  if (nxFloor === 0 || (nxFloor === 1 && alpha === 0)) {
    const t = Math.exp((n - 1) * Math.log1p(x));
    return clip01(1 - x * t);
  }
  if (-2 * n * x * x < MIN_LOG) return 0;
  // x >= 1 - 1/n
  if (nxFloor >= n - 1) {
    return clip01(Math.exp(n * Math.log1p(-x)));
  }
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    const logp = -Math.pow(6.0 * n * x + 1, 2) / 18.0 / n;
    if (logp < -Math.LN2) return clip01(Math.exp(logp));
    return clip01(1 - -Math.expm1(logp));
  }

  const nUpperTerms = n - n1mxceil + 1;
  const useUpperSum =
    (nUpperTerms <= 1 && x < 0.5) ||
    (n >= SM_UPPERSUM_MIN_N &&
      nUpperTerms <= SM_UPPER_MAX_TERMS &&
      x <= 0.5 / Math.sqrt(n));

  let start = 0;
  let step = 1;
  let nTerms = n1mxfl + 1;
  const vmid = Math.floor(n / 2);
  let sum = 0;
  let compensation = 0;
  const add = (value: number) => {
    const t = sum + value;
    if (Math.abs(sum) >= Math.abs(value)) compensation += sum - t + value;
    else compensation += value - t + sum;
    sum = t;
  };

  let first: number;
  if (useUpperSum) {
    start = n;
    step = -1;
    nTerms = n - n1mxceil + 1;
    first = Math.exp((n - 1) * Math.log1p(x)); // (1 + x)^(n-1)
  } else {
    first = Math.exp(n * Math.log1p(-x)) / x; // (1 - x)^n / x
  }
  add(first);

  // log of the binomial coefficient C(n, v), updated incrementally as mantissa + exponent.
  let cMantissa = 1;
  let cExponent = 0;
  const updateBinomial = (j: number) => {
    cMantissa *= (n - j) / (j + 1);
    if (cMantissa > 2 ** 500 || cMantissa < 2 ** -500) {
      const e = Math.floor(Math.log2(cMantissa));
      cMantissa *= 2 ** -e;
      cExponent += e;
    }
  };
  updateBinomial(0);

  for (let j = 1; j < nTerms; j += 1) {
    const v = start + j * step;
    // Integer parts are exact; the fractional part alpha of n·x is added last.
    const t1Numerator = nxFloor + v + alpha; // n(x + v/n)
    const t2Numerator = n - nxFloor - v - alpha; // n(1 - x - v/n)
    let sign = 1;
    if (t2Numerator < 0 && (n - v) % 2 === 1) sign = -1;
    const logT2 = logOfT2(n, v, t1Numerator, t2Numerator);
    const logT1 = Math.log(t1Numerator / n);
    const logTerm =
      Math.log(cMantissa) +
      cExponent * Math.LN2 +
      (n - v) * logT2 +
      (v - 1) * logT1;
    const term = sign * Math.exp(logTerm);
    if (Number.isFinite(term) && term !== 0) add(term);
    if (term !== 0) {
      if (
        4 * (nTerms - j) * Math.abs(term) < EPSILON * (sum + compensation) &&
        j !== nTerms - 1
      ) {
        break;
      }
    } else if (j > vmid) {
      break;
    }
    updateBinomial(j);
  }
  const prob = x * (sum + compensation);
  return clip01(step < 0 ? 1 - prob : prob);
}

function clip01(p: number): number {
  if (p < 0) return 0;
  if (p > 1) return 1;
  return p;
}
