/*
 * Pearson chi-square test of homogeneity on a 2 × k table of counts.
 */
import { chiSquareSf } from './gamma';
import { CompensatedSum } from './numeric';

/** Result of a chi-square test of homogeneity. */
export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  /** Degrees of freedom k − 1 (k = number of categories seen on either side). */
  dof: number;
}

/**
 * Pearson's chi-square test of homogeneity (no continuity correction) of two rows of
 * counts over the same k categories, as `scipy.stats.chi2_contingency(table,
 * correction=False)`. Categories must have a positive total. With a single category the
 * statistic is 0 and the p-value 1. Both rows must be non-empty.
 */
export function chiSquareTest(
  reference: readonly number[],
  current: readonly number[],
): ChiSquareResult {
  const k = reference.length;
  let nr = 0;
  let nc = 0;
  for (let i = 0; i < k; i += 1) {
    nr += reference[i];
    nc += current[i];
  }
  if (!(nr > 0 && nc > 0))
    throw new RangeError('chi-square test needs two non-empty samples');
  const dof = Math.max(k - 1, 0);
  if (k <= 1) return { statistic: 0, pValue: 1, dof };
  const total = nr + nc;
  const stat = new CompensatedSum();
  for (let i = 0; i < k; i += 1) {
    const col = reference[i] + current[i];
    const er = (nr * col) / total;
    const ec = (nc * col) / total;
    stat.add((reference[i] - er) ** 2 / er);
    stat.add((current[i] - ec) ** 2 / ec);
  }
  const statistic = Math.max(stat.value, 0);
  return { statistic, pValue: chiSquareSf(statistic, dof), dof };
}
