/*
 * The two ways to name one side of a database drift run: a SELECT (used only as a subquery) or a
 * table/view looked up in the database's catalog and quoted as the catalog spells it, with
 * optional conditions. Shared by `yarn modelops drift --db` and the backend's scheduled sources.
 */
import { SqlSession } from './dialects';
import { DatabaseInputError, SqlSource } from './pushdown';

/** A SELECT as a subquery: trailing semicolons and whitespace removed. */
export function asSubquery(sql: string): string {
  return sql.trim().replace(/[;\s]+$/, '');
}

/** A side given as a SELECT; `flag` names where it came from in messages. */
export function selectSource(sql: string, flag: string): SqlSource {
  const select = asSubquery(sql);
  if (select === '')
    throw new DatabaseInputError(`${flag} is empty; give a SELECT`);
  return { select, flag };
}

/**
 * A side given as a table or view: looked up in the catalog (never spliced as typed), quoted as
 * the catalog spells it, with each condition in parentheses (AND).
 *
 * @param tableFlag - names the table in messages (e.g. `--reference-table`)
 * @param flag - names the whole side in later messages (e.g. `--reference-table / --where`)
 */
export async function tableSource(
  session: SqlSession,
  table: string,
  options: {
    tableFlag: string;
    flag?: string;
    conditions?: readonly (string | undefined)[];
  },
): Promise<SqlSource> {
  let quoted: string | undefined;
  try {
    quoted = await session.dialect.findTable(session, table);
  } catch (e: any) {
    throw new DatabaseInputError(
      `${options.tableFlag}: cannot look up "${table}" in the catalog: ${
        e?.message ?? e
      }`,
    );
  }
  if (!quoted) {
    throw new DatabaseInputError(
      `${options.tableFlag}: the database has no table or view "${table}"; check the name (schema.table for PostgreSQL)`,
    );
  }
  const conditions = (options.conditions ?? []).filter(
    (c): c is string => c !== undefined && c.trim() !== '',
  );
  return {
    select: `SELECT * FROM ${quoted}${
      conditions.length
        ? ` WHERE ${conditions.map(c => `(${asSubquery(c)})`).join(' AND ')}`
        : ''
    }`,
    flag: options.flag ?? options.tableFlag,
  };
}
