#!/usr/bin/env node
/*
 * Two backend replicas on one PostgreSQL database (issue 13 item 4).
 *
 * Starts the example backend twice (ports 7181 and 7182; this benchmark's range is 7180-7199) on
 * the same fresh PostgreSQL database (MODELOPS_BENCH_PG, default the local server; dropped at the
 * end) and checks what a deployment with several replicas relies on:
 *   (a) the scheduled scorecard snapshot (every --interval seconds here) runs once per interval
 *       across the replicas, not once per replica (Backstage's scheduler takes a lock in the
 *       database), and every scheduled task of the backend is registered once in the shared tasks
 *       tables;
 *   (b) 100 concurrent approval decisions spread over both replicas leave every request in one
 *       valid state (no double decision, nothing after a close, the accepted decisions are the
 *       stored ones) and the audit chain verifies on both replicas;
 *   (c) the same drift run id submitted to both replicas at the same moment is stored once;
 *   (d) throughput of the organisation scorecard roll-up and of the drift status with one replica
 *       vs round-robin over two (autocannon, 50 connections, --duration seconds each), with the
 *       load average (os.loadavg, as uptime shows it).
 * Last, replica 1 is stopped and replica 2 must take the next snapshots (failover of the lock).
 * Prints PASS/FAIL for (a)-(c) and the figures of (d); exits 1 when a check fails. The backends
 * are killed and the database dropped at the end, also on failure.
 *
 *   node bench/replicas/run.js [--duration 20] [--interval 10] [--skip-throughput true]
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const {
  root,
  rng,
  waitFor,
  benchDatabase,
  startBackend,
} = require('../lib/benchBackend');

const args = require('../lib/benchBackend').benchArgs();
const DURATION = Number(args.duration ?? 20);
const INTERVAL = Number(args.interval ?? 10);
const PORTS = [7181, 7182];
const bases = PORTS.map(p => `http://localhost:${p}`);
const load = require('../lib/benchBackend').loadAverage;
// A random service token per run, given to the benchmark's own backends only.
const token = randomBytes(24).toString('base64url');
const service = { Authorization: `Bearer ${token}` };

const results = [];
function check(label, ok, detail) {
  results.push({ label, ok });
  console.log(`${ok ? 'PASS' : 'FAIL'} ${label}: ${detail}`);
}

async function json(res, what) {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/** A Backstage token for a listed example user, through the development sign-in. */
async function userToken(base, user) {
  const res = await fetch(`${base}/api/auth/modelops-dev/refresh`, {
    headers: {
      'x-modelops-dev-user': user,
      'X-Requested-With': 'XMLHttpRequest',
    },
  });
  return (await json(res, `sign-in of ${user}`)).backstageIdentity.token;
}

