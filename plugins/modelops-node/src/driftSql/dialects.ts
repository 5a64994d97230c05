/*
 * Everything that differs between SQL engines, in one place: the double-precision type, the
 * finite-number test, identifier quoting, parameter placeholders, how a query's columns are
 * described and how a table name is looked up in the catalog. The statistics queries
 * (queries.ts) use only standard SQL through these helpers; adding an engine means adding one
 * SqlDialect here (see docs/drift.md, "Drift inside your database").
 */
import type { Knex } from 'knex';

/** A column of a query's result, as the database describes it. */
export interface ColumnInfo {
  name: string;
  /** The database's type name (for messages). */
  type: string;
  /** Numeric type (integers, floating point, decimals); null when the engine has no column types. */
  numeric: boolean | null;
  /**
   * SQL turning the quoted column into double precision exactly as the value reads when
   * fetched (PostgreSQL `real` goes through its text form, as a CSV export would).
   */
  toDouble(quoted: string): string;
}

/** A connection that runs single read-only statements with positional parameters. */
export interface SqlSession {
  dialect: SqlDialect;
  /** Runs one statement (never several: the drivers are used in single-statement mode). */
  query(
    sql: string,
    params?: readonly unknown[],
  ): Promise<Record<string, any>[]>;
  /** The columns a SELECT returns, without running it over the data. */
  describe(select: string): Promise<ColumnInfo[]>;
}

/** The SQL-text differences between engines. */
export interface SqlDialect {
  name: 'postgres' | 'sqlite';
  /** The double-precision type name for CAST. */
  double: string;
  /** The largest finite double, as a SQL literal. */
  maxDouble: string;
  /** Quotes an identifier (the name is taken from the database's catalog, never typed SQL). */
  quote(identifier: string): string;
  /** Integer division of two non-negative integer expressions (truncating). */
  intDiv(a: string, b: string): string;
  /** The placeholder of the i-th parameter (1-based). */
  param(index: number): string;
  /** True for a finite double (false for NULL, NaN and ±Infinity). */
  isFinite(doubleExpr: string): string;
  /**
   * The planner's estimate of a SELECT's rows and of the distinct values of one of its
   * expressions (no data read), or undefined when the engine gives none. Only chooses between
   * two exact plans.
   */
  estimateDistinct?(
    session: SqlSession,
    select: string,
    value: string,
  ): Promise<{ rows: number; distinct: number } | undefined>;
  /**
   * An aggregate collecting `value` from the rows where `condition` holds, ordered by `order`,
   * as one list (PostgreSQL: an array). Optional: without it, one aggregate per wanted row.
   */
  collect?(value: string, order: string, condition: string): string;
  /**
   * For engines without column types (SQLite): true when a value is not a number, so that a
   * column is numeric when no value on either side is (NULLs aside).
   */
  notNumber?(quoted: string): string;
  /**
   * Looks a table or view up in the catalog; returns its quoted name, or undefined when the
   * catalog has no such table.
   */
  findTable(session: SqlSession, name: string): Promise<string | undefined>;
}

const quoteDouble = (identifier: string) =>
  `"${identifier.replace(/"/g, '""')}"`;

// The largest finite double: `x BETWEEN -MAX AND MAX` is false for NaN (PostgreSQL sorts NaN
// above every number), ±Infinity and NULL, in every engine.
const MAX_DOUBLE = '1.7976931348623157e308';

/** PostgreSQL (15 tested). */
export const postgresDialect: SqlDialect = {
  name: 'postgres',
  double: 'double precision',
  maxDouble: MAX_DOUBLE,
  quote: quoteDouble,
  intDiv: (a, b) => `(${a}) / (${b})`,
  param: i => `$${i}`,
  collect: (value, order, condition) =>
    `array_agg(${value} ORDER BY ${order}) FILTER (WHERE ${condition})`,
  async estimateDistinct(session, select, value) {
    const plan = async (sql: string) => {
      const [row] = await session.query(`EXPLAIN (FORMAT JSON) ${sql}`);
      const doc = row?.['QUERY PLAN'];
      const parsed = typeof doc === 'string' ? JSON.parse(doc) : doc;
      const rows = Number(parsed?.[0]?.Plan?.['Plan Rows']);
      return Number.isFinite(rows) ? rows : undefined;
    };
    const source = `SELECT ${value} AS modelops_v FROM (${select}) AS modelops_e`;
    const rows = await plan(source);
    const distinct = await plan(
      `SELECT modelops_v FROM (${source}) AS modelops_d GROUP BY modelops_v`,
    );
    return rows === undefined || distinct === undefined
      ? undefined
      : { rows, distinct };
  },
  isFinite: e =>
    `(${e} BETWEEN CAST(-${MAX_DOUBLE} AS double precision) AND CAST(${MAX_DOUBLE} AS double precision))`,
  async findTable(session, name) {
    // to_regclass applies PostgreSQL's own name rules (search_path, case folding, "quotes").
    const rows = await session.query(
      `SELECT n.nspname AS schema_name, c.relname AS table_name
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.oid = to_regclass($1) AND c.relkind IN ('r', 'v', 'm', 'p', 'f')`,
      [name],
    );
    if (rows.length !== 1) return undefined;
    return `${quoteDouble(rows[0].schema_name)}.${quoteDouble(
      rows[0].table_name,
    )}`;
  },
};

