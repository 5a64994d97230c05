#!/usr/bin/env node
/*
 * Drift inside the database vs export + CLI (issue 14 item 4).
 *
 *   node bench/drift-sql/run.js [--rows 10000000] [--keep] [--variants 1,2,2:256MB]
 *
 * Creates (or reuses, with --keep) the PostgreSQL database modelops_bench_drift_<rows> with a table
 * of <rows> rows x 10 double columns (normal, exponential, tied, integer, uniform, lognormal, wide,
 * 1 % NULL; the current half shifted in three columns). Reference = even ids, current = odd ids.
 * Then, through a counting TCP proxy in front of PostgreSQL (bytes from the database to the client):
 *   A. pushdown:     modelops drift --db postgresql://…@proxy/… --reference-sql … --current-sql … --format json
 *   B. export + CLI: psql \copy of both halves to CSV, then modelops drift --reference ref.csv --current cur.csv --format json
 * and reports wall time, bytes transferred and the CLI's peak RSS (/usr/bin/time %M), each with the
 * load average at that moment, and the largest relative difference between the two reports.
 *
 * MODELOPS_BENCH_PG: server URL (default postgresql://postgres@127.0.0.1:5432/postgres).
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const ROWS = Number(arg('rows', 10000000));
const KEEP = args.includes('--keep');
// --variants 1,2,2:256MB,2::sorted: pushdown runs with --db-connections N [--db-work-mem SIZE]
// [--db-plan PLAN] each
// (default: one run with the CLI's defaults).
const VARIANTS = (arg('variants', '') || '')
  .split(',')
  .filter(Boolean)
  .map(v => {
    const [connections, workMem, plan] = v.split(':');
    return { connections, workMem, plan };
  });
const BASE = new URL(
  process.env.MODELOPS_BENCH_PG ??
    'postgresql://postgres@127.0.0.1:5432/postgres',
);
const DB = `modelops_bench_drift_${ROWS}`;
const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'packages/cli/bin/modelops');
const load = () =>
  os
    .loadavg()
    .map(l => l.toFixed(2))
    .join(' ');
const log = line => process.stdout.write(`${line}   [load ${load()}]\n`);

function psql(db, sql, port = BASE.port || 5432) {
  return execFileSync(
    'psql',
    [
      '-h',
      BASE.hostname,
      '-p',
      String(port),
      '-U',
      decodeURIComponent(BASE.username),
      '-d',
      db,
      '-v',
      'ON_ERROR_STOP=1',
      '-Atc',
      sql,
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, PGPASSWORD: decodeURIComponent(BASE.password) },
    },
  ).trim();
}

const COLUMNS = [
  // name, SQL for the reference, SQL for the current half (shifted where drift is wanted)
  ['normal', 'n1', 'n1 + 0.05'],
  ['expo', '-ln(1 - u1)', '-ln(1 - u1) * 1.1'],
  ['tied', 'round(n2 * 10) / 10', 'round(n2 * 10) / 10'],
  ['small_int', 'floor(u2 * 100)', 'floor(u2 * 100)'],
  ['uniform', 'u3', 'u3'],
  ['lognormal', 'exp(n3)', 'exp(n3 + 0.02)'],
  ['wide', 'n4 * 1e6', 'n4 * 1e6'],
  [
    'with_nulls',
    'CASE WHEN u4 < 0.01 THEN NULL ELSE n5 END',
    'CASE WHEN u4 < 0.01 THEN NULL ELSE n5 END',
  ],
  ['skewed', 'u5 * u5', 'u5 * u5'],
  [
    'mixture',
    'CASE WHEN u6 < 0.3 THEN n6 - 3 ELSE n6 + 1 END',
    'CASE WHEN u6 < 0.35 THEN n6 - 3 ELSE n6 + 1 END',
  ],
];
const NAMES = COLUMNS.map(c => c[0]);

function setup() {
  const exists = psql(
    'postgres',
    `SELECT 1 FROM pg_database WHERE datname = '${DB}'`,
  );
  if (exists && KEEP) {
    const n = Number(psql(DB, 'SELECT count(*) FROM bench_rows'));
    if (n === ROWS) return log(`reusing ${DB} (${ROWS} rows)`);
  }
  if (exists) psql('postgres', `DROP DATABASE ${DB}`);
  psql('postgres', `CREATE DATABASE ${DB}`);
  const t0 = Date.now();
  const normal = i => `sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())`;
  psql(DB, `SELECT setseed(0.14)`);
  psql(
    DB,
    `CREATE TABLE bench_rows AS
     SELECT id, ${COLUMNS.map(
       ([name, ref, cur]) =>
         `CAST(CASE WHEN id % 2 = 0 THEN ${ref} ELSE ${cur} END AS double precision) AS ${name}`,
     ).join(', ')}
     FROM (SELECT g AS id, ${[1, 2, 3, 4, 5, 6]
       .map(i => `${normal(i)} AS n${i}`)
       .join(', ')},
                  ${[1, 2, 3, 4, 5, 6].map(i => `random() AS u${i}`).join(', ')}
             FROM generate_series(1, ${ROWS}) AS g) AS s`,
  );
  psql(DB, 'VACUUM ANALYZE bench_rows');
  log(
    `created ${DB}: ${ROWS} rows x ${COLUMNS.length} columns in ${(
      (Date.now() - t0) /
      1000
    ).toFixed(1)} s, ${psql(
      DB,
      "SELECT pg_size_pretty(pg_total_relation_size('bench_rows'))",
    )}`,
  );
}

/** A TCP proxy to PostgreSQL that counts the bytes the server sends to the client. */
function startProxy() {
  let bytes = 0;
  const server = net.createServer(client => {
    const upstream = net.connect(Number(BASE.port || 5432), BASE.hostname);
    client.pipe(upstream);
    upstream.on('data', d => (bytes += d.length));
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  return new Promise(resolve =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: server.address().port,
        take: () => {
          const b = bytes;
          bytes = 0;
          return b;
        },
        close: () => server.close(),
      }),
    ),
  );
}

