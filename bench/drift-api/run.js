#!/usr/bin/env node
/*
 * Drift API benchmark (issue 4). Starts the example backend (catalog with the example models) on
 * :7127 (--port) against SQLite or PostgreSQL, then:
 *   1. sets a 10,000-row x 10-feature reference for model:default/customer-segmentation,
 *   2. submits N windows (default 1,000) of 10,000 rows x 10 features, spread over 90 days,
 *      as raw columns evaluated server-side (concurrency 4), timing each request,
 *   3. reads the model's 90-day history (all features) with 50 concurrent readers for 20 s
 *      (autocannon) and reports p50/p99 latency.
 *
 *   node bench/drift-api/run.js --db sqlite|postgres [--windows 1000] [--rows 10000] [--duration 20] [--port 7127]
 *
 * Every figure is printed with the machine's load average (os.loadavg, as uptime shows it).
 *
 * PostgreSQL: MODELOPS_BENCH_PG (default postgresql://postgres@127.0.0.1:5432/postgres); a fresh
 * database modelops_bench_<timestamp> is created and dropped.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const autocannon = require('autocannon');
const {
  rng,
  waitFor,
  benchDatabase,
  startBackend,
} = require('../lib/benchBackend');

const args = require('../lib/benchBackend').benchArgs();
const db = args.db ?? 'sqlite';
const WINDOWS = Number(args.windows ?? 1000);
const ROWS = Number(args.rows ?? 10000);
const DURATION = Number(args.duration ?? 20);
const FEATURES = 10;
const PORT = Number(args.port ?? 7127);
const base = `http://localhost:${PORT}`;
/** A result line, with the load average at the time it was measured. */
const report = (...parts) => console.log(...parts, `[${load()}]`);
/** The 1/5/15-minute load averages, as `uptime` prints them. */
const load = require('../lib/benchBackend').loadAverage;
// A random token per run (never a well-known value), given to the benchmark's own backend only,
// in its temporary config file; unrestricted because the benchmark reads the catalog and modelops.
const token = require('node:crypto').randomBytes(24).toString('base64url');
const model = `${base}/api/modelops/drift/models/default/customer-segmentation`;
const headers = {
  Authorization: `Bearer ${token}`,
  'Content-Type': 'application/json',
};

