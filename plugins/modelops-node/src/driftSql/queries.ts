/*
 * The statistics queries of the drift pushdown, as SQL text plus parameters. Standard SQL only
 * (CTEs, window functions SUM/LEAD, GROUP BY, CASE); the engine-specific bits come from the
 * dialect. User SQL appears only as a subquery `(<select>) AS modelops_…`, column and table
 * names only quoted, as the database itself described them.
 */
import { SqlDialect } from './dialects';

/** A SQL statement with its positional parameters. */
export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/** A numeric column of a source: its quoted name and its value as a double. */
export interface NumericColumnRef {
  /** SQL of the column's value as double precision (over the source alias). */
  value: string;
}

/** Collects parameters in the order their placeholders appear in the text. */
class Params {
  readonly values: unknown[] = [];
  constructor(private readonly dialect: SqlDialect) {}
  add(value: unknown): string {
    this.values.push(value);
    return this.dialect.param(this.values.length);
  }
}

function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not an integer: ${n}`);
  return String(n);
}

const from = (select: string, alias: string) => `(${select}) AS ${alias}`;

/**
 * One scan of a source for every numeric column: the row count, and per column the number of
 * finite values and their sum (for the mean).
 */
export function sideSummaryQuery(
  d: SqlDialect,
  select: string,
  columns: readonly NumericColumnRef[],
): SqlStatement {
  const parts = ['COUNT(*) AS modelops_rows'];
  columns.forEach((c, i) => {
    const finite = d.isFinite(c.value);
    parts.push(`SUM(CASE WHEN ${finite} THEN 1 ELSE 0 END) AS n${i}`);
    parts.push(`SUM(CASE WHEN ${finite} THEN ${c.value} END) AS s${i}`);
  });
  return {
    sql: `SELECT ${parts.join(', ')} FROM ${from(select, 'modelops_src')}`,
    params: [],
  };
}

/** The union of both sides' finite values, grouped by value with the count on each side. */
function groupedValues(
  d: SqlDialect,
  reference: { select: string; column: NumericColumnRef },
  current?: { select: string; column: NumericColumnRef },
): string {
  const side = (
    s: { select: string; column: NumericColumnRef },
    alias: string,
    r: number,
  ) =>
    `SELECT ${s.column.value} AS v, CAST(${r} AS ${d.double}) AS r FROM ${from(
      s.select,
      alias,
    )} WHERE ${d.isFinite(s.column.value)}`;
  const union = current
    ? `${side(reference, 'modelops_r', 1)} UNION ALL ${side(
        current,
        'modelops_c',
        0,
      )}`
    : side(reference, 'modelops_r', 1);
  return `modelops_u AS (${union}),
modelops_g AS (SELECT v, SUM(r) AS cr, COUNT(*) - SUM(r) AS cc FROM modelops_u GROUP BY v)`;
}

/** Whether n1 · n2 and (n1 + n2) · n1 stay exact in 64-bit integer arithmetic. */
function fitsInt64Products(n1: number, n2: number): boolean {
  return (n1 + n2) * Math.max(n1, n2) < 2 ** 62;
}

/** The reference side of a sorted pass; with `mean`, the pass also sums (v − mean)² (`ss`). */
export interface EcdfReference {
  select: string;
  column: NumericColumnRef;
  n: number;
  mean?: number;
}

/** The current side of a sorted pass. */
export interface EcdfCurrent {
  select: string;
  column: NumericColumnRef;
  n: number;
}

/**
 * ｜S｜ = ｜(n_r + n_c)·fr − n_r·fa｜ over the window's `fr` and `fa`: exact integers while the
 * products fit in 64 bits, doubles beyond; NULL without a current side.
 */
function scaledDifference(
  d: SqlDialect,
  reference: EcdfReference,
  current: EcdfCurrent | undefined,
): string {
  if (!current) return `CAST(NULL AS ${d.double})`;
  const nr = int(reference.n);
  const total = int(reference.n + current.n);
  return fitsInt64Products(reference.n, current.n)
    ? `ABS(${total} * fr - ${nr} * fa)`
    : `ABS(CAST(${total} AS ${d.double}) * fr - CAST(${nr} AS ${d.double}) * fa)`;
}

/**
 * The sorted pass over one numeric column, in one sort and one window pass (no GROUP BY, no
 * join): the union of both samples ordered by value (current rows first among equal values, so
 * the last row of a run of equal values is a reference row exactly when the value occurs in
 * the reference), with the running count of reference rows `fr` and of all rows `fa` (one
 * named window: one sort, all three window functions in one pass). At the last row of each
 * distinct value, fr and fa − fr are the two ECDF counts after all equal values (ties), and
 * S = (n_r + n_c)·fr − n_r·fa = n_r·n_c·(F_r − F_c) is an exact integer, so
 * - a = max ｜S｜ (the KS statistic is a / (n_r·n_c)),
 * - b = Σ ｜S｜·(next value − value) (the Wasserstein distance is b / (n_r·n_c); rows inside a run
 *   of equal values add ｜S｜·0),
 * - c = the number of distinct reference values (runs whose last row is a reference row),
 * - the reference values of 0-based ranks `ranks` (the reference rows where fr = rank + 1): one
 *   collecting aggregate `q` in rank order where the dialect has one, else one column q<j> each.
 * Without a current side (reference profiles) a and b are NULL.
 */
export function ecdfQuery(
  d: SqlDialect,
  reference: EcdfReference,
  current: EcdfCurrent | undefined,
  ranks: readonly number[],
): SqlStatement {
  const params = new Params(d);
  const side = (
    s: { select: string; column: NumericColumnRef },
    alias: string,
    r: number,
  ) =>
    `SELECT ${s.column.value} AS v, ${r} AS r FROM ${from(
      s.select,
      alias,
    )} WHERE ${d.isFinite(s.column.value)}`;
  const union = current
    ? `${side(reference, 'modelops_r', 1)} UNION ALL ${side(
        current,
        'modelops_c',
        0,
      )}`
    : side(reference, 'modelops_r', 1);
  const scaled = scaledDifference(d, reference, current);
  const atRank = `r = 1 AND fr IN (${ranks.map(k => int(k + 1)).join(', ')})`;
  let quantiles = '';
  if (ranks.length > 0) {
    quantiles = d.collect
      ? `,\n  ${d.collect('v', 'fr', atRank)} AS q`
      : `,\n  ${ranks
          .map(
            (k, j) =>
              `MIN(CASE WHEN r = 1 AND fr = ${int(k + 1)} THEN v END) AS q${j}`,
          )
          .join(',\n  ')}`;
  }
  const sql = `WITH modelops_u AS (${union}),
