/*
 * Drift statistics computed inside the database: the queries of queries.ts return sufficient
 * statistics (counts, order statistics, the KS statistic and Wasserstein distance from the two
 * ECDFs, bin and category counts), and @modelops/plugin-modelops-common turns them into the same
 * report (p-values, distances over bins, verdicts) or reference profile as the in-memory engine.
 * Only aggregates leave the database.
 */
import {
  binCountsFromBelow,
  categoricalFeatureProfile,
  categoryCountsOf,
  DatasetDriftResult,
  decileEdgesOf,
  decileRanks,
  driftFromStatistics,
  DriftOptions,
  FeatureKind,
  FeatureProfile,
  FeatureStatistics,
  isDiscreteReference,
  NumericComparisonStatistics,
  NumericFeatureProfile,
  ReferenceProfile,
  referenceProfileOf,
  referenceValuesPlan,
  sketchRank,
} from '@modelops/plugin-modelops-common';
import { ColumnInfo, SqlSession } from './dialects';
import {
  binsQuery,
  categoryCountsQuery,
  ecdfQuery,
  groupedEcdfQuery,
  NumericColumnRef,
  notNumberQuery,
  sideSummaryQuery,
  sketchQuery,
  sortedValuesQuery,
  SqlStatement,
  valueCountsQuery,
} from './queries';

/** A side of the comparison: a SELECT (user SQL or built from a table) and the flag it came from. */
export interface SqlSource {
  /** Used only as a subquery. */
  select: string;
  /** The option the SELECT came from, for messages (e.g. `--reference-sql`). */
  flag: string;
}

/** Bad input found in the database (columns, kinds, SQL the database refused). */
export class DatabaseInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseInputError';
  }
}

async function run(
  session: SqlSession,
  statement: SqlStatement,
  source: SqlSource | SqlSource[],
): Promise<Record<string, any>[]> {
  try {
    return await session.query(statement.sql, statement.params);
  } catch (e: any) {
    const flags = (Array.isArray(source) ? source : [source])
      .map(s => s.flag)
      .join(' / ');
    throw new DatabaseInputError(
      `${flags}: the database refused the query: ${e?.message ?? e}`,
    );
  }
}

/** A list from the database: an array (PostgreSQL arrays arrive parsed) or its text form. */
function parseList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === null || value === undefined) return [];
  const text = String(value).trim();
  if (!text.startsWith('{') || !text.endsWith('}'))
    throw new Error(`the database returned a list in an unknown form`);
  const inner = text.slice(1, -1).trim();
  return inner ? inner.split(',') : [];
}

const num = (v: unknown): number =>
  v === null || v === undefined ? 0 : Number(v);
/** A double from the database, -0 normalised to 0 as the in-memory engine does. */
const dbl = (v: unknown): number => Number(v) + 0;

/** Describes a source's columns, refusing duplicate or empty names. */
export async function describeSource(
  session: SqlSession,
  source: SqlSource,
): Promise<ColumnInfo[]> {
  let columns: ColumnInfo[];
  try {
    columns = await session.describe(source.select);
  } catch (e: any) {
    throw new DatabaseInputError(
      `${source.flag}: the database refused the query: ${e?.message ?? e}`,
    );
  }
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name)) {
      throw new DatabaseInputError(
        `${source.flag}: the query returns two columns named "${c.name}"; give them distinct names (AS …)`,
      );
    }
    seen.add(c.name);
  }
  if (columns.length === 0) {
    throw new DatabaseInputError(
      `${source.flag}: the query returns no columns`,
    );
  }
  return columns;
}

/**
 * How the sorted pass over a numeric column runs: `sorted` sorts every row, `grouped` groups
 * the rows by value first (fast when there are few distinct values), `auto` asks the planner's
 * estimate of distinct values (PostgreSQL; elsewhere `sorted`). All three give the same result.
 */