/** SQLite (3.25 or later: window functions). */
export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  double: 'REAL',
  maxDouble: MAX_DOUBLE,
  quote: quoteDouble,
  intDiv: (a, b) => `(${a}) / (${b})`,
  param: () => '?',
  isFinite: e => `(${e} BETWEEN -${MAX_DOUBLE} AND ${MAX_DOUBLE})`,
  notNumber: q => `typeof(${q}) NOT IN ('integer', 'real', 'null')`,
  async findTable(session, name) {
    const rows = await session.query(
      `SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name = ? COLLATE NOCASE`,
      [name],
    );
    return rows.length === 1 ? quoteDouble(rows[0].name) : undefined;
  },
};

// PostgreSQL type oids of numeric types: int8, int2, int4, float4, float8, numeric.
const PG_NUMERIC_OIDS = new Map<number, string>([
  [20, 'bigint'],
  [21, 'smallint'],
  [23, 'integer'],
  [700, 'real'],
  [701, 'double precision'],
  [1700, 'numeric'],
]);
const PG_FLOAT4 = 700;

function postgresSession(connection: any): SqlSession {
  const query = async (sql: string, params: readonly unknown[] = []) => {
    // Extended protocol: one statement per call, parameters never spliced into the text.
    const result = await connection.query({
      text: sql,
      values: params,
      queryMode: 'extended',
    });
    return result.rows as Record<string, any>[];
  };
  return {
    dialect: postgresDialect,
    query,
    async describe(select) {
      const result = await connection.query({
        text: `SELECT * FROM (${select}) AS modelops_q LIMIT 0`,
        values: [],
        queryMode: 'extended',
      });
      return (result.fields as { name: string; dataTypeID: number }[]).map(
        f => ({
          name: f.name,
          type: PG_NUMERIC_OIDS.get(f.dataTypeID) ?? `oid ${f.dataTypeID}`,
          numeric: PG_NUMERIC_OIDS.has(f.dataTypeID),
          toDouble: quoted =>
            f.dataTypeID === PG_FLOAT4
              ? `CAST(CAST(${quoted} AS text) AS double precision)`
              : `CAST(${quoted} AS double precision)`,
        }),
      );
    },
  };
}

function sqliteSession(db: any): SqlSession {
  return {
    dialect: sqliteDialect,
    // better-sqlite3's prepare() refuses a string holding more than one statement.
    async query(sql, params = []) {
      return db.prepare(sql).all(...params);
    },
    async describe(select) {
      const columns = db
        .prepare(`SELECT * FROM (${select}) AS modelops_q`)
        .columns() as { name: string; type: string | null }[];
      // SQLite has no column types: the kind comes from the values (see sqliteNumericColumns).
      return columns.map(c => ({
        name: c.name,
        type: c.type ?? 'any',
        numeric: null,
        toDouble: quoted => `CAST(${quoted} AS REAL)`,
      }));
    },
  };
}

/** The dialect of a knex instance (PostgreSQL or SQLite through better-sqlite3). */
export function dialectOf(knex: Knex): SqlDialect {
  const name = String((knex.client as any).dialect ?? '');
  if (name === 'postgresql') return postgresDialect;
  if (name === 'sqlite3' || name === 'better-sqlite3') return sqliteDialect;
  throw new Error(`unsupported database client "${name}"`);
}

/** Options of {@link withSession}. */
export interface SessionOptions {
  /** PostgreSQL: `SET LOCAL statement_timeout` for every statement of the session (ms). */
  statementTimeoutMs?: number;
  /**
   * PostgreSQL: `SET LOCAL work_mem` (e.g. `256MB`) for the session's sorts: in-memory sorts
   * instead of external merges. Per sort and connection, so mind it with several sessions.
   */
  workMem?: string;
  /**
   * PostgreSQL: `SET LOCAL max_parallel_workers_per_gather` (0 to 64). With several sessions
   * on a small server, 0 (each session one CPU) avoids workers competing with the sessions.
   */
  parallelWorkers?: number;
}

