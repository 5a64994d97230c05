#!/usr/bin/env node
/*
 * Catalog at scale (issue 13 item 3): how long the real catalog backend takes to ingest N
 * `kind: Model` entities with lineage, against N `kind: Component` entities of the same size and
 * relation count (bench/catalog/generate.js), each on a fresh PostgreSQL database.
 *
 * For each set (models, then components): generate the catalog files in a temporary directory,
 * create a database, start the example backend (packages/backend: catalog + our catalog module +
 * the modelops backend that the promotions processor reads) with a file location for the set, and
 * poll the catalog's tables until every entity is processed without errors and stitched:
 * refresh_state fully processed and error-free, final_entities = expected entities, stitch_queue
 * empty, relations >= expected. Prints both times, the ratio and the machine load beside them.
 *
 *   node bench/catalog/run.js [--count 10000] [--sets models,components] [--cpu-prof models]
 *                             [--timeout 3600] [--port 7161]
 *
 * Env: MODELOPS_BENCH_PG (default postgresql://postgres@127.0.0.1:5432/postgres).
 * Target: models time <= 1.2 x components time. --cpu-prof writes the backend's V8 CPU profile of
 * that set to <tmp>/profiles/ (open it in Chrome DevTools or summarise it with
 * bench/catalog/profileSummary.js).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const { benchDatabase, startBackend } = require('../lib/benchBackend');
const { generate } = require('./generate');

const args = require('../lib/benchBackend').benchArgs();
const count = Number(args.count ?? 10000);
const sets = (args.sets ?? 'models,components').split(',');
const profileSets = (args['cpu-prof'] ?? '').split(',').filter(Boolean);
const timeoutMs = Number(args.timeout ?? 3600) * 1000;
const port = Number(args.port ?? 7161);
if (port < 7160 || port > 7179) throw new Error('--port must be in 7160-7179');

const sleep = ms => new Promise(r => setTimeout(r, ms));
const load = () =>
  os
    .loadavg()
    .map(l => l.toFixed(2))
    .join(' ');

/** Catalog progress, from its own tables (schema "catalog" with pluginDivisionMode: schema). */
async function progress(client) {
  const { rows } = await client.query(`
    SELECT
      (SELECT count(*) FROM catalog.refresh_state WHERE entity_ref NOT LIKE 'location:%')::int AS states,
      (SELECT count(*) FROM catalog.refresh_state WHERE processed_entity IS NULL)::int AS unprocessed,
      (SELECT count(*) FROM catalog.refresh_state
         WHERE errors IS NOT NULL AND errors NOT IN ('', '[]'))::int AS errors,
      (SELECT count(*) FROM catalog.final_entities
         WHERE final_entity IS NOT NULL AND entity_ref NOT LIKE 'location:%')::int AS final,
      (SELECT count(*) FROM catalog.stitch_queue)::int AS stitching,
      (SELECT count(*) FROM catalog.relations)::int AS relations`);
  return rows[0];
}

async function firstError(client) {
  const { rows } = await client.query(
    `SELECT entity_ref, errors FROM catalog.refresh_state
     WHERE errors IS NOT NULL AND errors NOT IN ('', '[]') LIMIT 1`,
  );
  return rows[0];
}

/** CPU seconds (user + system) the process has used, from /proc. */
function cpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, clock ticks
  } catch {
    return NaN;
  }
}

