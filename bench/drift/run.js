#!/usr/bin/env node
/*
 * Drift engine benchmark: generates 1,000,000-row reference and current datasets
 * (4 numeric + 2 categorical columns, deterministic), then times
 *   - the engine: buildReferenceProfile, compareToProfile, computeDrift (in-process),
 *   - the CLI stages: CSV read, column typing, engine,
 *   - `yarn modelops drift` end to end (child process).
 *
 * Usage (from the repository root):  node bench/drift/run.js [--rows 1000000] [--keep]
 */
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '../..');
require(require.resolve('@backstage/cli/config/nodeTransform.cjs', {
  paths: [root],
}));
const engine = require(path.join(
  root,
  'plugins/modelops-common/src/drift/index.ts',
));
const { readDriftInput } = require(path.join(
  root,
  'packages/cli/src/commands/drift/columns.ts',
));

const args = process.argv.slice(2);
const rows = Number(
  args.includes('--rows') ? args[args.indexOf('--rows') + 1] : 1000000,
);
const keep = args.includes('--keep');

/** Small deterministic PRNG (mulberry32) and a Box–Muller normal. */
function rng(seed) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () =>
    Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

function generate(n, seed, shift) {
  const r = rng(seed);
  const cols = {
    age: new Float64Array(n),
    income: new Float64Array(n),
    score: new Float64Array(n),
    visits: new Float64Array(n),
    country: new Array(n),
    plan: new Array(n),
  };
  const countries = Array.from({ length: 30 }, (_, i) => `country_${i}`);
  const plans = ['free', 'basic', 'pro', 'enterprise'];
  for (let i = 0; i < n; i += 1) {
    cols.age[i] = Math.round((40 + 12 * r.normal() + shift * 3) * 10) / 10;
    cols.income[i] = Math.round(
      Math.exp(10.5 + 0.6 * r.normal() + shift * 0.1),
    );
    cols.score[i] = Math.round(r.uniform() * (1 + shift * 0.05) * 1e6) / 1e6;
    cols.visits[i] = Math.floor(-Math.log(1 - r.uniform()) * 4);
    const u = r.uniform();
    cols.country[i] =
      countries[Math.min(29, Math.floor(30 * u ** (1 + shift)))];
    cols.plan[i] = plans[Math.floor(r.uniform() * 4)];
    if (i % 997 === 0) cols.age[i] = NaN; // some missing values
  }
  return cols;
}

function toCsv(cols, file) {
  const names = Object.keys(cols);
  const n = cols[names[0]].length;
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, `${names.join(',')}\n`);
  let buf = [];
  for (let i = 0; i < n; i += 1) {
    buf.push(
      names
        .map(c => {
          const v = cols[c][i];
          return typeof v === 'number' && Number.isNaN(v) ? '' : v;
        })
        .join(','),
    );
    if (buf.length === 50000) {
      fs.writeSync(fd, `${buf.join('\n')}\n`);
      buf = [];
    }
  }
  if (buf.length) fs.writeSync(fd, `${buf.join('\n')}\n`);
  fs.closeSync(fd);
}

function time(label, fn, results) {
  const t = process.hrtime.bigint();
  const value = fn();
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  results.push([label, ms]);
  return value;
}

async function timeAsync(label, fn, results) {
  const t = process.hrtime.bigint();
  const value = await fn();
  results.push([label, Number(process.hrtime.bigint() - t) / 1e6]);
  return value;
}

async function main() {
  const results = [];
  console.log(
    `node ${process.version}, ${os.cpus().length} CPUs (${
      os.cpus()[0]?.model ?? '?'
    }), ${rows} rows x 6 columns`,
  );
  const reference = time(
    'generate reference (in memory)',
    () => generate(rows, 1, 0),
    results,
  );
  const current = time(
    'generate current (in memory)',
    () => generate(rows, 2, 1),
    results,
  );
  const kinds = { country: 'categorical', plan: 'categorical' };

  const profile = time(
    'engine: buildReferenceProfile (exact, 6 features)',
    () =>
      engine.buildReferenceProfile(reference, {
        kinds,
        maxExactValues: Infinity,
      }),
    results,
  );
  time(
    'engine: compareToProfile (6 features)',
    () => engine.compareToProfile(profile, current),
    results,
  );
  time(
    'engine: compareToProfile again (cached reference arrays)',
    () => engine.compareToProfile(profile, current),
    results,
  );
  const sketched = time(
    'engine: buildReferenceProfile (default: sketch of 100k points)',
    () => engine.buildReferenceProfile(reference, { kinds }),
    results,
  );
  const json = time(
    'engine: JSON.stringify(sketched profile)',
    () => JSON.stringify(sketched),
    results,
  );
  const restored = JSON.parse(json);
  time(
    'engine: compareToProfile (sketched profile from JSON)',
    () => engine.compareToProfile(restored, current),
    results,
  );
  const oneShot = time(
    'engine: computeDrift one-shot',
    () => engine.computeDrift(reference, current, { kinds }),
    results,
  );

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelops-drift-bench-'));
  const refFile = path.join(dir, 'reference.csv');
  const curFile = path.join(dir, 'current.csv');
  toCsv(reference, refFile);
  toCsv(current, curFile);
  const size = (fs.statSync(refFile).size / 1e6).toFixed(1);
  const input = await timeAsync(
    `cli: read + type both CSVs (2 x ${size} MB, in parallel)`,
    () => readDriftInput(refFile, curFile, []),
    results,
  );
  time(
    'cli: computeDrift',
    () =>
      engine.computeDrift(input.reference, input.current, {
        kinds: input.kinds,
      }),
    results,
  );

  const t = process.hrtime.bigint();
  execFileSync(
    process.execPath,
    [
      path.join(root, 'packages/cli/bin/modelops'),
      'drift',
      '--reference',
      refFile,
      '--current',
      curFile,
      '--format',
      'json',
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, INIT_CWD: process.cwd() },
      maxBuffer: 1 << 26,
    },
  );
  results.push([
    'cli: modelops drift end to end (child process, json)',
    Number(process.hrtime.bigint() - t) / 1e6,
  ]);
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);

  const width = Math.max(...results.map(r => r[0].length));
  for (const [label, ms] of results)
    console.log(
      `${label.padEnd(width)}  ${(ms / 1000).toFixed(2).padStart(7)} s`,
    );
  console.log(
    `verdicts: ${oneShot.features
      .map(
        f =>
          `${f.name}=${f.method}:${f.value.toPrecision(3)}${
            f.drift ? ' DRIFT' : ''
          }`,
      )
      .join(', ')}; dataset drift ${oneShot.datasetDrift}`,
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
