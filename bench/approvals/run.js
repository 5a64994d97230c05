#!/usr/bin/env node
/*
 * Approvals list benchmark (issue 13 item 1): GET /api/modelops/approvals/requests, cursor-paged.
 *
 * Starts the example backend on :7141 (--port; ports 7140-7159 are the benchmarks') against
 * SQLite or PostgreSQL, seeds --requests approval requests (default 5,000, 1-2 decisions each, the
 * content of a real request) straight into the plugin's tables, then drives the listing with 50
 * concurrent clients (autocannon) for --duration seconds:
 *   1. the first page (default limit 50),
 *   2. pages rotating over a whole walk of the list (every cursor of limit 50),
 *   3. the first page again, as a revisit with If-None-Match (answered 304),
 *   4. the first page of the model filter (one model's requests).
 * Prints bytes per response, p50/p99/max and req/s, each with the machine's load average
 * (os.loadavg, as uptime shows it).
 *
 *   node bench/approvals/run.js [--db sqlite|postgres] [--requests 5000] [--duration 20] [--port 7141]
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomUUID, randomBytes } = require('node:crypto');
const {
  root,
  rng,
  waitFor,
  benchDatabase,
  startBackend,
} = require('../lib/benchBackend');

const args = require('../lib/benchBackend').benchArgs();
const db = args.db ?? 'sqlite';
const REQUESTS = Number(args.requests ?? 5000);
const DURATION = Number(args.duration ?? 20);
const PORT = Number(args.port ?? 7141);
if (PORT < 7140 || PORT > 7159) throw new Error('--port must be in 7140-7159');
const base = `http://localhost:${PORT}`;
const list = `${base}/api/modelops/approvals/requests`;
const load = require('../lib/benchBackend').loadAverage;
// A random token per run, given to the benchmark's own backend only (in its temporary config).
const token = randomBytes(24).toString('base64url');
const headers = { Authorization: `Bearer ${token}` };

const MRM = 'group:default/model-risk-management';
const COMPLIANCE = 'group:default/compliance';

/** The plugin database's knex client, as the backend configured it. */
function pluginKnex(database, tmp) {
  const knex = require(require.resolve('knex', { paths: [root] }));
  if (database.client === 'pg') {
    return knex({
      client: 'pg',
      connection: database.connection,
      searchPath: ['modelops'],
    });
  }
  return knex({
    client: 'better-sqlite3',
    connection: { filename: path.join(tmp, 'modelops.sqlite') },
    useNullAsDefault: true,
  });
}

/** N requests (and their decisions) with the content of real ones, a minute apart, the newest a minute ago. */
async function seed(knex) {
  const random = rng(13);
  // Created over the last REQUESTS minutes: none has expired yet, so the backend's expiry sweep
  // does not change the list (and its ETag) while it is measured.
  const t0 = Date.now() - (REQUESTS + 1) * 60_000;
  const states = ['pending', 'approved', 'rejected', 'cancelled', 'expired'];
  const requests = [];
  const decisions = [];
  for (let i = 0; i < REQUESTS; i++) {
    const id = randomUUID();
    const created = new Date(t0 + i * 60_000);
    const state = states[Math.floor(random() * states.length)];
    requests.push({
      id,
      model_ref: `model:default/model-${i % 200}`,
      model_version: `1.${Math.floor(i / 200)}.${i % 7}`,
      from_stage: 'staging',
      to_stage: 'production',
      requester: `user:default/requester-${i % 40}`,
      justification:
        'AUC +0.006 on the 2026 holdout; calibration within 0.01 on every segment; bias report attached and reviewed by the fairness working group.',
      links: JSON.stringify([
        { url: `https://mlflow.example/runs/${id}`, title: 'evaluation' },
        { url: `https://reports.example/bias/${id}`, title: 'bias report' },
      ]),
      owner_ref: `group:default/team-${i % 25}`,
      risk_tier: 'high',
      policy_id: 'high-production',
      requirements: JSON.stringify([
        {
          id: 'model-risk',
          title: 'Model Risk Management',
          groups: [MRM],
          count: 1,
        },
        {
          id: 'compliance',
          title: 'Compliance',
          groups: [COMPLIANCE],
          count: 1,
        },
      ]),
      allow_owner_approval: false,
      state,
      revision: state === 'pending' ? 0 : 1,
      created_at: created,
      expires_at: new Date(created.getTime() + 14 * 86_400_000),
      closed_at:
        state === 'pending' ? null : new Date(created.getTime() + 3_600_000),
      promoted_at: null,
    });
    const n = state === 'pending' ? 1 : 2;
    for (let d = 0; d < n; d++) {
      decisions.push({
        id: randomUUID(),
        request_id: id,
        decider: `user:default/approver-${(i + d) % 30}`,
        decision: state === 'rejected' && d === 1 ? 'reject' : 'approve',
        requirement_id: d === 0 ? 'model-risk' : 'compliance',
        eligible_requirement_ids: JSON.stringify(
          d === 0 ? ['model-risk'] : ['compliance'],
        ),
        comment: d === 0 ? 'validation report reviewed' : null,
        created_at: new Date(created.getTime() + (d + 1) * 600_000),
      });
    }
  }
  for (let i = 0; i < requests.length; i += 200)
    await knex('modelops_approval_requests').insert(requests.slice(i, i + 200));
  for (let i = 0; i < decisions.length; i += 200)
    await knex('modelops_approval_decisions').insert(
      decisions.slice(i, i + 200),
    );
}

