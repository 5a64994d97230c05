#!/usr/bin/env node
/*
 * Over-limit bodies must be refused without stalling other requests (issue 9 item 9).
 *
 * Starts the example backend (packages/backend) on :7028 against SQLite or PostgreSQL with the
 * shipped drift limits, then for each hostile body below: polls GET /api/modelops/health every
 * 20 ms, sends the body to POST /api/modelops/drift/models/default/customer-segmentation/runs,
 * keeps polling 300 ms after the answer, and reports the answer, its time, the largest health
 * latency while it was handled, and the backend's peak RSS. A quiet baseline is measured first.
 *
 *   node bench/limits/run.js --db sqlite|postgres
 *
 * Target: max health latency under 200 ms for every case.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const { waitFor, benchDatabase, startBackend } = require('../lib/benchBackend');

const args = require('../lib/benchBackend').benchArgs();
const db = args.db ?? 'sqlite';
const base = 'http://localhost:7028';
const token = 'modelops-bench-token';
const runsUrl = `${base}/api/modelops/drift/models/default/customer-segmentation/runs`;
const headers = {
  Authorization: `Bearer ${token}`,
  'Content-Type': 'application/json',
};

function feature(i) {
  return {
    name: `f${i}`,
    kind: 'numeric',
    status: 'ok',
    nReference: 100,
    nCurrent: 100,
    missingReference: 0,
    missingCurrent: 0,
    metrics: {},
    method: 'ks',
    value: 0.5,
    threshold: 0.05,
    drift: false,
  };
}

/** The hostile bodies, built lazily (some are tens of MB). */
const CASES = [
  [
    '10^6 columns (13 MB)',
    () => {
      const cols = {};
      for (let i = 0; i < 1_000_000; i++) cols[`c${i}`] = [i % 10];
      return JSON.stringify({ runId: 'limits-cols', columns: cols });
    },
  ],
  [
    'report with 200,000 features (36 MB)',
    () =>
      JSON.stringify({
        runId: 'limits-report',
        report: {
          features: Array.from({ length: 200_000 }, (_, i) => feature(i)),
          driftShare: 0,
          datasetDrift: false,
        },
      }),
  ],
  [
    'JSON nested 100,000 deep',
    () =>
      `{"runId":"limits-deep","report":${'['.repeat(100_000)}${']'.repeat(
        100_000,
      )}}`,
  ],
  [
    'column of 3,000,000 values (6 MB)',
    () =>
      JSON.stringify({
        runId: 'limits-long',
        columns: { a: Array.from({ length: 3_000_000 }, (_, i) => i % 10) },
      }),
  ],
  [
    'body over maxBodySize (56 MB)',
    () =>
      JSON.stringify({
        runId: 'limits-big',
        columns: { a: Array.from({ length: 7_000_000 }, () => 1234567) },
      }),
  ],
];

/** pid of the process listening on the backend port (to read its RSS), or undefined. */
function backendPid() {
  try {
    const out = execFileSync('ss', ['-ltnpH', 'sport = :7028'], {
      encoding: 'utf8',
    });
    return Number(/pid=(\d+)/.exec(out)?.[1]) || undefined;
  } catch {
    return undefined;
  }
}

/*
 * The poller runs in a worker thread: the main thread builds and sends tens of MB of JSON, which
 * would otherwise delay the polls and be measured as server latency.
 */
const POLLER = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { url, token, pid } = workerData;
const rssMb = () => { try { return Number(/VmRSS:\\s+(\\d+)/.exec(fs.readFileSync('/proc/' + pid + '/status', 'utf8'))[1]) / 1024; } catch { return NaN; } };
const latencies = [];
let peakRss = rssMb();
const inflight = new Set();
const timer = setInterval(() => {
  const r = rssMb();
  if (r > peakRss || Number.isNaN(peakRss)) peakRss = r;
  const s = process.hrtime.bigint();
  const p = fetch(url, { headers: { Authorization: 'Bearer ' + token } })
    .then(res => res.arrayBuffer())
    .then(() => latencies.push(Number(process.hrtime.bigint() - s) / 1e6))
    .catch(() => latencies.push(Infinity))
    .finally(() => inflight.delete(p));
  inflight.add(p);
}, 20);
parentPort.on('message', async () => {
  clearInterval(timer);
  await Promise.all([...inflight]);
  parentPort.postMessage({ latencies, peakRss });
});
`;

/** Polls health every 20 ms from a worker thread; the returned function stops and summarises. */
function startPolling(pid) {
  const worker = new Worker(POLLER, {
    eval: true,
    workerData: { url: `${base}/api/modelops/health`, token, pid },
  });
  return () =>
    new Promise(resolve => {
      worker.once('message', ({ latencies, peakRss }) => {
        worker.terminate();
        latencies.sort((a, b) => a - b);
        const at = q =>
          latencies[
            Math.min(latencies.length - 1, Math.floor(q * latencies.length))
          ];
        resolve({
          polls: latencies.length,
          max: latencies[latencies.length - 1],
          p50: at(0.5),
          p99: at(0.99),
          peakRss,
        });
      });
      worker.postMessage('stop');
    });
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'modelops-limits-'));
  const { database, drop } = await benchDatabase(db, tmp, 'modelops_limits');
  const cfg = path.join(tmp, 'db.yaml');
  fs.writeFileSync(
    cfg,
    JSON.stringify({
      backend: {
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
    ['../../app-config.yaml', '../../bench/limits/app-config.bench.yaml', cfg],
    logFile,
  );
  try {
    await waitFor(
      async () => (await fetch(`${base}/api/modelops/health`, { headers })).ok,
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
    const pid = backendPid();
    console.log(`backend up (${db}, pid ${pid ?? '?'}); log: ${logFile}`);
    console.log(`load: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);

    const quiet = startPolling(pid);
    await new Promise(r => setTimeout(r, 2000));
    const q = await quiet();
    console.log(
      `baseline (no request): ${q.polls} polls, health p50 ${q.p50.toFixed(
        1,
      )} ms, p99 ${q.p99.toFixed(1)} ms, max ${q.max.toFixed(
        1,
      )} ms, RSS ${q.peakRss.toFixed(0)} MB`,
    );

    let worst = 0;
    for (const [label, build] of CASES) {
      const body = build();
      const poll = startPolling(pid);
      await new Promise(r => setTimeout(r, 200));
      const s = Date.now();
      const res = await fetch(runsUrl, { method: 'POST', headers, body });
      const answer = await res.json().catch(() => ({}));
      const took = Date.now() - s;
      await new Promise(r => setTimeout(r, 300));
      const h = await poll();
      worst = Math.max(worst, h.max);
      console.log(
        `${label} [${(body.length / 1e6).toFixed(1)} MB]: ${
          res.status
        } in ${took} ms "${String(answer?.error?.message ?? '').slice(
          0,
          90,
        )}"; ` +
          `health during: ${h.polls} polls, p50 ${h.p50.toFixed(
            1,
          )} ms, p99 ${h.p99.toFixed(1)} ms, max ${h.max.toFixed(
            1,
          )} ms; peak RSS ${h.peakRss.toFixed(0)} MB`,
      );
    }
    console.log(`load: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
    console.log(
      `worst health latency over all cases: ${worst.toFixed(
        1,
      )} ms (target < 200 ms): ${worst < 200 ? 'PASS' : 'FAIL'}`,
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
