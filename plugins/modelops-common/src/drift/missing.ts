/*
 * Missing values and column extraction. A value is missing when it is null, undefined,
 * NaN, or a string that is empty (after trimming) or one of NA, NaN, null (any case).
 * In numeric features ±Infinity is treated as missing too (see docs/drift.md).
 */

import { sortFloat64 } from './radixSort';

/** A single cell as accepted by the drift engine. */
export type FeatureValue = number | string | boolean | null | undefined;

/** Column-oriented data: feature name → values (arrays, typed arrays, …). */
export type DriftColumns = Record<string, ArrayLike<FeatureValue>>;

const MISSING_TOKENS = new Set(['', 'na', 'nan', 'null']);
const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY_PATTERN = /^[+-]?(?:inf|infinity)$/i;

/** Whether a cell is missing (empty, NA, NaN, null, undefined). */
export function isMissingValue(value: FeatureValue): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'number') return Number.isNaN(value);
  if (typeof value === 'string') {
    const s = value.trim();
    return s.length <= 4 && MISSING_TOKENS.has(s.toLowerCase());
  }
  return false;
}

/**
 * Parses a non-missing cell as a number: finite decimals and ±Infinity
 * ("inf", "Infinity", any case). Returns undefined when the cell is not numeric.
 */
export function parseNumericValue(value: FeatureValue): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (NUMBER_PATTERN.test(s)) return Number(s);
  if (INFINITY_PATTERN.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  return undefined;
}

/** Whether every non-missing value of a column parses as a number (finite or ±Infinity). */
export function isNumericColumn(values: ArrayLike<FeatureValue>): boolean {
  if (values instanceof Float64Array || values instanceof Float32Array)
    return true;
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i];
    if (isMissingValue(v)) continue;
    if (parseNumericValue(v) === undefined) return false;
  }
  return true;
}

/** Finite values of a numeric column, sorted ascending, with the count of missing cells. */
export interface NumericSample {
  sorted: Float64Array;
  /** Missing cells, including ±Infinity. */
  missing: number;
  /** Of which ±Infinity. */
  infinite: number;
}

/** Error for input that cannot be compared (unknown column, non-numeric value, …). */
export class DriftInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DriftInputError';
  }
}

/**
 * Extracts and sorts the finite values of a numeric column.
 *
 * @throws DriftInputError when a non-missing value is not numeric
 */
export function extractNumeric(
  values: ArrayLike<FeatureValue>,
  feature: string,
  side: string,
): NumericSample {
  const n = values.length;
  const out = new Float64Array(n);
  let count = 0;
  let missing = 0;
  let infinite = 0;
  if (values instanceof Float64Array || values instanceof Float32Array) {
    for (let i = 0; i < n; i += 1) {
      const v = values[i];
      if (v - v === 0) {
        out[count] = v + 0; // finite; normalises -0 to 0
        count += 1;
      } else {
        missing += 1;
        if (!Number.isNaN(v)) infinite += 1;
      }
    }
    const sortedTyped = sortFloat64(out.subarray(0, count));
    return { sorted: sortedTyped, missing, infinite };
  }
  for (let i = 0; i < n; i += 1) {
    const raw = values[i];
    let v: number | undefined;
    if (typeof raw === 'number') {
      v = raw as number;
    } else if (isMissingValue(raw)) {
      missing += 1;
      continue;
    } else {
      v = parseNumericValue(raw);
      if (v === undefined) {
        throw new DriftInputError(
          `feature "${feature}" is numeric but the ${side} data has the non-numeric value ${JSON.stringify(
            raw,
          )} at row ${
            i + 1
          }; declare the feature categorical or clean the data`,
        );
      }
    }
    if (Number.isNaN(v)) {
      missing += 1;
    } else if (v === Infinity || v === -Infinity) {
      missing += 1;
      infinite += 1;
    } else {
      out[count] = v + 0; // normalises -0 to 0
      count += 1;
    }
  }
  const sorted = sortFloat64(out.subarray(0, count));
  return { sorted, missing, infinite };
}

/** Category counts of a categorical column. */
export interface CategoricalSample {
  counts: Map<string, number>;
  n: number;
  missing: number;
}

/** Counts the categories of a column (values are compared as strings). */
export function extractCategorical(
  values: ArrayLike<FeatureValue>,
): CategoricalSample {
  const counts = new Map<string, number>();
  let missing = 0;
  let n = 0;
  for (let i = 0; i < values.length; i += 1) {
    const raw = values[i];
    if (isMissingValue(raw)) {
      missing += 1;
      continue;
    }
    const key = String(raw);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    n += 1;
  }
  return { counts, n, missing };
}