async function main() {
  const autocannon = require(require.resolve('autocannon', { paths: [root] }));
  const tmp = fs.mkdtempSync(
    path.join(os.tmpdir(), 'modelops-approvals-bench-'),
  );
  const { database, drop } = await benchDatabase(db, tmp, 'modelops_apbench');
  const cfg = path.join(tmp, 'bench.yaml');
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
      modelops: {
        exampleData: { seedDrift: false },
        scorecards: { snapshots: { enabled: false } },
      },
    }),
  );
  const logFile = path.join(tmp, 'backend.log');
  const stop = startBackend(['../../app-config.yaml', cfg], logFile);
  let knex;
  try {
    await waitFor(
      async () => (await fetch(`${base}/api/modelops/health`)).ok,
      'the backend',
    );
    knex = pluginKnex(database, tmp);
    const s = Date.now();
    await seed(knex);
    console.log(
      `approvals (${db}): seeded ${REQUESTS} requests in ${(
        (Date.now() - s) /
        1000
      ).toFixed(1)} s; log ${logFile} [${load()}]`,
    );

    // One walk of the whole list: every cursor, and a check that each request comes once.
    const cursors = [undefined];
    const seen = new Set();
    let bytes = 0;
    for (;;) {
      const c = cursors[cursors.length - 1];
      const res = await fetch(
        `${list}${c ? `?cursor=${encodeURIComponent(c)}` : ''}`,
        { headers },
      );
      const text = await res.text();
      if (!res.ok) throw new Error(`${res.status} ${text.slice(0, 300)}`);
      bytes += text.length;
      const body = JSON.parse(text);
      for (const r of body.items) seen.add(r.id);
      if (!body.nextCursor) break;
      cursors.push(body.nextCursor);
    }
    if (seen.size !== REQUESTS)
      throw new Error(`walk saw ${seen.size} of ${REQUESTS} requests`);
    console.log(
      `approvals: a walk of the list is ${cursors.length} pages, ${(
        bytes /
        cursors.length /
        1024
      ).toFixed(1)} KiB per page on average, each request once`,
    );

    const etag = (await fetch(list, { headers })).headers.get('etag');
    let i = 0;
    for (const [label, opts] of [
      ['first page (limit 50)', { url: list }],
      [
        `pages rotating over the whole walk (${cursors.length} cursors)`,
        {
          url: base,
          requests: [
            {
              method: 'GET',
              setupRequest: req => {
                const c = cursors[i++ % cursors.length];
                return {
                  ...req,
                  path: `/api/modelops/approvals/requests${
                    c ? `?cursor=${encodeURIComponent(c)}` : ''
                  }`,
                };
              },
            },
          ],
        },
      ],
      [
        'first page, revisit with If-None-Match (304)',
        { url: list, headers: { ...headers, 'If-None-Match': etag } },
      ],
      [
        'first page of one model (modelRef filter)',
        {
          url: `${list}?modelRef=${encodeURIComponent(
            'model:default/model-7',
          )}`,
        },
      ],
    ]) {
      const size = (
        await (
          await fetch(opts.url === base ? list : opts.url, { headers })
        ).text()
      ).length;
      const before = load();
      const result = await autocannon({
        connections: 50,
        duration: DURATION,
        headers,
        ...opts,
      });
      console.log(
        `approvals (${db}): ${label}, ${(size / 1024).toFixed(
          1,
        )} KiB, 50 concurrent clients, ${DURATION} s: ${
          result.requests.total
        } requests (status ${Object.entries(result.statusCodeStats ?? {})
          .map(([code, { count }]) => `${code}: ${count}`)
          .join(', ')}), ${result.errors} errors, p50 ${
          result.latency.p50
        } ms, p99 ${result.latency.p99} ms, max ${
          result.latency.max
        } ms, ${result.requests.average.toFixed(
          0,
        )} req/s [before: ${before}; after: ${load()}]`,
      );
    }
  } finally {
    await knex?.destroy();
    stop();
    await new Promise(r => setTimeout(r, 2000));
    await drop();
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
