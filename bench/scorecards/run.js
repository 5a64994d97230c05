#!/usr/bin/env node
/*
 * Scorecard benchmark (issue 5): 10,000 models in 500 teams (20 departments, one organisation).
 *   1. engine, in process: evaluate every model with the built-in checks and roll up every team;
 *   2. API: starts the example backend on :7137 (--port; SQLite or PostgreSQL) with the synthetic catalog,
 *      waits for ingestion, times a cold full evaluation (POST /scorecards/snapshots), then drives
 *      the team endpoint (rotating over the 500 teams and 20 departments) and the catalog endpoint
 *      with 50 concurrent clients (autocannon) and reports p50/p99.
 *
 *   node bench/scorecards/run.js [--db sqlite|postgres] [--models 10000] [--teams 500] [--duration 20] [--port 7137] [--engine-only]
 *
 * Every API figure is printed with the machine's load average (os.loadavg, as uptime shows it).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { generateCatalog } = require('./generate');
const { waitFor, benchDatabase, startBackend } = require('../lib/benchBackend');

const root = path.resolve(__dirname, '../..');
require(require.resolve('@backstage/cli/config/nodeTransform.cjs', {
  paths: [root],
}));
const args = require('../lib/benchBackend').benchArgs();
const MODELS = Number(args.models ?? 10000);
const TEAMS = Number(args.teams ?? 500);
const DURATION = Number(args.duration ?? 20);
const db = args.db ?? 'sqlite';
const PORT = Number(args.port ?? 7137);
const base = `http://localhost:${PORT}`;
/** The 1/5/15-minute load averages, as `uptime` prints them. */
const load = require('../lib/benchBackend').loadAverage;
// A random token per run (never a well-known value), given to the benchmark's own backend only,
// in its temporary config file; unrestricted because the benchmark reads the catalog and modelops.
const token = require('node:crypto').randomBytes(24).toString('base64url');
const headers = {
  Authorization: `Bearer ${token}`,
  'Content-Type': 'application/json',
};

function engineBench(catalog) {
  const common = require(path.join(
    root,
    'plugins/modelops-common/src/index.ts',
  ));
  const engine = common.ScorecardEngine.create();
  const now = new Date();
  const groupRefs = new Set(
    catalog.groups.map(g => `group:default/${g.metadata.name}`),
  );
  const t0 = performance.now();
  const results = catalog.models.map(entity => {
    const owner = entity.spec.owner;
    return engine.evaluate({
      entity: {
        ...entity,
        metadata: { namespace: 'default', ...entity.metadata },
      },
      now,
      catalog: {
        owner: { ref: owner, kind: groupRefs.has(owner) ? 'Group' : null },
      },
      drift: { hasReference: false, latestRun: null },
    });
  });
  const t1 = performance.now();
  const hierarchy = new common.GroupHierarchy(
    catalog.groups.map(g => ({
      ref: `group:default/${g.metadata.name}`,
      parent: g.spec.parent ? `group:default/${g.spec.parent}` : null,
    })),
  );
  for (const g of catalog.groups) {
    common.summarizeScorecards(
      common.modelsOfTeam(
        hierarchy,
        `group:default/${g.metadata.name}`,
        results,
      ),
      engine.scorecards,
    );
  }
  const t2 = performance.now();
  const dist = common
    .summarizeScorecards(results, engine.scorecards)
    .map(s => `${s.scorecard} ${s.levels.map(l => l.count).join('/')}`);
  console.log(
    `engine: evaluated ${results.length} models in ${(t1 - t0).toFixed(
      0,
    )} ms (${(((t1 - t0) / results.length) * 1000).toFixed(
      1,
    )} µs/model); rolled up ${catalog.groups.length} groups in ${(
      t2 - t1
    ).toFixed(0)} ms`,
  );
  console.log(`engine: level distribution ${dist.join('; ')}`);
}

