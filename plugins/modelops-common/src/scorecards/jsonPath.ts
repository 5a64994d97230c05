/**
 * A small, safe subset of JSONPath for custom checks: `$.spec.owner`, `spec.versions[0].runUrl`,
 * `spec.versions[*].metrics.auc`, `metadata.annotations['modelops.io/last-review-date']`.
 * No filters or script expressions.
 */

/** One step of a path. */
export type JsonPathSegment =
  | { type: 'key'; key: string }
  | { type: 'index'; index: number }
  | { type: 'wildcard' };

/** A parsed path. */
export interface JsonPath {
  source: string;
  segments: JsonPathSegment[];
  /** True when a wildcard can yield several values. */
  multi: boolean;
}

/** A path that does not parse; the message names the position. */
export class JsonPathError extends Error {
  constructor(path: string, position: number, what: string) {
    super(`${what} at position ${position} of ${JSON.stringify(path)}`);
    this.name = 'JsonPathError';
  }
}

const NAME = /^[A-Za-z0-9_-]+/;

/** Parses a path; throws {@link JsonPathError}. */
export function parseJsonPath(path: string): JsonPath {
  const segments: JsonPathSegment[] = [];
  let i = 0;
  const s = path.trim();
  if (s === '' || s === '$')
    throw new JsonPathError(path, 0, 'expected a property name');
  if (s.startsWith('$')) i = 1;
  let first = true;
  while (i < s.length) {
    const c = s[i];
    if (c === '.' || first) {
      if (c === '.') i++;
      if (s[i] === '*') {
        segments.push({ type: 'wildcard' });
        i++;
      } else {
        const m = NAME.exec(s.slice(i));
        if (!m)
          throw new JsonPathError(
            path,
            i,
            `expected a property name (letters, digits, _ or -), got ${JSON.stringify(
              s[i] ?? 'end',
            )}`,
          );
        segments.push({ type: 'key', key: m[0] });
        i += m[0].length;
      }
    } else if (c === '[') {
      const rest = s.slice(i);
      const quoted = /^\[(['"])((?:(?!\1).)*)\1\]/.exec(rest);
      const index = /^\[(\d+)\]/.exec(rest);
      if (quoted) {
        segments.push({ type: 'key', key: quoted[2] });
        i += quoted[0].length;
      } else if (index) {
        segments.push({ type: 'index', index: Number(index[1]) });
        i += index[0].length;
      } else if (rest.startsWith('[*]')) {
        segments.push({ type: 'wildcard' });
        i += 3;
      } else {
        throw new JsonPathError(path, i, "expected [n], [*] or ['key']");
      }
    } else {
      throw new JsonPathError(
        path,
        i,
        `unexpected character ${JSON.stringify(c)}`,
      );
    }
    first = false;
  }
  return {
    source: path,
    segments,
    multi: segments.some(seg => seg.type === 'wildcard'),
  };
}

/**
 * Every value the path selects. Missing steps select nothing, unless `keepMissing` is set: then
 * each branch that misses yields one `undefined` (so "every version has a runUrl" can fail).
 */
export function selectJsonPath(
  root: unknown,
  path: JsonPath,
  options: { keepMissing?: boolean } = {},
): unknown[] {
  let current: unknown[] = [root];
  for (const seg of path.segments) {
    const next: unknown[] = [];
    for (const value of current) {
      const before = next.length;
      if (value !== null && typeof value === 'object') {
        if (seg.type === 'wildcard') {
          next.push(
            ...(Array.isArray(value) ? value : Object.values(value as object)),
          );
        } else if (seg.type === 'index') {
          if (Array.isArray(value) && seg.index < value.length)
            next.push(value[seg.index]);
        } else if (
          !Array.isArray(value) &&
          Object.prototype.hasOwnProperty.call(value, seg.key)
        ) {
          next.push((value as Record<string, unknown>)[seg.key]);
        }
      }
      if (
        options.keepMissing &&
        next.length === before &&
        seg.type !== 'wildcard'
      )
        next.push(undefined);
    }
    current = next;
  }
  return options.keepMissing ? current : current.filter(v => v !== undefined);
}