/** (a) Scheduled snapshots: batches in the shared table, and which replica took each. */
async function checkSchedule(knex, logFiles, since) {
  const waitS = Math.max(6 * INTERVAL, 60);
  console.log(
    `(a) both replicas up; waiting ${waitS} s for scheduled snapshots (interval ${INTERVAL} s) [${load()}]`,
  );
  await new Promise(r => setTimeout(r, waitS * 1000));
  const until = new Date();
  const batches = await knex('modelops_scorecard_snapshot_batches')
    .where('trigger', 'schedule')
    .andWhere('taken_at', '>=', since)
    .orderBy('taken_at');
  const times = batches.map(b => new Date(b.taken_at).getTime());
  const gaps = times.slice(1).map((t, i) => (t - times[i]) / 1000);
  const minGap = gaps.length ? Math.min(...gaps) : NaN;
  const elapsed = (until.getTime() - since.getTime()) / 1000;
  const maxOnce = Math.floor(elapsed / INTERVAL) + 1;
  // Which replica took each one: each logs "Scorecard snapshot <id>".
  const byReplica = logFiles.map(
    f =>
      batches.filter(b =>
        fs.readFileSync(f, 'utf8').includes(`Scorecard snapshot ${b.id}`),
      ).length,
  );
  check(
    '(a) scheduled scorecard snapshot runs once per interval across 2 replicas',
    batches.length >= 2 &&
      batches.length <= maxOnce &&
      minGap >= 0.8 * INTERVAL &&
      byReplica[0] + byReplica[1] === batches.length,
    `${batches.length} snapshots in ${elapsed.toFixed(
      0,
    )} s (at most ${maxOnce} if once per interval, ~${
      2 * (maxOnce - 1)
    } if once per replica); gaps ${gaps
      .map(g => g.toFixed(1))
      .join(', ')} s (min ${minGap.toFixed(1)}); taken by replica 1: ${
      byReplica[0]
    }, replica 2: ${byReplica[1]}`,
  );
  // Every task either replica scheduled, in the shared tasks table of each plugin's schema.
  const schemas = (
    await knex.raw(
      `select table_schema from information_schema.tables where table_name = 'backstage_backend_tasks__tasks' order by 1`,
    )
  ).rows.map(r => r.table_schema);
  const tasks = [];
  for (const schema of schemas) {
    const rows = await knex
      .withSchema(schema)
      .select('id')
      .from('backstage_backend_tasks__tasks');
    tasks.push(...rows.map(r => `${schema}:${r.id}`));
  }
  check(
    '(a) every scheduled task is one row in the shared scheduler tables (one lock per task, not per replica)',
    tasks.includes('modelops:modelops-scorecards-snapshot') &&
      new Set(tasks).size === tasks.length,
    tasks.join(', '),
  );
}

/** (a) When the replica that took the snapshots stops, the other one takes the next ones. */
async function checkFailover(knex, stopFirst, secondLog) {
  stopFirst();
  const since = new Date();
  await new Promise(r => setTimeout(r, 4 * INTERVAL * 1000));
  const batches = await knex('modelops_scorecard_snapshot_batches')
    .where('trigger', 'schedule')
    .andWhere('taken_at', '>=', since);
  const log = fs.readFileSync(secondLog, 'utf8');
  const bySecond = batches.filter(b =>
    log.includes(`Scorecard snapshot ${b.id}`),
  ).length;
  check(
    '(a) replica 1 stopped: replica 2 takes the scheduled snapshots',
    bySecond >= 2 && bySecond === batches.length,
    `${batches.length} snapshots in the ${
      4 * INTERVAL
    } s after replica 1 stopped, ${bySecond} by replica 2`,
  );
}