async function apiBench(catalog) {
  const autocannon = require('autocannon');
  const yaml = require('yaml');
  const tmp = fs.mkdtempSync(
    path.join(os.tmpdir(), 'modelops-scorecards-bench-'),
  );
  const catalogFile = path.join(tmp, 'catalog.yaml');
  fs.writeFileSync(
    catalogFile,
    [...catalog.groups, ...catalog.models]
      .map(e => yaml.stringify(e))
      .join('---\n'),
  );
  const { database, drop } = await benchDatabase(db, tmp, 'modelops_scbench');
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
      catalog: {
        processingInterval: { minutes: 30 },
        locations: [{ type: 'file', target: catalogFile }],
      },
      modelops: {
        exampleData: { seedDrift: false },
        scorecards: { snapshots: { enabled: false } },
      },
    }),
  );
  const logFile = path.join(tmp, 'backend.log');
  const stop = startBackend(['../../app-config.yaml', cfg], logFile);
  try {
    await waitFor(
      async () => (await fetch(`${base}/api/modelops/health`)).ok,
      'the backend',
    );
    const t0 = Date.now();
    await waitFor(
      async () => {
        const res = await fetch(
          `${base}/api/catalog/entities/by-query?filter=kind=model&limit=1`,
          { headers },
        );
        const body = await res.json();
        return body.totalItems >= MODELS;
      },
      'the catalog to ingest the models',
      900000,
      1000,
    );
    console.log(
      `api (${db}): catalog ingested ${MODELS} models + ${
        catalog.groups.length
      } groups in ${((Date.now() - t0) / 1000).toFixed(0)} s; log ${logFile}`,
    );

    const s = performance.now();
    const snap = await fetch(`${base}/api/modelops/scorecards/snapshots`, {
      method: 'POST',
      headers,
    });
    const batch = await snap.json();
    if (snap.status !== 201)
      throw new Error(`snapshot: ${snap.status} ${JSON.stringify(batch)}`);
    console.log(
      `api: cold full evaluation of ${
        batch.modelCount
      } models (catalog read + facts + engine) ${
        batch.durationMs
      } ms; with snapshot write ${(performance.now() - s).toFixed(
        0,
      )} ms [${load()}]`,
    );

    const teamPaths = [
      ...Array.from(
        { length: TEAMS },
        (_, t) => `/api/modelops/scorecards/teams/default/team-${t}`,
      ),
      ...Array.from(
        { length: 20 },
        (_, d) => `/api/modelops/scorecards/teams/default/dept-${d}`,
      ),
    ];
    let i = 0;
    for (const [label, opts] of [
      [
        'team endpoint (rotating over 500 teams + 20 departments)',
        {
          url: base,
          requests: [
            {
              method: 'GET',
              setupRequest: req => ({
                ...req,
                path: teamPaths[i++ % teamPaths.length],
              }),
            },
          ],
        },
      ],
      [
        'organisation roll-up (bench-org, 10,000 models)',
        { url: `${base}/api/modelops/scorecards/teams/default/bench-org` },
      ],
      [
        // The ETag names one evaluation (it changes when the cache TTL's refresh re-evaluates): the
        // revisit is measured right after the full roll-up, inside the same TTL.
        'organisation roll-up — revisit with If-None-Match',
        {
          url: `${base}/api/modelops/scorecards/teams/default/bench-org`,
          ifNoneMatch: true,
        },
      ],
      [
        'organisation roll-up, includeModels=false (groups + summary, no model rows)',
        {
          url: `${base}/api/modelops/scorecards/teams/default/bench-org?includeModels=false`,
        },
      ],
      [
        "organisation's models, first page of 100 least ready on production readiness (what the Team scorecard page's table reads)",
        {
          url: `${base}/api/modelops/scorecards/teams/default/bench-org/models?sort=production-readiness&limit=100`,
        },
      ],
      [
        "organisation's models at one level, first page of 100 (a bar clicked)",
        {
          url: `${base}/api/modelops/scorecards/teams/default/bench-org/models?scorecard=maturity&level=1&limit=100`,
        },
      ],
      [
        'catalog endpoint (summary + first page of 50 rows)',
        {
          url: `${base}/api/modelops/scorecards/catalog?scorecard=production-readiness`,
        },
      ],
    ]) {
      const { ifNoneMatch, ...target } = opts;
      const etag = ifNoneMatch
        ? (await fetch(target.url, { headers })).headers.get('etag')
        : null;
      const result = await autocannon({
        ...target,
        connections: 50,
        duration: DURATION,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(etag ? { 'If-None-Match': etag } : {}),
        },
      });
      console.log(
        `api: ${label}, 50 concurrent clients, ${DURATION} s: ${
          result.requests.total
        } requests, ${result['2xx']} 2xx, ${result['3xx']} 3xx, ${
          result.non2xx - result['3xx']
        } errors, p50 ${result.latency.p50} ms, p99 ${
          result.latency.p99
        } ms, ${result.requests.average.toFixed(0)} req/s [${load()}]`,
      );
    }
  } finally {
    stop();
    await new Promise(r => setTimeout(r, 2000));
    await drop();
  }
}

async function main() {
  const catalog = generateCatalog({ models: MODELS, teams: TEAMS });
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${
      process.version
    }`,
  );
  engineBench(catalog);
  if (args['engine-only'] !== 'true') await apiBench(catalog);
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
