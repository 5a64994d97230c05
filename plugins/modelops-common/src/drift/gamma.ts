/*
 * Log-gamma and the regularized incomplete gamma functions, accurate to a few ulps in the
 * ranges used by the chi-square test (half-integer a), including p-values far below 1e-100.
 */

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
/** Bernoulli-number coefficients of Stirling's series for ln Γ: B_2k / (2k (2k − 1)). */
const STIRLING = [
  1 / 12,
  -1 / 360,
  1 / 1260,
  -1 / 1680,
  1 / 1188,
  -691 / 360360,
  1 / 156,
  -3617 / 122400,
];
const SHIFT = 15;

/** Stirling correction ln Γ(a) − [(a − ½) ln a − a + ½ ln 2π], for a >= SHIFT. */
function stirlingCorrection(a: number): number {
  const inv = 1 / a;
  const inv2 = inv * inv;
  let sum = 0;
  for (let k = STIRLING.length - 1; k >= 0; k -= 1)
    sum = sum * inv2 + STIRLING[k];
  return sum * inv;
}

/** ln Γ(a) for `a > 0`. */
export function logGamma(a: number): number {
  if (!(a > 0)) return NaN;
  if (a >= SHIFT) {
    return (a - 0.5) * Math.log(a) - a + HALF_LOG_2PI + stirlingCorrection(a);
  }
  // Γ(a) = Γ(a + k) / (a (a+1) … (a+k−1))
  let product = 1;
  let x = a;
  while (x < SHIFT) {
    product *= x;
    x += 1;
  }
  return (
    (x - 0.5) * Math.log(x) -
    x +
    HALF_LOG_2PI +
    stirlingCorrection(x) -
    Math.log(product)
  );
}

/** log(1 + x) − x, without cancellation for small |x|. */
function log1pmx(x: number): number {
  if (Math.abs(x) < 0.5) {
    let term = x;
    let sum = 0;
    for (let k = 2; k < 200; k += 1) {
      term *= -x;
      const t = term / k;
      sum += t;
      if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
    }
    return sum;
  }
  return Math.log1p(x) - x;
}

/** ln( x^a e^−x / Γ(a) ), computed without cancellation for large a. */
function logPrefactor(a: number, x: number): number {
  if (a < SHIFT) return a * Math.log(x) - x - logGamma(a);
  const d = (x - a) / a;
  return (
    a * log1pmx(d) + 0.5 * Math.log(a) - HALF_LOG_2PI - stirlingCorrection(a)
  );
}

const MAX_ITERATIONS = 100000;
const TINY = 1e-300;

/** Lower regularized P(a, x) by its power series (use for x < a + 1). */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n += 1) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
  }
  return sum * Math.exp(logPrefactor(a, x));
}

/** Upper regularized Q(a, x) by its continued fraction, modified Lentz (use for x >= a + 1). */
function upperContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i += 1) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(logPrefactor(a, x)) * h;
}

/** Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a). */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  if (x < a + 1) return Math.min(1, Math.max(0, 1 - lowerSeries(a, x)));
  return Math.min(1, Math.max(0, upperContinuedFraction(a, x)));
}

/** Survival function of the χ² distribution with `dof` degrees of freedom. */
export function chiSquareSf(statistic: number, dof: number): number {
  return regularizedGammaQ(dof / 2, statistic / 2);
}
