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

/**
 * The sorted pass over one numeric column, in one sort and one window pass (no GROUP BY, no
 * join): the union of both samples ordered by value (reference rows first among equal values),
 * with the running count of reference rows `fr` and of all rows `fa` (one named window, so the
 * engine sorts once and evaluates all four window functions in one pass). At the last row of each
 * distinct value, fr and fa − fr are the two ECDF counts after all equal values (ties), so
 * - a = max ｜fr/n_r − (fa − fr)/n_c｜ is the KS statistic,
 * - b = Σ ｜fr/n_r − (fa − fr)/n_c｜·(next value − value) is the Wasserstein distance,
 * - c = the number of distinct reference values (first row of a value that is a reference row),
 * - q<j> = the reference value of 0-based rank ranks[j] (the reference row where fr = rank + 1).
 * Without a current side (reference profiles) a and b are NULL.
 */
export function ecdfQuery(
  d: SqlDialect,
  reference: { select: string; column: NumericColumnRef; n: number },
  current: { select: string; column: NumericColumnRef; n: number } | undefined,
  ranks: readonly number[],
): SqlStatement {
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
  const diff = current
    ? `ABS(CAST(fr AS ${d.double}) / ${int(reference.n)} - CAST(fa - fr AS ${
        d.double
      }) / ${int(current.n)})`
    : `CAST(NULL AS ${d.double})`;
  const quantiles = ranks
    .map(
      (k, j) =>
        `MIN(CASE WHEN r = 1 AND fr = ${int(k + 1)} THEN v END) AS q${j}`,
    )
    .join(',\n  ');
  const sql = `WITH modelops_u AS (${union}),
modelops_w AS (
  SELECT v, r,
    SUM(r) OVER w AS fr,
    ROW_NUMBER() OVER w AS fa,
    LEAD(v) OVER w AS nv,
    LAG(v) OVER w AS pv
  FROM modelops_u
  WINDOW w AS (ORDER BY v, r DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
modelops_d AS (
  SELECT v, r, fr, nv, pv,
    CASE WHEN nv IS NULL OR nv <> v THEN ${diff} END AS diff
  FROM modelops_w
)
SELECT MAX(diff) AS a, SUM(diff * (nv - v)) AS b,
  SUM(CASE WHEN r = 1 AND (pv IS NULL OR pv <> v) THEN 1 ELSE 0 END) AS c${
    quantiles ? `,\n  ${quantiles}` : ''
  }
FROM modelops_d`;
  return { sql, params: [] };
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
    edges.forEach((edge, j) => {
      parts.push(
        `SUM(CASE WHEN ${finite} AND ${column.value} < CAST(${params.add(
          edge,
        )} AS ${d.double}) THEN 1 ELSE 0 END) AS b${i}_${j}`,
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