/** (b) 100 concurrent decisions over both replicas. */
async function checkDecisions() {
  const users = [
    'priya.raman',
    'fatima.haddad',
    'james.oconnor',
    'grace.liu',
    'noah.klein',
    'ines.moreau',
  ];
  const tokens = {};
  for (const [i, u] of users.entries())
    tokens[u] = await userToken(bases[i % 2], u);
  const auth = u => ({
    Authorization: `Bearer ${tokens[u]}`,
    'Content-Type': 'application/json',
  });
  // One request per high- and medium-risk example model, half created on each replica.
  const models = [
    'credit-default-scorer',
    'credit-policy-rules',
    'loss-given-default-estimator',
    'customer-churn-emea',
    'customer-churn-global',
    'next-best-offer-ranker',
    'support-assistant-llm',
    'support-base-llm',
  ];
  const requests = [];
  for (const [i, name] of models.entries()) {
    const entity = await json(
      await fetch(
        `${bases[i % 2]}/api/catalog/entities/by-name/model/default/${name}`,
        { headers: service },
      ),
      `catalog ${name}`,
    );
    const versions = entity.spec.versions ?? [];
    // A version not in production yet (models without one are skipped).
    const version = versions.find(
      v => v.stage !== 'production' && v.stage !== 'archived',
    );
    if (!version) continue;
    const created = await json(
      await fetch(`${bases[i % 2]}/api/modelops/approvals/requests`, {
        method: 'POST',
        headers: auth('priya.raman'),
        body: JSON.stringify({
          modelRef: `model:default/${name}`,
          modelVersion: version.version,
          toStage: 'production',
          justification:
            'replica benchmark: concurrent decisions on two replicas',
        }),
      }),
      `request for ${name}`,
    );
    requests.push(created.id);
  }
  // 100 decisions: every (request, approver) pair two or three times, on alternating replicas,
  // 30% rejections (seeded), all fired at once.
  const deciders = users.slice(1);
  const random = rng(4);
  const pairs = requests.flatMap(id => deciders.map(u => ({ id, u })));
  const plan = Array.from({ length: 100 }, (_, i) => {
    const pass = Math.floor(i / pairs.length);
    return {
      ...pairs[i % pairs.length],
      base: bases[(i + pass) % 2],
      decision: random() < 0.3 ? 'reject' : 'approve',
    };
  });
  const t0 = Date.now();
  const answers = await Promise.all(
    plan.map(async p => {
      const res = await fetch(
        `${p.base}/api/modelops/approvals/requests/${p.id}/decisions`,
        {
          method: 'POST',
          headers: auth(p.u),
          body: JSON.stringify({
            decision: p.decision,
            comment:
              p.decision === 'reject'
                ? 'replica benchmark rejection'
                : undefined,
          }),
        },
      );
      await res.text();
      return { ...p, status: res.status };
    }),
  );
  const ms = Date.now() - t0;
  const statusCounts = {};
  for (const a of answers)
    statusCounts[a.status] = (statusCounts[a.status] ?? 0) + 1;
  const problems = [];
  if (answers.some(a => ![201, 403, 409].includes(a.status)))
    problems.push('a status other than 201/403/409');
  const states = {};
  let stored = 0;
  for (const id of requests) {
    // Read each request from both replicas: they must agree.
    const [r1, r2] = await Promise.all(
      bases.map(async b =>
        json(
          await fetch(`${b}/api/modelops/approvals/requests/${id}`, {
            headers: auth('priya.raman'),
          }),
          `request ${id}`,
        ),
      ),
    );
    if (
      JSON.stringify(r1.decisions) !== JSON.stringify(r2.decisions) ||
      r1.state !== r2.state
    )
      problems.push(`${id}: the replicas disagree`);
    const r = r1;
    states[r.state] = (states[r.state] ?? 0) + 1;
    const ds = r.decisions;
    stored += ds.length;
    const accepted = answers.filter(a => a.id === id && a.status === 201);
    if (accepted.length !== ds.length)
      problems.push(`${id}: ${accepted.length} accepted, ${ds.length} stored`);
    if (new Set(ds.map(d => d.decider)).size !== ds.length)
      problems.push(`${id}: one decider twice`);
    const rejects = ds.filter(d => d.decision === 'reject');
    const needed = r.requirements.reduce((n, q) => n + q.count, 0);
    const byReq = {};
    for (const d of ds.filter(x => x.decision === 'approve'))
      byReq[d.requirementId] = (byReq[d.requirementId] ?? 0) + 1;
    const overfilled = r.requirements.some(q => (byReq[q.id] ?? 0) > q.count);
    if (overfilled) problems.push(`${id}: a role filled beyond its count`);
    if (r.state === 'rejected') {
      if (rejects.length !== 1 || ds[ds.length - 1].decision !== 'reject')
        problems.push(
          `${id}: rejected but ${rejects.length} rejections / not last`,
        );
    } else if (r.state === 'approved') {
      if (rejects.length || ds.length !== needed)
        problems.push(
          `${id}: approved with ${ds.length}/${needed} decisions, ${rejects.length} rejections`,
        );
    } else if (r.state === 'pending') {
      if (rejects.length || ds.length >= needed)
        problems.push(`${id}: pending with ${ds.length}/${needed} decisions`);
    } else problems.push(`${id}: unexpected state ${r.state}`);
  }
  const verify = await Promise.all(
    bases.map(async b =>
      json(
        await fetch(`${b}/api/modelops/approvals/audit/verify`, {
          headers: auth('priya.raman'),
        }),
        'audit verify',
      ),
    ),
  );
  for (const [i, v] of verify.entries())
    if (!v.valid || (v.stateMismatches ?? []).length)
      problems.push(`replica ${i + 1}: audit chain ${JSON.stringify(v)}`);
  check(
    '(b) 100 concurrent decisions over 2 replicas: one valid transition set, audit chain verifies',
    problems.length === 0,
    `${requests.length} requests, 100 decisions in ${ms} ms: ${JSON.stringify(
      statusCounts,
    )}; ${stored} decisions stored; final states ${JSON.stringify(
      states,
    )}; audit verify on both replicas: valid=${verify
      .map(v => v.valid)
      .join('/')}, ${verify[0].checked} events, same head ${
      verify[0].headHash === verify[1].headHash
    }${problems.length ? `; problems: ${problems.join('; ')}` : ''}`,
  );
}