export type EcdfPlan = 'auto' | 'sorted' | 'grouped';

/** Options of {@link computeDriftInDatabase} and {@link buildProfileInDatabase}. */
export interface DatabaseDriftOptions extends DriftOptions {
  /** See {@link EcdfPlan} (default `auto`). */
  ecdfPlan?: EcdfPlan;
  /** Columns to treat as categorical even if numeric (`--categorical`), besides the settings'. */
  categoricalColumns?: readonly string[];
}

interface Column {
  name: string;
  kind: FeatureKind;
  ref: ColumnInfo;
  cur?: ColumnInfo;
}

function declaredKind(
  name: string,
  options: DatabaseDriftOptions,
): FeatureKind | undefined {
  // As computeDrift: per-call settings override the model's, then --categorical.
  const featureKind =
    options.features?.[name]?.kind ?? options.settings?.features?.[name]?.kind;
  if (options.categoricalColumns?.includes(name)) return 'categorical';
  if (featureKind) return featureKind;
  const categorical = options.categorical ?? options.settings?.categorical;
  if (categorical?.includes(name)) return 'categorical';
  return undefined;
}

function isIgnored(name: string, options: DatabaseDriftOptions): boolean {
  return !!(
    options.features?.[name]?.ignore ??
    options.settings?.features?.[name]?.ignore
  );
}

/**
 * Matches both sides' columns (same names, reference order) and resolves each feature's kind:
 * settings and --categorical first, else numeric when the column's type is numeric on both sides
 * (SQLite, which has no column types: when every non-NULL value on both sides is a number).
 */
async function resolveColumns(
  session: SqlSession,
  reference: SqlSource,
  current: SqlSource | undefined,
  options: DatabaseDriftOptions,
): Promise<Column[]> {
  const refColumns = await describeSource(session, reference);
  const curColumns = current
    ? await describeSource(session, current)
    : undefined;
  if (current && curColumns) {
    const curNames = new Set(curColumns.map(c => c.name));
    const refNames = new Set(refColumns.map(c => c.name));
    for (const c of refColumns) {
      if (!curNames.has(c.name))
        throw new DatabaseInputError(
          `column "${c.name}" is in ${reference.flag} but not in ${current.flag}; both need the same columns`,
        );
    }
    for (const c of curColumns) {
      if (!refNames.has(c.name))
        throw new DatabaseInputError(
          `column "${c.name}" is in ${current.flag} but not in ${reference.flag}; both need the same columns`,
        );
    }
  }
  for (const name of options.categoricalColumns ?? []) {
    if (!refColumns.some(c => c.name === name)) {
      throw new DatabaseInputError(
        `--categorical names column "${name}", which is not in ${
          reference.flag
        } (columns: ${refColumns.map(c => c.name).join(', ')})`,
      );
    }
  }
  const columns: Column[] = refColumns
    .filter(c => !isIgnored(c.name, options))
    .map(c => ({
      name: c.name,
      kind: 'numeric' as FeatureKind,
      ref: c,
      cur: curColumns?.find(x => x.name === c.name),
    }));
  // Engines without column types: a column is numeric when no value on either side is not a number.
  const untyped = columns.filter(c => c.ref.numeric === null);
  const notNumber = new Map<string, number>();
  if (untyped.length > 0) {
    const d = session.dialect;
    for (const source of current ? [reference, current] : [reference]) {
      const [row] = await run(
        session,
        notNumberQuery(
          d,
          source.select,
          untyped.map(c => d.quote(c.name)),
        ),
        source,
      );
      untyped.forEach((c, i) =>
        notNumber.set(c.name, (notNumber.get(c.name) ?? 0) + num(row[`x${i}`])),
      );
    }
  }
  for (const c of columns) {
    const typed = (info?: ColumnInfo) =>
      info === undefined ||
      (info.numeric === null ? notNumber.get(c.name) === 0 : info.numeric);
    const isNumber = typed(c.ref) && typed(c.cur);
    const declared = declaredKind(c.name, options);
    if (declared === 'numeric' && !isNumber) {
      const info = !typed(c.ref) ? c.ref : c.cur!;
      throw new DatabaseInputError(
        `feature "${c.name}" is declared numeric but its column ${
          info.numeric === null
            ? 'holds values that are not numbers'
            : `has type ${info.type}`
        }; cast it in the SELECT or declare it categorical`,
      );
    }
    c.kind = declared ?? (isNumber ? 'numeric' : 'categorical');
  }
  return columns;
}

