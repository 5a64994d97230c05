/*
 * `--db`: a PostgreSQL URL (postgres:// or postgresql://) or a SQLite file (sqlite:<path> or a
 * path). Connections are read-only; the password of a URL never appears in a message.
 */
import fs from 'node:fs';
import knexFactory, { Knex } from 'knex';
import { DatabaseInputError } from '@modelops/plugin-modelops-node';

/** What `--db` names. */
export type DatabaseTarget =
  | { kind: 'postgres'; url: string }
  | { kind: 'sqlite'; filename: string };

/** Parses `--db`. */
export function parseDatabaseTarget(db: string): DatabaseTarget {
  const value = db.trim();
  if (/^postgres(ql)?:\/\//i.test(value))
    return { kind: 'postgres', url: value };
  if (/^sqlite:/i.test(value)) {
    const filename = value.replace(/^sqlite:(\/\/)?/i, '');
    if (!filename)
      throw new DatabaseInputError(
        '--db sqlite: needs a file path, e.g. --db sqlite:./data.db',
      );
    return { kind: 'sqlite', filename };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new DatabaseInputError(
      `--db: unsupported database ${redactConnection(
        value,
      )}; use a postgres:// or postgresql:// URL, sqlite:<path> or the path of a SQLite file`,
    );
  }
  return { kind: 'sqlite', filename: value };
}

function passwordsOf(db: string): string[] {
  try {
    const url = new URL(db);
    if (!url.password) return [];
    return [url.password, decodeURIComponent(url.password)];
  } catch {
    const m = /^[a-z][a-z0-9+.-]*:\/\/[^:/@]*:([^@]*)@/i.exec(db);
    return m && m[1] ? [m[1]] : [];
  }
}

/** The connection string with its password replaced by ***. */
export function redactConnection(db: string): string {
  let out = db;
  for (const p of passwordsOf(db)) out = out.split(p).join('***');
  return out;
}

/** Removes the password of `db` from any text (error messages of drivers). */
export function scrubPassword(text: string, db: string): string {
  let out = text;
  for (const p of passwordsOf(db)) if (p) out = out.split(p).join('***');
  return out;
}

// knex would print driver errors with their stack traces; the CLI reports them itself.
const quiet = {
  warn() {},
  error() {},
  deprecate() {},
  debug() {},
};

/** Opens `--db` read-only and checks that it answers. */
export async function openDatabase(
  db: string,
  options: { connections?: number } = {},
): Promise<Knex> {
  const max = Math.max(1, options.connections ?? 1);
  const target = parseDatabaseTarget(db);
  let knex: Knex;
  if (target.kind === 'postgres') {
    knex = knexFactory({
      client: 'pg',
      connection: target.url,
      pool: { min: 0, max },
      log: quiet,
    });
  } else {
    if (!fs.existsSync(target.filename)) {
      throw new DatabaseInputError(
        `--db: no SQLite file ${target.filename}; check the path (postgres:// or postgresql:// URLs are PostgreSQL)`,
      );
    }
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: target.filename, options: { readonly: true } },
      useNullAsDefault: true,
      pool: { min: 0, max: 1 },
      log: quiet,
    });
  }
  try {
    await knex.raw('SELECT 1');
  } catch (e: any) {
    await knex.destroy().catch(() => {});
    throw new DatabaseInputError(
      `--db: cannot connect to ${redactConnection(db)}: ${scrubPassword(
        String(e?.message ?? e),
        db,
      )}`,
    );
  }
  return knex;
}