modelops_w AS (
  SELECT v, r,
    SUM(r) OVER w AS fr,
    ROW_NUMBER() OVER w AS fa,
    LEAD(v) OVER w AS nv
  FROM modelops_u
  WINDOW w AS (ORDER BY v, r ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT ${
    current
      ? `MAX(CASE WHEN nv = v THEN 0 ELSE ${scaled} END) AS a,
  SUM(${scaled} * (nv - v)) AS b`
      : `${scaled} AS a, ${scaled} AS b`
  },
  SUM(CASE WHEN nv = v THEN 0 ELSE r END) AS c${
    reference.mean === undefined
      ? ''
      : `,\n  SUM(CASE WHEN r = 1 THEN (v - CAST(${params.add(
          reference.mean,
        )} AS ${d.double})) * (v - CAST(${params.add(reference.mean)} AS ${
          d.double
        })) END) AS ss`
  }${quantiles}
FROM modelops_w`;
  return { sql, params: params.values };
}

/**
 * {@link ecdfQuery} for columns with few distinct values: the union is first grouped by value
 * (a hash aggregate, no sort of the rows), and the window runs over the distinct values only,
 * with the counts per value: fr and fa are the running sums of the reference and of all counts,
 * every row is the last of its value, and rank k is in the row where fr − cr ≤ k < fr. Same
 * columns a, b, c, q<j> as ecdfQuery without a collecting aggregate.
 */
export function groupedEcdfQuery(
  d: SqlDialect,
  reference: EcdfReference,
  current: EcdfCurrent | undefined,
  ranks: readonly number[],
): SqlStatement {
  const params = new Params(d);
  const scaled = scaledDifference(d, reference, current);
  const quantiles = ranks
    .map(
      (k, j) =>
        `MIN(CASE WHEN fr - cr <= ${int(k)} AND fr > ${int(
          k,
        )} THEN v END) AS q${j}`,
    )
    .join(',\n  ');
  const sql = `WITH ${groupedValues(d, reference, current)},
modelops_w AS (
  SELECT v, cr,
    SUM(cr) OVER w AS fr,
    SUM(cr + cc) OVER w AS fa,
    LEAD(v) OVER w AS nv
  FROM modelops_g
  WINDOW w AS (ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
)
SELECT ${
    current
      ? `MAX(${scaled}) AS a,
  SUM(${scaled} * (nv - v)) AS b`
      : `${scaled} AS a, ${scaled} AS b`
  },
  SUM(CASE WHEN cr > 0 THEN 1 ELSE 0 END) AS c${
    reference.mean === undefined
      ? ''
      : `,\n  SUM(cr * (v - CAST(${params.add(reference.mean)} AS ${
          d.double
        })) * (v - CAST(${params.add(reference.mean)} AS ${d.double}))) AS ss`
  }${quantiles ? `,\n  ${quantiles}` : ''}
FROM modelops_w`;
  return { sql, params: params.values };
}

/** Per value of the union of both sides, ascending: value, reference count, current count. */
export function valueCountsQuery(
  d: SqlDialect,
  reference: { select: string; column: NumericColumnRef },
  current?: { select: string; column: NumericColumnRef },
): SqlStatement {
  return {
    sql: `WITH ${groupedValues(
      d,
      reference,
      current,
    )}\nSELECT v, cr, cc FROM modelops_g ORDER BY v`,
    params: [],
  };
}

/**
 * One scan of a source for every numeric column: per edge the count of finite values strictly
 * below it (`b<i>_<j>`), and when a mean is given the sum of squared deviations (`ss<i>`).
 * Each edge costs one comparison per row: `v < edge` is false for NULL and NaN and true for
 * −Infinity, so the −Infinity values are counted once per column (`m<i>`) and taken off.
 */
export function binsQuery(
  d: SqlDialect,
  select: string,
  columns: readonly {
    column: NumericColumnRef;
    edges: readonly number[];
    mean?: number;
  }[],
): SqlStatement {
  const params = new Params(d);
  const parts = ['COUNT(*) AS modelops_rows'];
  columns.forEach(({ column, edges, mean }, i) => {
    const finite = d.isFinite(column.value);
    if (edges.length > 0)
      parts.push(
        `COUNT(CASE WHEN ${column.value} < CAST(-${d.maxDouble} AS ${d.double}) THEN 1 END) AS m${i}`,
      );
    edges.forEach((edge, j) => {
      parts.push(
        `COUNT(CASE WHEN ${column.value} < CAST(${params.add(edge)} AS ${
          d.double
        }) THEN 1 END) AS b${i}_${j}`,
      );
    });
    if (mean !== undefined) {
      const m1 = params.add(mean);
      const m2 = params.add(mean);
      parts.push(
        `SUM(CASE WHEN ${finite} THEN (${column.value} - CAST(${m1} AS ${d.double})) * (${column.value} - CAST(${m2} AS ${d.double})) END) AS ss${i}`,
      );
    }
  });
  return {
    sql: `SELECT ${parts.join(', ')} FROM ${from(select, 'modelops_src')}`,
    params: params.values,
  };
}

/** Counts per distinct value of one column (NULL included), as the database groups them. */
export function categoryCountsQuery(
  select: string,
  quoted: string,
): SqlStatement {
  return {
    sql: `SELECT ${quoted} AS v, COUNT(*) AS c FROM ${from(
      select,
      'modelops_src',
    )} GROUP BY ${quoted}`,
    params: [],
  };
}

/** All finite values of a column, ascending (only for references up to maxExactValues). */
export function sortedValuesQuery(
  d: SqlDialect,
  select: string,
  column: NumericColumnRef,
): SqlStatement {
  return {
    sql: `SELECT ${column.value} AS v FROM ${from(
      select,
      'modelops_src',
    )} WHERE ${d.isFinite(column.value)} ORDER BY 1`,
    params: [],
  };
}

/**
 * The points of an equal-weight quantile sketch of `size` points over the `n` finite values of a
 * column: the values of 0-based rank rn = floor((k + ½)·n / size), k = 0 … size − 1, selected in
 * the database with integer arithmetic (rn is such a rank iff the smallest k with
 * (2k + 1)·n ≥ 2·size·rn satisfies k < size and (2k + 1)·n < 2·size·(rn + 1)).
 */
export function sketchQuery(
  d: SqlDialect,
  select: string,
  column: NumericColumnRef,
  n: number,
  size: number,
): SqlStatement {
  const N = int(n);
  const S = int(size);
  const sql = `SELECT rn, v FROM (
  SELECT rn, v, CASE WHEN 2 * ${S} * rn <= ${N} THEN 0
                     ELSE ${d.intDiv(
                       `2 * ${S} * rn - ${N} + 2 * ${N} - 1`,
                       `2 * ${N}`,
                     )} END AS kmin
    FROM (SELECT ${column.value} AS v, ROW_NUMBER() OVER (ORDER BY ${
    column.value
  }) - 1 AS rn
            FROM ${from(select, 'modelops_src')} WHERE ${d.isFinite(
    column.value,
  )}) AS modelops_ranked
) AS modelops_k
WHERE kmin < ${S} AND (2 * kmin + 1) * ${N} < 2 * ${S} * (rn + 1)
ORDER BY rn`;
  return { sql, params: [] };
}

/** For engines without column types: per column, the count of values that are not numbers. */
export function notNumberQuery(
  d: SqlDialect,
  select: string,
  quotedColumns: readonly string[],
): SqlStatement {
  const parts = quotedColumns.map(
    (q, i) => `SUM(CASE WHEN ${d.notNumber!(q)} THEN 1 ELSE 0 END) AS x${i}`,
  );
  return {
    sql: `SELECT COUNT(*) AS modelops_rows${
      parts.length ? `, ${parts.join(', ')}` : ''
    } FROM ${from(select, 'modelops_src')}`,
    params: [],
  };
}
