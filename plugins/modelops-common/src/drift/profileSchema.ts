/*
 * Full validation of a reference profile received from outside (an HTTP body, a file given to
 * the CLI, a stored row). A profile is stored once and every later window is compared against
 * it, so anything the engine would trip over (a numeric feature without edges, bin counts that
 * do not add up, values out of order) must be refused when it arrives, not when it is used.
 *
 * Plain loops rather than a zod schema per value: an exact profile holds up to 200,000 values
 * per feature. Problems carry a path (as zod does) so callers render `path: message`.
 */
import { z } from 'zod';
import { REFERENCE_PROFILE_FORMAT, ReferenceProfile } from './profile';

/** Longest feature (column) name the drift API stores (database column size). */
export const MAX_FEATURE_NAME_LENGTH = 255;

/** One problem of an invalid profile. */
export interface ReferenceProfileProblem {
  path: Array<string | number>;
  message: string;
}

/** Limits on a profile's size. */
export interface ReferenceProfileLimits {
  /** Maximum number of features. */
  maxFeatures?: number;
}

type Path = Array<string | number>;
type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isFiniteNumber = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v);

class Problems {
  readonly list: ReferenceProfileProblem[] = [];
  add(path: Path, message: string): false {
    this.list.push({ path, message });
    return false;
  }
}

function checkCount(o: Obj, key: string, path: Path, p: Problems): boolean {
  return (
    isCount(o[key]) || p.add([...path, key], 'must be a non-negative integer')
  );
}

function checkNullableFinite(
  o: Obj,
  key: string,
  path: Path,
  p: Problems,
  nullWhen: boolean,
): boolean {
  const v = o[key];
  if (nullWhen)
    return v === null || p.add([...path, key], 'must be null when n is 0');
  return (
    isFiniteNumber(v) ||
    p.add([...path, key], 'must be a finite number when n > 0')
  );
}

/** A list of finite numbers, ascending (strictly when `strict`). */
function checkSortedNumbers(
  v: unknown,
  path: Path,
  p: Problems,
  strict: boolean,
): v is number[] {
  if (!Array.isArray(v)) return p.add(path, 'must be a list of numbers');
  for (let i = 0; i < v.length; i++) {
    if (!isFiniteNumber(v[i]))
      return p.add([...path, i], 'must be a finite number');
    if (i > 0 && (strict ? v[i] <= v[i - 1] : v[i] < v[i - 1])) {
      return p.add(
        [...path, i],
        strict
          ? 'must be greater than the previous value (strictly ascending)'
          : 'must not be less than the previous value (ascending)',
      );
    }
  }
  return true;
}

/** A list of counts adding up to `total`. */
function checkCounts(
  v: unknown,
  path: Path,
  p: Problems,
  length: number,
  total: number | undefined,
): boolean {
  if (!Array.isArray(v)) return p.add(path, 'must be a list of counts');
  if (v.length !== length)
    return p.add(path, `must have ${length} entries (got ${v.length})`);
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    if (!isCount(v[i]))
      return p.add([...path, i], 'must be a non-negative integer');
    sum += v[i];
  }
  if (total !== undefined && sum !== total)
    return p.add(path, `must add up to n (${total}), got ${sum}`);
  return true;
}

function checkNumeric(f: Obj, path: Path, p: Problems): void {
  const countsOk = ['n', 'missing', 'distinctCount']
    .map(k => checkCount(f, k, path, p))
    .every(Boolean);
  const n = countsOk ? (f.n as number) : undefined;
  if (n !== undefined) {
    for (const key of ['mean', 'std', 'min', 'max'])
      checkNullableFinite(f, key, path, p, n === 0);
    if (isFiniteNumber(f.std) && f.std < 0)
      p.add([...path, 'std'], 'must not be negative');
    if (isFiniteNumber(f.min) && isFiniteNumber(f.max) && f.min > f.max)
      p.add([...path, 'min'], 'must not be greater than max');
  }
  // Edges: the merged reference deciles, 1–9 strictly ascending values (none when n is 0).
  if (checkSortedNumbers(f.edges, [...path, 'edges'], p, true)) {
    const edges = f.edges as number[];
    if (n === 0 && edges.length !== 0)
      p.add([...path, 'edges'], 'must be empty when n is 0');
    else if (
      n !== undefined &&
      n > 0 &&
      (edges.length < 1 || edges.length > 9)
    ) {
      p.add(
        [...path, 'edges'],
        `must have 1 to 9 decile edges when n > 0 (got ${edges.length})`,
      );
    } else {
      checkCounts(f.binCounts, [...path, 'binCounts'], p, edges.length + 1, n);
    }
  }
  checkValues(f.values, [...path, 'values'], p, n);
  if (f.discrete !== undefined) {
    const d = f.discrete;
    const dPath = [...path, 'discrete'];
    if (!isObject(d)) p.add(dPath, 'must be an object { values, counts }');
    else if (checkSortedNumbers(d.values, [...dPath, 'values'], p, true)) {
      checkCounts(
        d.counts,
        [...dPath, 'counts'],
        p,
        (d.values as number[]).length,
        n,
      );
    }
  }
}