/** Runs a command under /usr/bin/time; resolves wall seconds and peak RSS (MB) of the process tree's largest process. */
function timed(cmd, cmdArgs, stdoutFile) {
  return new Promise((resolve, reject) => {
    const timeFile = path.join(
      os.tmpdir(),
      `modelops-bench-time-${process.pid}`,
    );
    const t0 = process.hrtime.bigint();
    const out = stdoutFile ? fs.openSync(stdoutFile, 'w') : 'ignore';
    const child = spawn(
      '/usr/bin/time',
      ['-o', timeFile, '-f', '%M', cmd, ...cmdArgs],
      {
        stdio: ['ignore', out, 'pipe'],
        env: { ...process.env, PGPASSWORD: decodeURIComponent(BASE.password) },
      },
    );
    let stderr = '';
    child.stderr.on('data', d => (stderr += d));
    child.on('close', code => {
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      const rssKb = Number(
        fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop(),
      );
      if (code !== 0 && code !== 1)
        return reject(new Error(`${cmd} exited ${code}: ${stderr}`));
      resolve({ wall, rssMb: rssKb / 1024 });
    });
  });
}

function maxRelativeDifference(a, b, worst = { diff: 0, where: '' }, p = '$') {
  if (typeof a === 'number' && typeof b === 'number') {
    const d =
      a === b
        ? 0
        : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
    if (d > worst.diff) Object.assign(worst, { diff: d, where: p });
  } else if (a && typeof a === 'object') {
    for (const k of Object.keys(a))
      maxRelativeDifference(a[k], b?.[k], worst, `${p}.${k}`);
  } else if (a !== b)
    Object.assign(worst, { diff: Infinity, where: `${p} (${a} vs ${b})` });
  return worst;
}

