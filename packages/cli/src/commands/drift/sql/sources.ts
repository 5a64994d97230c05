/*
 * The two sides of a database drift run, from the command line: `--reference-sql` (a SELECT,
 * used only as a subquery) or `--reference-table` (looked up in the catalog and quoted as the
 * catalog spells it) with optional `--where` / `--reference-where`; the same for the current side.
 */
import {
  asSubquery,
  SqlSession,
  SqlSource,
  tableSource,
} from '@modelops/plugin-modelops-node';

/** The flags of one side. */
export interface SideFlags {
  sql?: string;
  table?: string;
  /** Condition for this side's table (`--reference-where` / `--current-where`). */
  where?: string;
}

/** Flags of the database sources. */
export interface DatabaseSourceFlags {
  reference: SideFlags;
  current?: SideFlags;
  /** Condition applied to both tables (`--where`). */
  where?: string;
}

/**
 * Checks the combination of flags (before connecting); returns problems as messages naming the
 * flag.
 */
export function checkSourceFlags(flags: DatabaseSourceFlags): string[] {
  const problems: string[] = [];
  const sides: [string, SideFlags | undefined][] = [
    ['reference', flags.reference],
    ['current', flags.current],
  ];
  for (const [name, side] of sides) {
    if (!side) continue;
    if (side.sql !== undefined && side.table !== undefined)
      problems.push(
        `--${name}-sql and --${name}-table are alternatives; give one of them`,
      );
    else if (side.sql === undefined && side.table === undefined)
      problems.push(
        `--db needs --${name}-sql "<SELECT …>" or --${name}-table <name>`,
      );
    else if (side.sql !== undefined && asSubquery(side.sql) === '')
      problems.push(`--${name}-sql is empty; give a SELECT`);
    if (side.where !== undefined && side.table === undefined)
      problems.push(
        `--${name}-where applies to --${name}-table; put the condition into --${name}-sql instead`,
      );
  }
  if (
    flags.where !== undefined &&
    flags.reference.table === undefined &&
    flags.current?.table === undefined
  ) {
    problems.push(
      '--where applies to --reference-table / --current-table; put the condition into the SQL instead',
    );
  }
  return problems;
}

/** Builds one side's SqlSource, resolving a table name through the catalog. */
export async function resolveSideSource(
  session: SqlSession,
  name: 'reference' | 'current',
  side: SideFlags,
  where?: string,
): Promise<SqlSource> {
  if (side.sql !== undefined) {
    return { select: asSubquery(side.sql), flag: `--${name}-sql` };
  }
  const flag = [
    `--${name}-table`,
    ...(where ? ['--where'] : []),
    ...(side.where ? [`--${name}-where`] : []),
  ].join(' / ');
  return tableSource(session, side.table!, {
    tableFlag: `--${name}-table`,
    flag,
    conditions: [where, side.where],
  });
}