/** (c) The same drift run id on both replicas at once, 20 times. */
async function checkDriftRuns(knex) {
  const api = b =>
    `${b}/api/modelops/drift/models/default/customer-segmentation`;
  const headers = { ...service, 'Content-Type': 'application/json' };
  const random = rng(7);
  const rows = n =>
    Array.from({ length: n }, () => ({
      income: Math.round(30000 + random() * 60000),
      tenure: Math.round(random() * 120),
      region: ['north', 'south', 'east', 'west'][Math.floor(random() * 4)],
    }));
  await json(
    await fetch(`${api(bases[0])}/references`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ rows: rows(500) }),
    }),
    'reference',
  );
  const RUNS = 20;
  const outcomes = [];
  for (let i = 0; i < RUNS; i++) {
    const body = JSON.stringify({
      runId: `replicas-${i}`,
      windowStart: new Date(Date.UTC(2026, 10, 1 + i)).toISOString(),
      windowEnd: new Date(Date.UTC(2026, 10, 2 + i)).toISOString(),
      rows: rows(200),
    });
    const answers = await Promise.all(
      bases.map(async b => {
        const res = await fetch(`${api(b)}/runs`, {
          method: 'POST',
          headers,
          body,
        });
        const j = await res.json().catch(() => ({}));
        return { status: res.status, created: j.created };
      }),
    );
    outcomes.push(answers);
  }
  const rowsStored = await knex('modelops_drift_runs')
    .where('entity_ref', 'model:default/customer-segmentation')
    .whereIn(
      'run_id',
      Array.from({ length: RUNS }, (_, i) => `replicas-${i}`),
    )
    .select('run_id');
  const perRun = {};
  for (const r of rowsStored) perRun[r.run_id] = (perRun[r.run_id] ?? 0) + 1;
  const oneCreated = outcomes.every(
    a =>
      a.filter(x => x.status === 201).length === 1 &&
      a.filter(x => x.status === 200 && x.created === false).length === 1,
  );
  const listed = await json(
    await fetch(`${api(bases[1])}/runs?limit=100`, { headers: service }),
    'runs',
  );
  const listedCount = (listed.items ?? listed.runs ?? listed).filter?.(r =>
    String(r.runId).startsWith('replicas-'),
  ).length;
  const statuses = {};
  for (const x of outcomes.flat())
    statuses[x.status] = (statuses[x.status] ?? 0) + 1;
  check(
    '(c) the same drift run id submitted to both replicas at once is stored once',
    oneCreated &&
      rowsStored.length === RUNS &&
      Object.values(perRun).every(n => n === 1),
    `${RUNS} run ids x 2 replicas: answers ${JSON.stringify(
      statuses,
    )} (one 201 + one 200 created:false per run id: ${oneCreated}); rows in modelops_drift_runs: ${
      rowsStored.length
    } for ${
      Object.keys(perRun).length
    } run ids; listed by GET /runs: ${listedCount}`,
  );
}