async function main() {
  log(
    `drift-sql bench: ${ROWS} rows (reference = even ids, current = odd ids) x ${
      COLUMNS.length
    } numeric columns, ${os.cpus().length} cores, PostgreSQL ${psql(
      'postgres',
      'SHOW server_version',
    )}, work_mem ${psql('postgres', 'SHOW work_mem')}`,
  );
  setup();
  const proxy = await startProxy();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelops-drift-sql-'));
  const select = where =>
    `SELECT ${NAMES.join(', ')} FROM bench_rows WHERE ${where}`;
  const dbUrl = new URL(BASE);
  dbUrl.port = String(proxy.port);
  dbUrl.pathname = `/${DB}`;
  try {
    // A. pushdown (one run per variant; the last one's report is compared with B)
    for (const v of VARIANTS.length ? VARIANTS : [{}]) {
      const flags = [
        ...(v.connections ? ['--db-connections', v.connections] : []),
        ...(v.workMem ? ['--db-work-mem', v.workMem] : []),
        ...(v.plan ? ['--db-plan', v.plan] : []),
      ];
      proxy.take();
      const a = await timed(
        process.execPath,
        [
          CLI,
          'drift',
          '--db',
          dbUrl.toString(),
          '--reference-sql',
          select('id % 2 = 0'),
          '--current-sql',
          select('id % 2 = 1'),
          '--format',
          'json',
          ...flags,
        ],
        path.join(dir, 'pushdown.json'),
      );
      const aBytes = proxy.take();
      log(
        `A pushdown${
          flags.length ? ` (${flags.join(' ')})` : ''
        }: wall ${a.wall.toFixed(1)} s, ${(aBytes / 1024).toFixed(
          1,
        )} KiB from the database, CLI peak RSS ${a.rssMb.toFixed(0)} MB`,
      );
    }
    // B. export + CLI
    const exportSide = (file, where) =>
      timed('psql', [
        '-h',
        '127.0.0.1',
        '-p',
        String(proxy.port),
        '-U',
        decodeURIComponent(BASE.username),
        '-d',
        DB,
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        `\\copy (${select(where)}) TO '${file}' WITH (FORMAT csv, HEADER)`,
      ]);
    const e1 = await exportSide(path.join(dir, 'ref.csv'), 'id % 2 = 0');
    const e2 = await exportSide(path.join(dir, 'cur.csv'), 'id % 2 = 1');
    const bBytes = proxy.take();
    const csvBytes =
      fs.statSync(path.join(dir, 'ref.csv')).size +
      fs.statSync(path.join(dir, 'cur.csv')).size;
    log(
      `B1 export:      wall ${(e1.wall + e2.wall).toFixed(1)} s, ${(
        bBytes / 1048576
      ).toFixed(1)} MiB from the database (CSV files ${(
        csvBytes / 1048576
      ).toFixed(1)} MiB)`,
    );
    const b = await timed(
      process.execPath,
      [
        CLI,
        'drift',
        '--reference',
        path.join(dir, 'ref.csv'),
        '--current',
        path.join(dir, 'cur.csv'),
        '--format',
        'json',
      ],
      path.join(dir, 'csv.json'),
    );
    log(
      `B2 CLI on CSV:  wall ${b.wall.toFixed(
        1,
      )} s, CLI peak RSS ${b.rssMb.toFixed(0)} MB`,
    );
    log(`B export + CLI: wall ${(e1.wall + e2.wall + b.wall).toFixed(1)} s`);
    const worst = maxRelativeDifference(
      JSON.parse(fs.readFileSync(path.join(dir, 'pushdown.json'), 'utf8')),
      JSON.parse(fs.readFileSync(path.join(dir, 'csv.json'), 'utf8')),
    );
    log(
      `largest relative difference between the two reports: ${worst.diff.toExponential(
        2,
      )} at ${worst.where || '-'}`,
    );
  } finally {
    proxy.close();
    fs.rmSync(dir, { recursive: true, force: true });
    if (!KEEP) psql('postgres', `DROP DATABASE ${DB}`);
  }
}

main().catch(e => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