function gauss(r) {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}
/** 10 features: 7 numeric, 3 categorical; `shift` moves the distributions. */
function columns(n, seed, shift = 0) {
  const r = rng(seed);
  const cols = {};
  for (let f = 0; f < 7; f++) {
    cols[`num_${f}`] = Array.from(
      { length: n },
      () => Math.round((gauss(r) * (1 + f) + f * 10 + shift) * 1000) / 1000,
    );
  }
  const cats = ['a', 'b', 'c', 'd', 'e'];
  for (let f = 0; f < FEATURES - 7; f++) {
    cols[`cat_${f}`] = Array.from(
      { length: n },
      () => cats[Math.min(4, Math.floor(r() * (5 - (shift > 0 ? 1 : 0))))],
    );
  }
  return cols;
}
function pct(sorted, p) {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}
async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'modelops-bench-'));
  const { database, drop } = await benchDatabase(db, tmp, 'modelops_bench');
  const cfg = path.join(tmp, 'db.yaml');
  fs.writeFileSync(
    cfg,
    JSON.stringify({
      backend: {
        baseUrl: base,
        listen: { port: PORT },
        cors: { origin: base },
        database,
        auth: {
          externalAccess: [
            { type: 'static', options: { token, subject: 'bench' } },
          ],
        },
      },
    }),
  );

  const logFile = path.join(tmp, 'backend.log');
  const stop = startBackend(
    [
      '../../app-config.yaml',
      '../../bench/drift-api/app-config.bench.yaml',
      cfg,
    ],
    logFile,
  );
  try {
    await waitFor(
      async () => (await fetch(`${base}/api/modelops/health`)).ok,
      'the backend',
    );
    await waitFor(
      async () =>
        (
          await fetch(
            `${base}/api/catalog/entities/by-name/model/default/customer-segmentation`,
            { headers },
          )
        ).ok,
      'the catalog to ingest the example models',
    );
    console.log(`backend up (${db}); log: ${logFile}`);

    const ref = await fetch(`${model}/references`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ columns: columns(ROWS, 1) }),
    });
    if (!ref.ok)
      throw new Error(`reference: ${ref.status} ${await ref.text()}`);

    const now = Date.now();
    const span = 90 * 24 * 3600 * 1000;
    const latencies = [];
    let next = 0;
    const t0 = Date.now();
    async function worker() {
      for (;;) {
        const i = next++;
        if (i >= WINDOWS) return;
        const windowEnd = new Date(
          now - span + ((i + 1) * span) / WINDOWS,
        ).toISOString();
        const body = JSON.stringify({
          runId: `bench-${i}`,
          windowEnd,
          columns: columns(ROWS, 1000 + i, i > WINDOWS * 0.8 ? 0.5 : 0),
        });
        const s = process.hrtime.bigint();
        const res = await fetch(`${model}/runs`, {
          method: 'POST',
          headers,
          body,
        });
        latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
        if (res.status !== 201 && res.status !== 200)
          throw new Error(`run ${i}: ${res.status} ${await res.text()}`);
      }
    }
    await Promise.all([worker(), worker(), worker(), worker()]);
    const submitSeconds = (Date.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    report(
      `submit: ${WINDOWS} windows of ${ROWS} rows x ${FEATURES} features in ${submitSeconds.toFixed(
        1,
      )} s (${(WINDOWS / submitSeconds).toFixed(
        1,
      )} windows/s); request p50 ${pct(latencies, 50).toFixed(0)} ms, p99 ${pct(
        latencies,
        99,
      ).toFixed(0)} ms`,
    );

    const from = new Date(now - span).toISOString();
    // The entity page asks for the chart history from the start of a UTC day (a stable URL).
    const DAY = 24 * 3600 * 1000;
    const fromDay = new Date(
      Math.floor((now - span) / DAY) * DAY,
    ).toISOString();
    const seriesUrl = `${model}/history/series?from=${encodeURIComponent(
      fromDay,
    )}`;
    const points = body =>
      body.items
        ? `${body.items.length} points`
        : `${body.series.length} series, ${body.series.reduce(
            (n, x) => n + x.windows,
            0,
          )} windows sent as ${body.series.reduce(
            (n, x) => n + x.time.length,
            0,
          )} points`;
    for (const [label, url, extraHeaders] of [
      [
        '90-day history (paged route), all features',
        `${model}/history?from=${encodeURIComponent(from)}`,
      ],
      [
        '90-day history (paged route), one feature',
        `${model}/history?feature=num_0&from=${encodeURIComponent(from)}`,
      ],
      ['90-day chart history (series), all features', seriesUrl],
      [
        '90-day chart history (series), one feature',
        `${seriesUrl}&feature=num_0`,
      ],
    ]) {
      const first = await fetch(url, { headers });
      const check = await first.json();
      const etag = first.headers.get('etag');
      for (const [what, h] of [
        ['', {}],
        ...(etag
          ? [[' — revisit with If-None-Match', { 'If-None-Match': etag }]]
          : []),
      ]) {
        const result = await autocannon({
          url,
          connections: 50,
          duration: DURATION,
          headers: { Authorization: `Bearer ${token}`, ...h, ...extraHeaders },
        });
        report(
          `${label}${what} (${points(check)}; ${(
            JSON.stringify(check).length / 1024
          ).toFixed(0)} KiB), 50 concurrent readers, ${DURATION} s: ${
            result.requests.total
          } requests, ${result['2xx']} 2xx, ${result['3xx']} 3xx, ${
            result.non2xx - result['3xx']
          } errors, p50 ${result.latency.p50} ms, p99 ${
            result.latency.p99
          } ms, ${result.requests.average.toFixed(0)} req/s`,
        );
      }
    }
    // Cache misses: each request a query the server has not computed yet (another maxPoints),
    // one client at a time, so this is the cost of reading + down-sampling + serialising.
    for (const [label, extra] of [
      ['all features', ''],
      ['one feature', '&feature=num_0'],
    ]) {
      const times = [];
      for (let k = 0; k < 15; k++) {
        const s0 = process.hrtime.bigint();
        const res = await fetch(`${seriesUrl}${extra}&maxPoints=${400 + k}`, {
          headers,
        });
        await res.arrayBuffer();
        times.push(Number(process.hrtime.bigint() - s0) / 1e6);
      }
      times.sort((a, b) => a - b);
      report(
        `chart history (series), ${label}, cache miss, one client: p50 ${pct(
          times,
          50,
        ).toFixed(0)} ms, max ${times[times.length - 1].toFixed(0)} ms`,
      );
    }
    const statusUrl = `${model}/status`;
    const status = await autocannon({
      url: statusUrl,
      connections: 50,
      duration: Math.max(5, DURATION / 2),
      headers: { Authorization: `Bearer ${token}` },
    });
    report(
      `read latest status, 50 concurrent readers: p50 ${
        status.latency.p50
      } ms, p99 ${status.latency.p99} ms, ${status.requests.average.toFixed(
        0,
      )} req/s`,
    );
  } finally {
    stop();
    await new Promise(r => setTimeout(r, 2000));
    await drop();
  }
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
