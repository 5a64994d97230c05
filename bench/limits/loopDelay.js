#!/usr/bin/env node
/*
 * Event-loop delay of the modelops input guards alone (issue 9 item 9): an express app with the
 * same JSON guards as /api/modelops/drift (shipped limits), in this process with
 * perf_hooks.monitorEventLoopDelay; the hostile bodies are sent by curl from a separate process,
 * so the client's own work is not measured. Complements run.js (health latency of the whole
 * backend, which on a loaded machine also measures CPU contention).
 *
 *   node bench/limits/loopDelay.js
 */
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const { execFileSync, spawn } = require('node:child_process');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { root } = require('../lib/benchBackend');

require(require.resolve('@backstage/cli/config/nodeTransform.cjs', {
  paths: [root],
}));
const express = require(require.resolve('express', {
  paths: [path.join(root, 'plugins/modelops-backend')],
}));
const { guardedJsonBodies, DEFAULT_JSON_SHAPE } = require(path.join(
  root,
  'plugins/modelops-backend/src/service/inputGuards.ts',
));

const maxRows = 100_000;
const maxFeatures = 500;
const shape = {
  maxDepth: DEFAULT_JSON_SHAPE.maxDepth,
  maxObjectKeys: Math.max(100, maxFeatures),
  maxArrayItems: Math.max(maxRows, 200_000),
  arrayItemsAt: {
    rows: { max: maxRows, message: 'too many rows' },
    'columns.*': { max: maxRows, message: 'too many rows' },
    'report.features': { max: maxFeatures, message: 'too many features' },
    'profile.features': { max: maxFeatures, message: 'too many features' },
  },
};
const feature = i => ({
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
});
const CASES = [
  [
    '10^6 columns (13 MB)',
    () => {
      const c = {};
      for (let i = 0; i < 1_000_000; i++) c[`c${i}`] = [i % 10];
      return JSON.stringify({ runId: 'x', columns: c });
    },
  ],
  [
    'report with 200,000 features (38 MB)',
    () =>
      JSON.stringify({
        runId: 'x',
        report: {
          features: Array.from({ length: 200_000 }, (_, i) => feature(i)),
          driftShare: 0,
          datasetDrift: false,
        },
      }),
  ],
  [
    'JSON nested 100,000 deep',
    () => `{"runId":"x","report":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
  ],
  [
    'column of 3,000,000 values (6 MB)',
    () =>
      JSON.stringify({
        runId: 'x',
        columns: { a: Array.from({ length: 3_000_000 }, (_, i) => i % 10) },
      }),
  ],
  [
    'body over the 50 MB limit (56 MB)',
    () =>
      JSON.stringify({
        runId: 'x',
        columns: { a: Array.from({ length: 7_000_000 }, () => 1234567) },
      }),
  ],
  [
    'valid: 10,000 rows x 10 columns (0.3 MB, parsed)',
    () =>
      JSON.stringify({
        runId: 'x',
        columns: Object.fromEntries(
          Array.from({ length: 10 }, (_, f) => [
            `f${f}`,
            Array.from({ length: 10_000 }, (_, i) => (i * (f + 1)) % 97),
          ]),
        ),
      }),
  ],
];

async function main() {
  const app = express();
  app.use(
    guardedJsonBodies([{ prefix: '/drift/', limit: '50mb', shape }], {
      limit: '100kb',
      shape: DEFAULT_JSON_SHAPE,
    }),
  );
  app.post('/drift/runs', (req, res) =>
    res.json({ ok: true, keys: Object.keys(req.body).length }),
  );
  app.use((err, _req, res, _next) =>
    res.status(err.status ?? 400).json({ message: err.message }),
  );
  const server = app.listen(0);
  await new Promise(r => server.once('listening', r));
  const url = `http://127.0.0.1:${server.address().port}/drift/runs`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'modelops-loop-'));
  console.log(`load: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
  for (const [label, build] of CASES) {
    const file = path.join(tmp, 'body.json');
    fs.writeFileSync(file, build());
    const size = fs.statSync(file).size;
    global.gc?.();
    await new Promise(r => setTimeout(r, 300));
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    const out = await new Promise(resolve => {
      const c = spawn('curl', [
        '-s',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code} %{time_total}',
        '-H',
        'Content-Type: application/json',
        '--data-binary',
        `@${file}`,
        url,
      ]);
      let text = '';
      c.stdout.on('data', d => (text += d));
      c.on('close', () => resolve(text));
    });
    await new Promise(r => setTimeout(r, 100));
    h.disable();
    const [status, seconds] = out.split(' ');
    console.log(
      `${label} [${(size / 1e6).toFixed(1)} MB]: ${status} after ${(
        Number(seconds) * 1000
      ).toFixed(0)} ms (curl); server event-loop delay p50 ${(
        h.percentile(50) / 1e6
      ).toFixed(1)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms, max ${(
        h.max / 1e6
      ).toFixed(1)} ms`,
    );
  }
  console.log(`load: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
  server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
