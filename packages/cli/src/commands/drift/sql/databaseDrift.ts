/*
 * The `--db` side of `modelops drift` and `modelops drift profile`: checks the flags, opens the
 * database read-only, runs the pushdown and closes it. Every failure is a DatabaseInputError
 * whose message names the flag and never holds the connection's password.
 */
import { createHash } from 'node:crypto';
import { Command } from 'commander';
import {
  DatasetDriftResult,
  ReferenceProfile,
} from '@modelops/plugin-modelops-common';
import { openDatabase, redactConnection, scrubPassword } from './connection';
import {
  buildProfileInDatabase,
  computeDriftInDatabase,
  DatabaseDriftOptions,
  DatabaseInputError,
  DatabaseProfileOptions,
  EcdfPlan,
  SqlSession,
  withSession,
  withSessions,
} from '@modelops/plugin-modelops-node';
import { checkSourceFlags, resolveSideSource } from './sources';

/** The database flags of `modelops drift` / `modelops drift profile`. */
export interface DatabaseFlags {
  db?: string;
  referenceSql?: string;
  referenceTable?: string;
  referenceWhere?: string;
  currentSql?: string;
  currentTable?: string;
  currentWhere?: string;
  where?: string;
  /** `--db-connections`: PostgreSQL sessions computing columns in parallel (default 2). */
  dbConnections?: string;
  /** `--db-work-mem`: PostgreSQL work_mem of those sessions (e.g. 256MB). */
  dbWorkMem?: string;
  /** `--db-parallel-workers`: PostgreSQL parallel workers per query of those sessions. */
  dbParallelWorkers?: string;
  /** `--db-plan`: how the sorted pass per numeric column runs (auto, sorted, grouped). */
  dbPlan?: string;
}

/** Default `--db-connections`: two sessions, the CPUs of a small database server. */
export const DEFAULT_DB_CONNECTIONS = 2;

/** `--db-connections`, `--db-work-mem` and `--db-parallel-workers`, checked. */
export function sessionFlags(flags: DatabaseFlags): {
  connections: number;
  workMem?: string;
  parallelWorkers?: number;
  ecdfPlan?: EcdfPlan;
} {
  let connections = DEFAULT_DB_CONNECTIONS;
  if (flags.dbConnections !== undefined) {
    connections = Number(flags.dbConnections);
    if (!Number.isInteger(connections) || connections < 1 || connections > 16)
      throw new DatabaseInputError(
        `--db-connections must be a whole number from 1 to 16 (got ${flags.dbConnections})`,
      );
  }
  if (
    flags.dbWorkMem !== undefined &&
    !/^\d{1,7}(kB|MB|GB)$/.test(flags.dbWorkMem)
  )
    throw new DatabaseInputError(
      `--db-work-mem must be a size such as 64MB or 1GB (got ${flags.dbWorkMem})`,
    );
  // Several sessions: each one CPU of the server (parallel workers would compete with them).
  let parallelWorkers: number | undefined = connections > 1 ? 0 : undefined;
  if (flags.dbParallelWorkers !== undefined) {
    parallelWorkers = Number(flags.dbParallelWorkers);
    if (!/^\d{1,2}$/.test(flags.dbParallelWorkers) || parallelWorkers > 64)
      throw new DatabaseInputError(
        `--db-parallel-workers must be a whole number from 0 to 64 (got ${flags.dbParallelWorkers})`,
      );
  }
  const plan = flags.dbPlan;
  if (plan !== undefined && !['auto', 'sorted', 'grouped'].includes(plan))
    throw new DatabaseInputError(
      `--db-plan must be auto, sorted or grouped (got ${plan})`,
    );
  return {
    connections,
    workMem: flags.dbWorkMem,
    parallelWorkers,
    ecdfPlan: plan as EcdfPlan | undefined,
  };
}

const SOURCE_FLAGS: [keyof DatabaseFlags, string][] = [
  ['referenceSql', '--reference-sql'],
  ['referenceTable', '--reference-table'],
  ['referenceWhere', '--reference-where'],
  ['currentSql', '--current-sql'],
  ['currentTable', '--current-table'],
  ['currentWhere', '--current-where'],
  ['where', '--where'],
];

/** The database-source flags given (for "needs --db" messages). */
export function givenSourceFlags(flags: DatabaseFlags): string[] {
  return SOURCE_FLAGS.filter(([k]) => flags[k] !== undefined).map(([, f]) => f);
}

/** Problems with the combination of database flags; `current` false for profiles. */
export function databaseFlagProblems(
  flags: DatabaseFlags,
  current: boolean,
): string[] {
  const problems = checkSourceFlags({
    reference: {
      sql: flags.referenceSql,
      table: flags.referenceTable,
      where: flags.referenceWhere,
    },
    current: current
      ? {
          sql: flags.currentSql,
          table: flags.currentTable,
          where: flags.currentWhere,
        }
      : undefined,
    where: flags.where,
  });
  if (!current) {
    for (const f of ['currentSql', 'currentTable', 'currentWhere'] as const) {
      if (flags[f] !== undefined)
        problems.push(
          `${
            SOURCE_FLAGS.find(([k]) => k === f)![1]
          } has no use in drift profile (a profile is of the reference only)`,
        );
    }
  }
  return problems;
}