interface NumericSide {
  rows: number;
  n: number[];
  sum: number[];
}

async function summarize(
  session: SqlSession,
  source: SqlSource,
  refs: NumericColumnRef[],
): Promise<NumericSide> {
  const [row] = await run(
    session,
    sideSummaryQuery(session.dialect, source.select, refs),
    source,
  );
  return {
    rows: num(row.modelops_rows),
    n: refs.map((_, i) => num(row[`n${i}`])),
    sum: refs.map((_, i) => (row[`s${i}`] === null ? 0 : Number(row[`s${i}`]))),
  };
}

async function categoryCounts(
  session: SqlSession,
  source: SqlSource,
  column: string,
) {
  const rows = await run(
    session,
    categoryCountsQuery(source.select, session.dialect.quote(column)),
    source,
  );
  return categoryCountsOf(rows.map(r => [r.v, num(r.c)] as const));
}

/** Rows per distinct value (on average) from which the sorted pass groups first. */
const ROWS_PER_DISTINCT_FOR_GROUPING = 20;

/**
 * Whether the planner expects a column to hold few distinct values (on average at least
 * {@link ROWS_PER_DISTINCT_FOR_GROUPING} rows per value on both sides together): then the ECDF
 * pass groups by value before its window instead of sorting every row. Both plans give the same
 * result; only the time differs. False when the engine gives no estimate.
 */
async function fewDistinctValues(
  session: SqlSession,
  sides: readonly { source: SqlSource; column: NumericColumnRef }[],
): Promise<boolean> {
  const estimate = session.dialect.estimateDistinct;
  if (!estimate) return false;
  let rows = 0;
  let distinct = 0;
  for (const side of sides) {
    const e = await estimate(session, side.source.select, side.column.value);
    if (!e) return false;
    rows += e.rows;
    distinct += e.distinct;
  }
  return distinct * ROWS_PER_DISTINCT_FOR_GROUPING <= rows;
}

/** Per numeric column: ECDF pass (KS, Wasserstein, distinct count, order statistics). */
async function ecdfPass(
  session: SqlSession,
  reference: {
    source: SqlSource;
    column: NumericColumnRef;
    n: number;
    /** When given, the pass also sums the squared deviations from it (`ss`). */
    mean?: number;
  },
  current:
    | { source: SqlSource; column: NumericColumnRef; n: number }
    | undefined,
  wantedRanks: readonly number[],
  plan: EcdfPlan = 'auto',
) {
  // Ascending and distinct: the collected order statistics come back in rank order.
  const ranks = [...new Set(wantedRanks)].sort((x, y) => x - y);
  const grouped =
    plan === 'grouped' ||
    (plan === 'auto' &&
      (await fewDistinctValues(
        session,
        current ? [reference, current] : [reference],
      )));
  const rows = await run(
    session,
    (grouped ? groupedEcdfQuery : ecdfQuery)(
      session.dialect,
      {
        select: reference.source.select,
        column: reference.column,
        n: reference.n,
        mean: reference.mean,
      },
      current && {
        select: current.source.select,
        column: current.column,
        n: current.n,
      },
      ranks,
    ),
    current ? [reference.source, current.source] : reference.source,
  );
  const [row] = rows;
  const orderStatistics = new Map<number, number>();
  if (ranks.length > 0 && 'q' in row) {
    // One collected list, in rank order (the dialect's collect).
    const values = parseList(row.q);
    if (values.length !== ranks.length)
      throw new Error(
        `the database returned ${values.length} order statistics for ${ranks.length} ranks`,
      );
    ranks.forEach((rank, j) => orderStatistics.set(rank, dbl(values[j])));
  } else {
    ranks.forEach((rank, j) => {
      const v = row[`q${j}`];
      if (v !== null && v !== undefined) orderStatistics.set(rank, dbl(v));
    });
  }
  // a and b are scaled by n_r·n_c (exact integers in the database; see ecdfQuery).
  const scale = current ? reference.n * current.n : 1;
  const ks = row.a === null ? NaN : dbl(row.a) / scale;
  const wasserstein = row.b === null ? 0 : dbl(row.b) / scale;
  const distinct = num(row.c);
  const valueAt = (rank: number) => {
    const v = orderStatistics.get(rank);
    if (v === undefined)
      throw new Error(`the database returned no value of rank ${rank}`);
    return v;
  };
  const ss = row.ss === null || row.ss === undefined ? 0 : Number(row.ss);
  return { ks, wasserstein, distinct, valueAt, orderStatistics, ss };
}