/** (d) One replica vs round-robin over two. */
async function throughput() {
  const autocannon = require(require.resolve('autocannon', { paths: [root] }));
  const targets = [
    [
      'organisation scorecard roll-up (GET /scorecards/teams/default/acme)',
      '/api/modelops/scorecards/teams/default/acme',
    ],
    ['drift status (GET /drift/status)', '/api/modelops/drift/status'],
  ];
  for (const [label, p] of targets) {
    // Warm both replicas' caches first.
    for (const b of bases) await fetch(`${b}${p}`, { headers: service });
    for (const [shape, url] of [
      ['1 replica ', `${bases[0]}${p}`],
      ['2 replicas', bases.map(b => `${b}${p}`)],
    ]) {
      const r = await autocannon({
        url,
        connections: 50,
        duration: DURATION,
        headers: service,
      });
      console.log(
        `(d) ${label}, ${shape}, 50 connections, ${DURATION} s: ${
          r.requests.total
        } requests, ${r.non2xx} non-2xx, ${r.errors} errors, p50 ${
          r.latency.p50
        } ms, p99 ${r.latency.p99} ms, ${r.requests.average.toFixed(
          0,
        )} req/s [${load()}]`,
      );
    }
  }
}

async function main() {
  process.env.NODE_ENV = 'development'; // the development sign-in (example users) needs it
  console.log(
    `machine: ${os.cpus().length} x ${os.cpus()[0]?.model}, Node ${
      process.version
    } [${load()}]`,
  );
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'modelops-replicas-'));
  const { database, drop } = await benchDatabase(
    'postgres',
    tmp,
    'modelops_replicas',
  );
  const stops = [];
  let knex;
  try {
    const logFiles = [];
    for (const [i, port] of PORTS.entries()) {
      const base = bases[i];
      const cfg = path.join(tmp, `replica-${i + 1}.yaml`);
      fs.writeFileSync(
        cfg,
        JSON.stringify({
          app: { baseUrl: base },
          backend: {
            baseUrl: base,
            listen: { port },
            cors: { origin: base },
            database,
            auth: {
              externalAccess: [
                { type: 'static', options: { token, subject: 'bench' } },
              ],
            },
          },
          modelops: {
            exampleData: { seedDrift: false, seedScorecardHistory: false },
            scorecards: {
              snapshots: {
                schedule: {
                  frequency: { seconds: INTERVAL },
                  timeout: { seconds: 60 },
                  initialDelay: { seconds: 1 },
                },
              },
            },
          },
        }),
      );
      logFiles.push(path.join(tmp, `replica-${i + 1}.log`));
      // One after the other, as a rolling deployment does: started at the same moment on an
      // empty database, one of them stops with the catalog's "Migration table is already locked"
      // (knex's migration lock) and needs a restart (docs/deployment.md).
      stops.push(startBackend(['../../app-config.yaml', cfg], logFiles[i]));
      await waitFor(
        async () => (await fetch(`${base}/api/modelops/health`)).ok,
        `the backend on ${base}`,
      );
    }
    console.log(`replicas on ${bases.join(' and ')}; logs in ${tmp}`);
    const since = new Date();
    // The example catalog, ingested by the replicas (both process the same database).
    await Promise.all(
      bases.map(b =>
        waitFor(
          async () =>
            (
              await fetch(
                `${b}/api/catalog/entities/by-name/model/default/support-base-llm`,
                { headers: service },
              )
            ).ok &&
            (
              await fetch(
                `${b}/api/catalog/entities/by-name/user/default/grace.liu`,
                { headers: service },
              )
            ).ok,
          `the catalog on ${b}`,
        ),
      ),
    );
    const knexLib = require(require.resolve('knex', { paths: [root] }));
    knex = knexLib({
      client: 'pg',
      connection: database.connection,
      searchPath: ['modelops'],
    });
    await checkDecisions();
    await checkDriftRuns(knex);
    await checkSchedule(knex, logFiles, since);
    if (args['skip-throughput'] !== 'true') await throughput();
    await checkFailover(knex, stops[0], logFiles[1]);
  } finally {
    await knex?.destroy();
    for (const stop of stops) stop();
    await Promise.all(
      stops.map(s =>
        Promise.race([s.exited, new Promise(r => setTimeout(r, 10000))]),
      ),
    );
    await drop();
  }
  const failed = results.filter(r => !r.ok);
  console.log(
    failed.length
      ? `FAILED: ${failed.map(f => f.label).join('; ')}`
      : `all ${results.length} checks passed`,
  );
  return failed.length === 0;
}

main().then(
  ok => process.exit(ok ? 0 : 1),
  e => {
    console.error(e);
    process.exit(1);
  },
);