async function inDatabase<T>(
  db: string,
  fn: (knex: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>,
  connections = 1,
): Promise<T> {
  let knex;
  try {
    knex = await openDatabase(db, { connections });
  } catch (e: any) {
    if (e instanceof DatabaseInputError) throw e;
    throw new DatabaseInputError(
      `--db: cannot open ${redactConnection(db)}: ${scrubPassword(
        String(e?.message ?? e),
        db,
      )}`,
    );
  }
  try {
    return await fn(knex);
  } catch (e: any) {
    const message = scrubPassword(String(e?.message ?? e), db);
    throw new DatabaseInputError(
      e instanceof DatabaseInputError ? message : `--db: ${message}`,
    );
  } finally {
    await knex.destroy().catch(() => {});
  }
}

/** The reference side from --reference-sql / --reference-table (+ --reference-where, --where). */
function resolveReference(session: SqlSession, flags: DatabaseFlags) {
  return resolveSideSource(
    session,
    'reference',
    {
      sql: flags.referenceSql,
      table: flags.referenceTable,
      where: flags.referenceWhere,
    },
    flags.where,
  );
}

/** Runs the drift pushdown for the command line. */
export async function driftFromDatabase(
  flags: DatabaseFlags & { db: string },
  options: DatabaseDriftOptions,
): Promise<{ result: DatasetDriftResult; runIdSeed: string }> {
  const { connections, workMem, parallelWorkers, ecdfPlan } =
    sessionFlags(flags);
  return inDatabase(
    flags.db,
    knex =>
      withSessions(
        knex,
        connections,
        async sessions => {
          const [session] = sessions;
          const reference = await resolveReference(session, flags);
          const current = await resolveSideSource(
            session,
            'current',
            {
              sql: flags.currentSql,
              table: flags.currentTable,
              where: flags.currentWhere,
            },
            flags.where,
          );
          const result = await computeDriftInDatabase(
            sessions,
            reference,
            current,
            { ...options, ecdfPlan: ecdfPlan ?? options.ecdfPlan },
          );
          return {
            result,
            runIdSeed: [
              redactConnection(flags.db),
              reference.select,
              current.select,
            ].join('\0'),
          };
        },
        { workMem, parallelWorkers },
      ),
    connections,
  );
}

/** Builds a reference profile in the database for the command line. */
export async function profileFromDatabase(
  flags: DatabaseFlags & { db: string },
  options: DatabaseProfileOptions,
): Promise<ReferenceProfile> {
  // One session: a profile is built once per reference. Its parallel workers stay the server's
  // unless --db-parallel-workers says otherwise.
  const checked = sessionFlags(flags);
  const { ecdfPlan, workMem } = checked;
  const parallelWorkers =
    flags.dbParallelWorkers === undefined ? undefined : checked.parallelWorkers;
  return inDatabase(flags.db, knex =>
    withSession(
      knex,
      async session => {
        const reference = await resolveReference(session, flags);
        return buildProfileInDatabase(session, reference, {
          ...options,
          ecdfPlan: ecdfPlan ?? options.ecdfPlan,
        });
      },
      { workMem, parallelWorkers },
    ),
  );
}

/**
 * Default run id of a database run: a hash of the connection (without password), both SELECTs
 * and the report, so pushing the same window of the same data again records nothing new.
 */
export function databaseRunId(
  seed: string,
  result: DatasetDriftResult,
): string {
  const hash = createHash('sha256');
  hash.update(seed);
  hash.update('\0');
  hash.update(JSON.stringify(result));
  return `cli-db-${hash.digest('hex').slice(0, 20)}`;
}

/** Adds the database flags shared by `modelops drift` and `modelops drift profile`. */
export function addDatabaseOptions(
  command: Command,
  current: boolean,
): Command {
  command
    .option(
      '--db <connection>',
      'compute inside a database: postgresql://user:password@host:5432/db, or sqlite:<file> (password also from PGPASSWORD)',
    )
    .option(
      '--reference-sql <select>',
      'with --db: the reference rows, a SELECT (run as a subquery, read-only)',
    )
    .option(
      '--reference-table <name>',
      'with --db: the reference table or view (schema.table)',
    )
    .option(
      '--reference-where <condition>',
      'with --reference-table: SQL condition on its rows',
    );
  if (current) {
    command
      .option(
        '--current-sql <select>',
        'with --db: the current rows, a SELECT with the same columns',
      )
      .option('--current-table <name>', 'with --db: the current table or view')
      .option(
        '--current-where <condition>',
        'with --current-table: SQL condition on its rows',
      );
  }
  command
    .option(
      '--db-connections <n>',
      `with a PostgreSQL --db: sessions computing the columns in parallel, on one snapshot (default ${DEFAULT_DB_CONNECTIONS})`,
    )
    .option(
      '--db-work-mem <size>',
      "with a PostgreSQL --db: work_mem of those sessions' sorts, e.g. 256MB (default: the server's)",
    )
    .option(
      '--db-plan <plan>',
      "with --db: how each numeric column is sorted: auto (the planner's estimate of distinct values chooses), sorted (every row) or grouped (by value first; fast for few distinct values). Same result (default auto)",
    )
    .option(
      '--db-parallel-workers <n>',
      "with a PostgreSQL --db: parallel workers per query (default: 0 with several --db-connections, the server's setting with one)",
    );
  return command.option(
    '--where <condition>',
    current
      ? 'with --reference-table / --current-table: SQL condition applied to both tables'
      : 'with --reference-table: SQL condition on its rows',
  );
}