/**
 * The number of sample values strictly below `edge`, from order statistics alone: known when
 * two consecutive ranks j − 1 and j have values v_(j−1) < edge ≤ v_(j) (then it is j), or when
 * edge ≤ v_(0) (0). Undefined otherwise (the edge falls inside a run of tied values).
 */
function belowFromOrderStatistics(
  edge: number,
  orderStatistics: ReadonlyMap<number, number>,
): number | undefined {
  if ((orderStatistics.get(0) ?? -Infinity) >= edge) return 0;
  for (const [rank, value] of orderStatistics) {
    if (rank === 0 || value < edge) continue;
    const previous = orderStatistics.get(rank - 1);
    if (previous !== undefined && previous < edge) return rank;
  }
  return undefined;
}

async function valueCounts(
  session: SqlSession,
  reference: { source: SqlSource; column: NumericColumnRef },
  current?: { source: SqlSource; column: NumericColumnRef },
) {
  const rows = await run(
    session,
    valueCountsQuery(
      session.dialect,
      { select: reference.source.select, column: reference.column },
      current && { select: current.source.select, column: current.column },
    ),
    current ? [reference.source, current.source] : reference.source,
  );
  return {
    values: rows.map(r => dbl(r.v)),
    reference: rows.map(r => num(r.cr)),
    current: rows.map(r => num(r.cc)),
  };
}

function columnRef(session: SqlSession, info: ColumnInfo): NumericColumnRef {
  return { value: info.toDouble(session.dialect.quote(info.name)) };
}

/**
 * Runs `fn` over `items` on the sessions, one item per session at a time (a session runs one
 * statement at a time); results in item order. The first failure is thrown once all are idle.
 */
async function inParallel<T, R>(
  sessions: readonly SqlSession[],
  items: readonly T[],
  fn: (item: T, session: SqlSession) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const workers = sessions.slice(
    0,
    Math.max(1, Math.min(sessions.length, items.length)),
  );
  await Promise.all(
    workers.map(async session => {
      while (!failure && next < items.length) {
        const i = next;
        next += 1;
        try {
          results[i] = await fn(items[i], session);
        } catch (error) {
          failure ??= { error };
        }
      }
    }),
  );
  if (failure) throw failure.error;
  return results;
}

const sessionsOf = (session: SqlSession | readonly SqlSession[]) => {
  const list = Array.isArray(session) ? session : [session as SqlSession];
  if (list.length === 0) throw new Error('no database session');
  return list;
};

/**
 * The drift report of `current` against `reference`, computed in the database: the same JSON as
 * `computeDrift` on the rows (1e-9 relative on statistics, identical counts and verdicts).
 *
 * @throws DatabaseInputError for columns that differ between the sides, a declared kind the
 *   column cannot have, or SQL the database refuses
 */