async function runSet(kind, tmp) {
  const dir = path.join(tmp, kind);
  const figures = generate(kind, count, dir);
  const { database, drop } = await benchDatabase(
    'postgres',
    tmp,
    `bench_catalog_${kind}`,
  );
  const base = `http://localhost:${port}`;
  const cfg = path.join(tmp, `app-config.${kind}.json`);
  fs.writeFileSync(
    cfg,
    JSON.stringify({
      app: { baseUrl: base },
      backend: {
        baseUrl: base,
        listen: { port },
        cors: { origin: base },
        database,
      },
      catalog: {
        // Replaces the example locations (config arrays replace).
        locations: [
          { type: 'file', target: path.join(dir, 'shared.yaml') },
          { type: 'file', target: path.join(dir, 'entities-*.yaml') },
        ],
      },
      modelops: {
        exampleData: { seedDrift: false, seedScorecardHistory: false },
        scorecards: { snapshots: { enabled: false } },
      },
    }),
  );
  const logFile = path.join(tmp, `backend.${kind}.log`);
  const profileDir = path.join(tmp, 'profiles');
  const nodeArgs = profileSets.includes(kind)
    ? ['--cpu-prof', '--cpu-prof-dir', profileDir]
    : [];
  const loads = [];
  const t0 = Date.now();
  const stop = startBackend(['../../app-config.yaml', cfg], logFile, {
    nodeArgs,
  });
  const client = new Client({
    host: database.connection.host,
    port: database.connection.port,
    user: database.connection.user,
    password: database.connection.password,
    database: database.connection.database,
  });
  await client.connect();
  let firstRow;
  let last;
  let done;
  try {
    for (;;) {
      await sleep(1000);
      loads.push(os.loadavg()[0]);
      const elapsed = Date.now() - t0;
      if (elapsed > timeoutMs) {
        throw new Error(
          `${kind}: not done after ${timeoutMs / 1000} s: ${JSON.stringify(
            last,
          )}; log ${logFile}`,
        );
      }
      let p;
      try {
        p = await progress(client);
      } catch {
        continue; // tables not created yet
      }
      last = p;
      if (!firstRow && p.states > 0) firstRow = elapsed;
      if (elapsed % 15000 < 1000) {
        process.stdout.write(
          `  ${kind} ${Math.round(elapsed / 1000)} s: ${JSON.stringify(
            p,
          )} load ${load()}\n`,
        );
      }
      if (p.errors > 0) {
        throw new Error(
          `${kind}: processing errors: ${JSON.stringify(
            await firstError(client),
          )}`,
        );
      }
      if (
        p.states >= figures.entities &&
        p.unprocessed === 0 &&
        p.final >= figures.entities &&
        p.stitching === 0 &&
        p.relations >= figures.relations
      ) {
        done = elapsed;
        break;
      }
    }
  } finally {
    const cpu = cpuSeconds(stop.pid);
    stop();
    await Promise.race([stop.exited, sleep(15000)]);
    await client.end();
    await drop();
    figures.backendCpuSeconds = cpu;
  }
  return {
    ...figures,
    seconds: done / 1000,
    firstEntitySeconds: firstRow / 1000,
    final: last,
    meanLoad1: loads.reduce((a, b) => a + b, 0) / loads.length,
    loadAtEnd: load(),
  };
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'modelops-bench-catalog-'));
  console.log(
    `catalog ingestion, ${count} entities per set, PostgreSQL, ${
      os.cpus().length
    } cores, load ${load()} at start; files in ${tmp}`,
  );
  const results = {};
  for (const kind of sets) {
    console.log(`${kind}: starting`);
    const r = await runSet(kind, tmp);
    results[kind] = r;
    console.log(
      `${kind}: ${r.count} + ${r.shared} supporting entities (avg ${
        r.avgYamlBytes
      } B of YAML each), ${
        r.final.relations
      } relations: processed and stitched in ${r.seconds.toFixed(
        1,
      )} s (first entity at ${r.firstEntitySeconds.toFixed(
        1,
      )} s; backend CPU ${r.backendCpuSeconds.toFixed(
        0,
      )} s; mean 1-min load ${r.meanLoad1.toFixed(2)}, at end ${r.loadAtEnd})`,
    );
  }
  if (results.models && results.components) {
    const m = results.models;
    const c = results.components;
    // Ingestion: from the first entity in refresh_state to the last one stitched (backend start
    // and migrations, ~the same for both, left out). Total and CPU ratios printed beside it.
    const ingest = r => r.seconds - r.firstEntitySeconds;
    const ratio = ingest(m) / ingest(c);
    console.log(
      `ratio models/components: ingestion ${ingest(m).toFixed(1)} s / ${ingest(
        c,
      ).toFixed(1)} s = ${ratio.toFixed(2)} (target <= 1.20) ${
        ratio <= 1.2 ? 'OK' : 'OVER'
      }; total ${(m.seconds / c.seconds).toFixed(2)}; backend CPU ${(
        m.backendCpuSeconds / c.backendCpuSeconds
      ).toFixed(2)}`,
    );
  }
  fs.writeFileSync(
    path.join(tmp, 'results.json'),
    JSON.stringify(results, null, 2),
  );
  if (!process.env.BENCH_KEEP_FILES) {
    for (const kind of sets)
      fs.rmSync(path.join(tmp, kind), { recursive: true, force: true });
  }
  console.log(`results: ${path.join(tmp, 'results.json')}`);
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e.stack || e.message);
    process.exit(1);
  },
);
