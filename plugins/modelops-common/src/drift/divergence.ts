/*
 * Distances between two discrete distributions given as aligned proportion vectors.
 */

/** Proportion that replaces an empty bin before the PSI logarithm. */
export const PSI_EPSILON = 0.0001;

/**
 * Population Stability Index Σ (c_i − r_i)·ln(c_i / r_i), with every zero proportion
 * (on either side) replaced by {@link PSI_EPSILON} first.
 * Conventional reading: below 0.1 no significant shift, 0.1–0.25 moderate, 0.25 or more significant.
 */
export function populationStabilityIndex(
  reference: readonly number[],
  current: readonly number[],
): number {
  let psi = 0;
  for (let i = 0; i < reference.length; i += 1) {
    const r = reference[i] === 0 ? PSI_EPSILON : reference[i];
    const c = current[i] === 0 ? PSI_EPSILON : current[i];
    psi += (c - r) * Math.log(c / r);
  }
  return psi;
}

/**
 * Jensen–Shannon distance sqrt(½ KL(r‖m) + ½ KL(c‖m)), m = (r + c)/2, natural logarithm,
 * on the raw proportions (0·ln 0 = 0). Lies in [0, sqrt(ln 2)].
 */
export function jensenShannonDistance(
  reference: readonly number[],
  current: readonly number[],
): number {
  let klR = 0;
  let klC = 0;
  for (let i = 0; i < reference.length; i += 1) {
    const r = reference[i];
    const c = current[i];
    const m = (r + c) / 2;
    if (r > 0) klR += r * Math.log(r / m);
    if (c > 0) klC += c * Math.log(c / m);
  }
  const js = 0.5 * klR + 0.5 * klC;
  return js > 0 ? Math.sqrt(js) : 0;
}