function checkValues(
  v: unknown,
  path: Path,
  p: Problems,
  n: number | undefined,
): void {
  if (!isObject(v)) {
    p.add(
      path,
      'must be { type: "exact", sorted } or { type: "sketch", points, maxEcdfError }',
    );
    return;
  }
  if (v.type === 'exact') {
    if (
      checkSortedNumbers(v.sorted, [...path, 'sorted'], p, false) &&
      n !== undefined &&
      (v.sorted as number[]).length !== n
    ) {
      p.add(
        [...path, 'sorted'],
        `must hold the n (${n}) reference values (got ${
          (v.sorted as number[]).length
        })`,
      );
    }
  } else if (v.type === 'sketch') {
    if (
      checkSortedNumbers(v.points, [...path, 'points'], p, false) &&
      (v.points as number[]).length === 0
    ) {
      p.add([...path, 'points'], 'must not be empty');
    }
    if (
      !isFiniteNumber(v.maxEcdfError) ||
      v.maxEcdfError <= 0 ||
      v.maxEcdfError > 1
    ) {
      p.add([...path, 'maxEcdfError'], 'must be a number in (0, 1]');
    }
  } else {
    p.add([...path, 'type'], 'must be "exact" or "sketch"');
  }
}

function checkCategorical(f: Obj, path: Path, p: Problems): void {
  const countsOk = ['n', 'missing']
    .map(k => checkCount(f, k, path, p))
    .every(Boolean);
  const categories = f.categories;
  if (!Array.isArray(categories)) {
    p.add([...path, 'categories'], 'must be a list of strings');
    return;
  }
  const seen = new Set<string>();
  for (let i = 0; i < categories.length; i++) {
    const c = categories[i];
    if (typeof c !== 'string') {
      p.add([...path, 'categories', i], 'must be a string');
      return;
    }
    if (seen.has(c)) {
      p.add(
        [...path, 'categories', i],
        `duplicates the category "${c.slice(0, 50)}"`,
      );
      return;
    }
    seen.add(c);
  }
  checkCounts(
    f.counts,
    [...path, 'counts'],
    p,
    categories.length,
    countsOk ? (f.n as number) : undefined,
  );
}

/**
 * Validates a reference profile completely (format, every feature, every count and value).
 * Returns the profile typed, or the problems (at most one per feature, in order).
 */
export function validateReferenceProfile(
  raw: unknown,
  limits: ReferenceProfileLimits = {},
):
  | { success: true; profile: ReferenceProfile }
  | { success: false; problems: ReferenceProfileProblem[] } {
  const p = new Problems();
  if (!isObject(raw)) {
    p.add(
      [],
      `must be a reference profile object (format "${REFERENCE_PROFILE_FORMAT}") as written by yarn modelops drift profile`,
    );
    return { success: false, problems: p.list };
  }
  if (raw.format !== REFERENCE_PROFILE_FORMAT)
    p.add(['format'], `must be "${REFERENCE_PROFILE_FORMAT}"`);
  if (raw.version !== 1) p.add(['version'], 'must be 1');
  if (!isCount(raw.discreteMaxDistinct))
    p.add(['discreteMaxDistinct'], 'must be a non-negative integer');
  const features = raw.features;
  if (!Array.isArray(features)) {
    p.add(['features'], 'must be a list of feature profiles');
  } else if (features.length === 0) {
    p.add(['features'], 'must contain at least one feature');
  } else if (
    limits.maxFeatures !== undefined &&
    features.length > limits.maxFeatures
  ) {
    p.add(
      ['features'],
      `has ${features.length} features, more than the limit of ${limits.maxFeatures}`,
    );
  } else {
    const names = new Set<string>();
    for (let i = 0; i < features.length && p.list.length < 20; i++) {
      const f = features[i];
      const path: Path = ['features', i];
      if (!isObject(f)) {
        p.add(path, 'must be a feature profile object');
        continue;
      }
      if (typeof f.name !== 'string' || f.name.length === 0)
        p.add([...path, 'name'], 'must be a non-empty feature name');
      else if (f.name.length > MAX_FEATURE_NAME_LENGTH)
        p.add(
          [...path, 'name'],
          `must be at most ${MAX_FEATURE_NAME_LENGTH} characters`,
        );
      else if (names.has(f.name))
        p.add([...path, 'name'], `duplicates the feature "${f.name}"`);
      else names.add(f.name);
      if (f.kind === 'numeric') checkNumeric(f, path, p);
      else if (f.kind === 'categorical') checkCategorical(f, path, p);
      else p.add([...path, 'kind'], 'must be "numeric" or "categorical"');
    }
  }
  if (p.list.length > 0) return { success: false, problems: p.list };
  return { success: true, profile: raw as unknown as ReferenceProfile };
}

/**
 * zod schema of a reference profile (see {@link validateReferenceProfile}); problems become zod
 * issues with their paths, so `profile.features[2].edges: ...` reaches the client.
 */
export function referenceProfileSchema(limits: ReferenceProfileLimits = {}) {
  return z.unknown().transform((value, ctx) => {
    const result = validateReferenceProfile(value, limits);
    if (!result.success) {
      for (const problem of result.problems) {
        ctx.addIssue({
          code: 'custom',
          path: problem.path,
          message: problem.message,
        });
      }
      return z.NEVER;
    }
    return result.profile;
  });
}