export async function computeDriftInDatabase(
  sessionOrSessions: SqlSession | readonly SqlSession[],
  reference: SqlSource,
  current: SqlSource,
  options: DatabaseDriftOptions = {},
): Promise<DatasetDriftResult> {
  const sessions = sessionsOf(sessionOrSessions);
  const session = sessions[0];
  const columns = await resolveColumns(session, reference, current, options);
  const numeric = columns.filter(c => c.kind === 'numeric');
  const refRefs = numeric.map(c => columnRef(session, c.ref));
  const curRefs = numeric.map(c => columnRef(session, c.cur!));
  const [ref, cur] = await inParallel(
    sessions,
    [
      [reference, refRefs],
      [current, curRefs],
    ] as const,
    ([source, refs], s) => summarize(s, source, refs),
  );

  const perColumn = new Map<string, FeatureStatistics>();
  // Per numeric column, its sorted pass: the expensive queries, spread over the sessions.
  const pending: {
    index: number;
    edges: number[];
    ecdf?: Awaited<ReturnType<typeof ecdfPass>>;
  }[] = await inParallel(
    sessions,
    numeric.map((_, i) => i),
    async (i, s) => {
      const nr = ref.n[i];
      const nc = cur.n[i];
      if (nr === 0) return { index: i, edges: [] };
      // The deciles' ranks and the rank before each: the reference's counts below the edges
      // then follow from the order statistics (belowFromOrderStatistics) unless values tie.
      const deciles = decileRanks(nr);
      const ecdf = await ecdfPass(
        s,
        { source: reference, column: refRefs[i], n: nr, mean: ref.sum[i] / nr },
        nc > 0 ? { source: current, column: curRefs[i], n: nc } : undefined,
        [...deciles, ...deciles.filter(k => k > 0).map(k => k - 1)],
        options.ecdfPlan,
      );
      return { index: i, edges: decileEdgesOf(nr, ecdf.valueAt), ecdf };
    },
  );
  // Counts below the edges. The reference's come from its order statistics where no tie hides
  // them; the rest from scans of chunks of columns.
  const refBelow = pending.map(p =>
    p.edges.map(e => belowFromOrderStatistics(e, p.ecdf!.orderStatistics)),
  );
  type BinsJob = {
    source: SqlSource;
    side: 'reference' | 'current';
    items: { index: number; column: NumericColumnRef; edges: number[] }[];
  };
  const unresolved = pending
    .filter(p => refBelow[p.index].some(b => b === undefined))
    .map(p => ({
      index: p.index,
      column: refRefs[p.index],
      edges: p.edges.filter((_, j) => refBelow[p.index][j] === undefined),
    }));
  // The reference's scan (if any) first, then the current side: one chunk with one session,
  // else one chunk per session plus one for the session that scanned the reference, so that
  // the sessions finish together (each chunk scans the current side once).
  const jobs: BinsJob[] =
    unresolved.length > 0
      ? [{ source: reference, side: 'reference', items: unresolved }]
      : [];
  const withEdges = pending.filter(
    p => p.edges.length > 0 && cur.n[p.index] > 0,
  );
  const chunks =
    sessions.length === 1
      ? 1
      : sessions.length + (unresolved.length > 0 ? 1 : 0);
  const chunk = Math.max(1, Math.ceil(withEdges.length / chunks));
  for (let start = 0; start < withEdges.length; start += chunk)
    jobs.push({
      source: current,
      side: 'current',
      items: withEdges.slice(start, start + chunk).map(p => ({
        index: p.index,
        column: curRefs[p.index],
        edges: p.edges,
      })),
    });
  const curBelow = new Map<number, number[]>();
  await inParallel(sessions, jobs, async (job, s) => {
    const [row] = await run(
      s,
      binsQuery(s.dialect, job.source.select, job.items),
      job.source,
    );
    job.items.forEach((item, k) => {
      const counts = item.edges.map(
        (_, j) => num(row[`b${k}_${j}`]) - num(row[`m${k}`]),
      );
      if (job.side === 'current') curBelow.set(item.index, counts);
      else {
        // Fill the reference's unresolved edges in order.
        let next = 0;
        refBelow[item.index] = refBelow[item.index].map(b =>
          b === undefined ? counts[next++] : b,
        );
      }
    });
  });
  // Discrete references: the value counts of both sides, per column.
  const discrete = await inParallel(sessions, pending, async (p, s) => {
    const i = p.index;
    if (
      ref.n[i] > 0 &&
      cur.n[i] > 0 &&
      isDiscreteReference(ref.n[i], p.ecdf?.distinct ?? 0)
    ) {
      return valueCounts(
        s,
        { source: reference, column: refRefs[i] },
        { source: current, column: curRefs[i] },
      );
    }
    return undefined;
  });
  for (const p of pending) {
    const i = p.index;
    const c = numeric[i];
    const nr = ref.n[i];
    const nc = cur.n[i];
    const distinctCount = p.ecdf?.distinct ?? 0;
    let comparison: NumericComparisonStatistics | undefined;
    if (nr > 0 && nc > 0) {
      comparison = {
        ksStatistic: p.ecdf!.ks,
        wasserstein: p.ecdf!.wasserstein,
        currentBinCounts: binCountsFromBelow(curBelow.get(i) ?? [], nc),
      };
      const counts = discrete[i];
      if (counts) {
        comparison.discreteCounts = {
          reference: counts.reference,
          current: counts.current,
        };
      }
    }
    perColumn.set(c.name, {
      name: c.name,
      kind: 'numeric',
      reference: {
        n: nr,
        missing: ref.rows - nr,
        distinctCount,
        std: nr > 0 ? Math.sqrt(p.ecdf!.ss / nr) : null,
        binCounts: binCountsFromBelow(refBelow[i] as number[], nr),
      },
      current: { n: nc, missing: cur.rows - nc },
      comparison,
    });
  }
  const categorical = columns.filter(c => c.kind === 'categorical');
  const categoryStatistics = await inParallel(
    sessions,
    categorical,
    async (c, s): Promise<FeatureStatistics> => ({
      name: c.name,
      kind: 'categorical',
      reference: await categoryCounts(s, reference, c.name),
      current: await categoryCounts(s, current, c.name),
    }),
  );
  for (const f of categoryStatistics) perColumn.set(f.name, f);
  // Feature order as computeDrift's: the keys of an object built in the reference's column order.
  const order: Record<string, true> = {};
  for (const c of columns) order[c.name] = true;
  const {
    categoricalColumns: _ignored,
    ecdfPlan: _plan,
    ...driftOptions
  } = options;
  return driftFromStatistics(
    Object.keys(order).map(name => perColumn.get(name)!),
    driftOptions,
  );
}

