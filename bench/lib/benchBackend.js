/*
 * Shared plumbing of the HTTP benchmarks: a seeded PRNG, polling, a fresh database (SQLite or
 * PostgreSQL) and starting the example backend from sources without the CLI's file watcher.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Polls `fn` until it returns truthy (errors count as not yet). */
async function waitFor(fn, what, timeoutMs = 180000, intervalMs = 500) {
  const start = Date.now();
  for (;;) {
    try {
      if (await fn()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, intervalMs));
  }
}

/**
 * A fresh database for the backend: SQLite files in `tmpDir`, or a new PostgreSQL database on
 * MODELOPS_BENCH_PG (default the local server). Returns the `backend.database` config and `drop()`.
 */
async function benchDatabase(db, tmpDir, prefix) {
  if (db !== 'postgres') {
    return {
      database: { client: 'better-sqlite3', connection: { directory: tmpDir } },
      drop: async () => {},
    };
  }
  const { Client } = require('pg');
  const conn =
    process.env.MODELOPS_BENCH_PG ??
    'postgresql://postgres@127.0.0.1:5432/postgres';
  const name = `${prefix}_${Date.now()}`;
  const admin = new Client({ connectionString: conn });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(conn);
  return {
    database: {
      client: 'pg',
      connection: {
        host: u.hostname,
        port: Number(u.port || 5432),
        user: decodeURIComponent(u.username),
        password: decodeURIComponent(u.password) || undefined,
        database: name,
      },
      pluginDivisionMode: 'schema',
    },
    drop: async () => {
      const c = new Client({ connectionString: conn });
      await c.connect();
      await c
        .query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        .catch(e => console.error(e.message));
      await c.end();
    },
  };
}

/**
 * Starts the example backend (packages/backend) from sources with the given config files (paths
 * relative to packages/backend or absolute), logging to `logFile`. Returns `stop()` (with the
 * process id as `stop.pid`). `nodeArgs` go before the script, e.g. `['--cpu-prof']` (default: the
 * space-separated `BENCH_NODE_ARGS` environment variable).
 */
function startBackend(
  configFiles,
  logFile,
  {
    // BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles any benchmark's backend
    nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
  } = {},
) {
  const backend = spawn(
    process.execPath,
    [
      ...nodeArgs,
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs', {
        paths: [root],
      }),
      'src/index.ts',
      ...configFiles.flatMap(f => ['--config', f]),
    ],
    {
      cwd: path.join(root, 'packages/backend'),
      detached: true,
      stdio: ['ignore', fs.openSync(logFile, 'w'), fs.openSync(logFile, 'a')],
    },
  );
  const stop = () => {
    try {
      process.kill(-backend.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  process.on('exit', stop);
  stop.pid = backend.pid;
  stop.exited = new Promise(resolve => backend.once('exit', resolve));
  return stop;
}

/**
 * The `--name value` options of a benchmark's command line, by name; a flag without a value (the
 * last argument, or one followed by another `--option`) is `'true'`.
 */
function benchArgs(argv = process.argv.slice(2)) {
  const args = {};
  argv.forEach((a, i) => {
    if (!a.startsWith('--')) return;
    const next = argv[i + 1];
    args[a.slice(2)] =
      next === undefined || next.startsWith('--') ? 'true' : next;
  });
  return args;
}

/** The machine's load averages (1, 5, 15 minutes) as uptime prints them: `load 1.23 0.98 0.75`. */
function loadAverage() {
  return `load ${require('node:os')
    .loadavg()
    .map(l => l.toFixed(2))
    .join(' ')}`;
}

module.exports = {
  root,
  rng,
  waitFor,
  benchDatabase,
  startBackend,
  benchArgs,
  loadAverage,
};