/** The SET LOCAL statements of a session's options (PostgreSQL), checked. */
function sessionSettings(options: SessionOptions): string[] {
  const settings: string[] = [];
  if (options.workMem) settings.push(workMemSetting(options.workMem));
  const workers = options.parallelWorkers;
  if (workers !== undefined) {
    if (!Number.isInteger(workers) || workers < 0 || workers > 64)
      throw new RangeError(
        `parallelWorkers must be a whole number from 0 to 64 (got ${workers})`,
      );
    settings.push(`SET LOCAL max_parallel_workers_per_gather = ${workers}`);
  }
  return settings;
}

function workMemSetting(value: string): string {
  if (!/^\d{1,7}(kB|MB|GB)$/.test(value))
    throw new RangeError(
      `workMem must be a size such as 64MB or 1GB (got ${JSON.stringify(
        value,
      )})`,
    );
  return `SET LOCAL work_mem = '${value}'`;
}

/**
 * Runs `fn` on one connection of the pool: a READ ONLY transaction on PostgreSQL (rolled back
 * at the end), the connection as it is on SQLite (open SQLite files read-only: the CLI and the
 * backend's scheduled sources do).
 */
export async function withSession<T>(
  knex: Knex,
  fn: (session: SqlSession) => Promise<T>,
  options: SessionOptions = {},
): Promise<T> {
  const dialect = dialectOf(knex);
  const connection = await knex.client.acquireConnection();
  try {
    if (dialect === postgresDialect) {
      await connection.query('BEGIN TRANSACTION READ ONLY');
      try {
        for (const setting of sessionSettings(options))
          await connection.query(setting);
        const timeout = options.statementTimeoutMs;
        if (timeout === undefined) return await fn(postgresSession(connection));
        if (!Number.isSafeInteger(timeout) || timeout < 1)
          throw new RangeError(
            `statementTimeoutMs must be a positive integer (got ${timeout})`,
          );
        // Set again before every statement: a SELECT can call set_config('statement_timeout', …)
        // and would otherwise lift the limit for the statements after it.
        const arm = () =>
          connection.query(`SET LOCAL statement_timeout = ${timeout}`);
        const session = postgresSession(connection);
        return await fn({
          ...session,
          async query(sql, params) {
            await arm();
            return session.query(sql, params);
          },
          async describe(select) {
            await arm();
            return session.describe(select);
          },
        });
      } finally {
        await connection.query('ROLLBACK').catch(() => {});
      }
    }
    return await fn(sqliteSession(connection));
  } finally {
    await knex.client.releaseConnection(connection);
  }
}

/**
 * Runs `fn` on up to `count` sessions of the pool that see the same data: on PostgreSQL, READ
 * ONLY REPEATABLE READ transactions sharing the first one's snapshot (`pg_export_snapshot`), so
 * queries can run in parallel on several connections; on SQLite, one session (a single writer
 * file, read synchronously). The pool needs `count` connections.
 */
export async function withSessions<T>(
  knex: Knex,
  count: number,
  fn: (sessions: SqlSession[]) => Promise<T>,
  options: Omit<SessionOptions, 'statementTimeoutMs'> = {},
): Promise<T> {
  const dialect = dialectOf(knex);
  if (dialect !== postgresDialect || count <= 1)
    return withSession(knex, session => fn([session]), options);
  const connections: any[] = [];
  try {
    for (let i = 0; i < count; i += 1)
      connections.push(await knex.client.acquireConnection());
    const [first, ...rest] = connections;
    await first.query(
      'BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
    const { rows } = await first.query('SELECT pg_export_snapshot() AS s');
    const snapshot = String(rows[0].s);
    if (!/^[0-9A-F-]+$/i.test(snapshot))
      throw new Error(`unexpected snapshot id ${snapshot}`);
    for (const c of rest) {
      await c.query(
        'BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY',
      );
      await c.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
    }
    const settings = sessionSettings(options);
    for (const c of connections)
      for (const setting of settings) await c.query(setting);
    return await fn(connections.map(c => postgresSession(c)));
  } finally {
    for (const c of connections) {
      await c.query('ROLLBACK').catch(() => {});
      await knex.client.releaseConnection(c);
    }
  }
}