/** Options of {@link buildProfileInDatabase}. */
export interface DatabaseProfileOptions extends DatabaseDriftOptions {
  maxExactValues?: number;
  sketchSize?: number;
}

/**
 * The reference profile of a source, built in the database: the same object as
 * `buildReferenceProfile` on the rows. Only aggregates, at most `maxExactValues` sorted values
 * (or the `sketchSize` sketch points) per numeric feature and the category counts leave it.
 */
export async function buildProfileInDatabase(
  sessionOrSessions: SqlSession | readonly SqlSession[],
  reference: SqlSource,
  options: DatabaseProfileOptions = {},
): Promise<ReferenceProfile> {
  // One session: a profile is built once per reference, not on every window.
  const session = sessionsOf(sessionOrSessions)[0];
  const columns = await resolveColumns(session, reference, undefined, options);
  const numeric = columns.filter(c => c.kind === 'numeric');
  const refs = numeric.map(c => columnRef(session, c.ref));
  const side = await summarize(session, reference, refs);
  const partial: {
    index: number;
    n: number;
    edges: number[];
    mean: number;
    distinct: number;
    min: number | null;
    max: number | null;
  }[] = [];
  for (let i = 0; i < numeric.length; i += 1) {
    const n = side.n[i];
    if (n === 0) {
      partial.push({
        index: i,
        n,
        edges: [],
        mean: 0,
        distinct: 0,
        min: null,
        max: null,
      });
      continue;
    }
    const ranks = [...new Set([0, n - 1, ...decileRanks(n)])].sort(
      (a, b) => a - b,
    );
    const ecdf = await ecdfPass(
      session,
      { source: reference, column: refs[i], n },
      undefined,
      ranks,
      options.ecdfPlan,
    );
    partial.push({
      index: i,
      n,
      edges: decileEdgesOf(n, ecdf.valueAt),
      mean: side.sum[i] / n,
      distinct: ecdf.distinct,
      min: ecdf.valueAt(0),
      max: ecdf.valueAt(n - 1),
    });
  }
  const [bins] = await run(
    session,
    binsQuery(
      session.dialect,
      reference.select,
      partial.map(p => ({
        column: refs[p.index],
        edges: p.edges,
        mean: p.mean,
      })),
    ),
    reference,
  );
  const features = new Map<string, FeatureProfile>();
  for (const p of partial) {
    const i = p.index;
    const { n } = p;
    const below = p.edges.map(
      (_, j) => num(bins[`b${i}_${j}`]) - num(bins[`m${i}`]),
    );
    const profile: NumericFeatureProfile = {
      name: numeric[i].name,
      kind: 'numeric',
      n,
      missing: side.rows - n,
      distinctCount: p.distinct,
      mean: n > 0 ? p.mean : null,
      std: n > 0 ? Math.sqrt(num(bins[`ss${i}`]) / n) : null,
      min: p.min,
      max: p.max,
      edges: p.edges,
      binCounts: binCountsFromBelow(below, n),
      values: { type: 'exact', sorted: [] },
    };
    const plan = referenceValuesPlan(n, options);
    if (plan.type === 'exact') {
      if (n > 0) {
        const rows = await run(
          session,
          sortedValuesQuery(session.dialect, reference.select, refs[i]),
          reference,
        );
        profile.values = { type: 'exact', sorted: rows.map(r => dbl(r.v)) };
      }
    } else {
      const rows = await run(
        session,
        sketchQuery(session.dialect, reference.select, refs[i], n, plan.size),
        reference,
      );
      const byRank = new Map<number, number>();
      for (const r of rows) byRank.set(num(r.rn), dbl(r.v));
      const points = new Array<number>(plan.size);
      for (let k = 0; k < plan.size; k += 1) {
        const v = byRank.get(sketchRank(k, n, plan.size));
        if (v === undefined)
          throw new Error(
            `the database returned no sketch point of rank ${sketchRank(
              k,
              n,
              plan.size,
            )}`,
          );
        points[k] = v;
      }
      profile.values = {
        type: 'sketch',
        points,
        maxEcdfError: 1 / (2 * plan.size),
      };
    }
    if (isDiscreteReference(n, p.distinct)) {
      const counts = await valueCounts(session, {
        source: reference,
        column: refs[i],
      });
      profile.discrete = { values: counts.values, counts: counts.reference };
    }
    features.set(profile.name, profile);
  }
  for (const c of columns) {
    if (c.kind !== 'categorical') continue;
    const counts = await categoryCounts(session, reference, c.name);
    features.set(
      c.name,
      categoricalFeatureProfile(c.name, counts.counts, counts.missing),
    );
  }
  const order: Record<string, true> = {};
  for (const c of columns) order[c.name] = true;
  return referenceProfileOf(
    Object.keys(order).map(name => features.get(name)!),
  );
}
