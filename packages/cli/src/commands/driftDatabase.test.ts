/*
 * `modelops drift --db` and `modelops drift profile --db` end to end: the JSON equals the CSV
 * path's on the same rows (exported as CSV), on a SQLite file and on a PostgreSQL database;
 * wrong flags exit 2 with a message naming the flag; the password never shows; --push sends the
 * report with a stable run id.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  FeatureValue,
  validateReferenceProfile,
} from '@modelops/plugin-modelops-common';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { DriftCommandOptions, runDrift } from './drift';
import { runDriftProfile, DriftProfileOptions } from './driftProfile';
import { redactConnection, scrubPassword } from './drift/sql/connection';

jest.setTimeout(120_000);

const N_REF = 400;
const N_CUR = 250;

/** Rows with ties, missing values, a discrete and a categorical feature. */
function rows() {
  const out: Record<string, FeatureValue>[] = [];
  for (let i = 0; i < N_REF + N_CUR; i += 1) {
    const cur = i >= N_REF;
    const j = cur ? i - N_REF : i;
    out.push({
      side: cur ? 'cur' : 'ref',
      amount:
        j % 37 === 0
          ? null
          : Math.round(Math.sin(j) * 1000) / 10 + (cur ? 8 : 0),
      age: 20 + (j % 50) + (cur ? 3 : 0),
      tier: j % (cur ? 4 : 3),
      region:
        j % 23 === 0
          ? null
          : ['north', 'south', 'east', cur && j % 5 === 0 ? 'west' : 'east'][
              j % 4
            ],
    });
  }
  return out;
}

async function fill(knex: Knex) {
  await knex.schema.createTable('scores', t => {
    t.text('side');
    t.double('amount');
    t.integer('age');
    t.integer('tier');
    t.text('region');
  });
  await knex.batchInsert('scores', rows(), 200);
}

function writeCsv(file: string, side: string) {
  const names = ['amount', 'age', 'tier', 'region'];
  const lines = [names.join(',')];
  for (const r of rows().filter(x => x.side === side))
    lines.push(names.map(n => (r[n] === null ? '' : String(r[n]))).join(','));
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

async function run(opts: Partial<DriftCommandOptions>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDrift(
    opts as DriftCommandOptions,
    l => out.push(l),
    l => err.push(l),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function runProfile(opts: Partial<DriftProfileOptions>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDriftProfile(
    opts as DriftProfileOptions,
    l => out.push(l),
    l => err.push(l),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function close(a: any, b: any, p = '$'): void {
  if (typeof a === 'number' && typeof b === 'number') {
    expect([
      p,
      Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-15,
    ]).toEqual([p, true]);
  } else if (a && typeof a === 'object') {
    expect([p, Object.keys(a).sort()]).toEqual([p, Object.keys(b).sort()]);
    for (const k of Object.keys(a)) close(a[k], b[k], `${p}.${k}`);
  } else expect([p, a]).toEqual([p, b]);
}

const REF_SQL =
  "SELECT amount, age, tier, region FROM scores WHERE side = 'ref'";
const CUR_SQL =
  "SELECT amount, age, tier, region FROM scores WHERE side = 'cur'";

describe('modelops drift --db', () => {
  let dir: string;
  let sqliteFile: string;
  let csvJson: any;
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
  let pgUrl: string | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelops-drift-db-'));
    sqliteFile = path.join(dir, 'scores.db');
    const sqlite = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: sqliteFile },
      useNullAsDefault: true,
    });
    await fill(sqlite);
    await sqlite.destroy();
    writeCsv(path.join(dir, 'ref.csv'), 'ref');
    writeCsv(path.join(dir, 'cur.csv'), 'cur');
    const fromCsv = await run({
      reference: path.join(dir, 'ref.csv'),
      current: path.join(dir, 'cur.csv'),
      format: 'json',
    });
    if (fromCsv.code !== 0) throw new Error(fromCsv.err);
    csvJson = JSON.parse(fromCsv.out);
    if (databases.eachSupportedId().length > 0) {
      const knex = await databases.init('POSTGRES_15');
      await fill(knex);
      const c = (knex.client as any).connectionSettings;
      pgUrl = `postgresql://${encodeURIComponent(c.user)}${
        c.password ? `:${encodeURIComponent(c.password)}` : ''
      }@${c.host}:${c.port ?? 5432}/${c.database}`;
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives the same JSON as the CSV path (SQLite file, SQL and tables)', async () => {
    const fromSql = await run({
      db: `sqlite:${sqliteFile}`,
      referenceSql: REF_SQL,
      currentSql: `${CUR_SQL};`,
      format: 'json',
    });
    expect(fromSql.err).toBe('');
    expect(fromSql.code).toBe(0);
    close(JSON.parse(fromSql.out), csvJson);
    // Tables (name matched as the catalog spells it), with --categorical for the extra column.
    const fromTables = await run({
      db: sqliteFile,
      referenceTable: 'scores',
      currentTable: 'SCORES',
      referenceWhere: "side = 'ref'",
      currentWhere: "side = 'cur'",
      categorical: ['side'],
      format: 'json',
    });
    expect(fromTables.code).toBe(0);
    const json = JSON.parse(fromTables.out);
    expect(json.features[0]).toMatchObject({
      name: 'side',
      kind: 'categorical',
    });
    close(json.features.slice(1), csvJson.features);
  });

  it('gives the same JSON as the CSV path on PostgreSQL, and the table output', async () => {
    if (!process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING)
      return;
    expect(pgUrl).toBeDefined();
    const r = await run({
      db: pgUrl,
      referenceSql: REF_SQL,
      currentSql: CUR_SQL,
      format: 'json',
    });
    expect(r.err).toBe('');
    close(JSON.parse(r.out), csvJson);
    // One session, or four on one snapshot with more work_mem: the same report.
    for (const flags of [
      { dbConnections: '1' },
      { dbConnections: '4', dbWorkMem: '32MB' },
    ]) {
      const other = await run({
        db: pgUrl,
        referenceSql: REF_SQL,
        currentSql: CUR_SQL,
        format: 'json',
        ...flags,
      });
      expect(other.err).toBe('');
      expect(JSON.parse(other.out)).toEqual(JSON.parse(r.out));
    }
    const table = await run({
      db: pgUrl,
      referenceSql: REF_SQL,
      currentSql: CUR_SQL,
      failOnDrift: true,
    });
    expect(table.out).toContain('Dataset drift:');
    expect(table.code).toBe(csvJson.datasetDrift ? 1 : 0);
  });

  it('refuses wrong flag combinations and bad SQL with exit code 2, naming the flag', async () => {
    const db = `sqlite:${sqliteFile}`;
    const cases: [Partial<DriftCommandOptions>, RegExp][] = [
      [
        { referenceSql: REF_SQL, currentSql: CUR_SQL },
        /--reference-sql, --current-sql need --db/,
      ],
      [{ db, referenceSql: REF_SQL }, /--db needs --current-sql/],
      [
        { db, referenceSql: REF_SQL, currentSql: CUR_SQL, dbConnections: '0' },
        /--db-connections must be a whole number from 1 to 16 \(got 0\)/,
      ],
      [
        {
          db,
          referenceSql: REF_SQL,
          currentSql: CUR_SQL,
          dbWorkMem: "1GB'; DROP",
        },
        /--db-work-mem must be a size such as 64MB/,
      ],
      [
        {
          db,
          referenceSql: REF_SQL,
          currentSql: CUR_SQL,
          dbParallelWorkers: '1; SET x',
        },
        /--db-parallel-workers must be a whole number from 0 to 64 \(got 1; SET x\)/,
      ],
      [
        {
          db,
          referenceSql: REF_SQL,
          referenceTable: 'scores',
          currentSql: CUR_SQL,
        },
        /--reference-sql and --reference-table are alternatives/,
      ],
      [
        {
          db,
          reference: 'ref.csv',
          referenceSql: REF_SQL,
          currentSql: CUR_SQL,
        },
        /--reference reads a CSV file/,
      ],
      [
        { db, referenceSql: REF_SQL, currentSql: CUR_SQL, where: 'age > 3' },
        /--where applies to --reference-table/,
      ],
      [
        {
          db,
          referenceSql: REF_SQL,
          currentSql: CUR_SQL,
          referenceWhere: 'age > 3',
        },
        /--reference-where applies to --reference-table/,
      ],
      [
        { db, referenceSql: 'SELEC nonsense', currentSql: CUR_SQL },
        /--reference-sql: the database refused the query/,
      ],
      [
        { db, referenceSql: REF_SQL, currentTable: 'nope' },
        /--current-table: the database has no table or view "nope"/,
      ],
      [
        { db, referenceSql: REF_SQL, currentSql: 'SELECT amount FROM scores' },
        /column "age" is in --reference-sql but not in --current-sql/,
      ],
      [
        {
          db,
          referenceSql: REF_SQL,
          currentSql: CUR_SQL,
          categorical: ['nope'],
        },
        /--categorical names column "nope"/,
      ],
      [
        {
          db: path.join(dir, 'missing.db'),
          referenceSql: REF_SQL,
          currentSql: CUR_SQL,
        },
        /--db: no SQLite file/,
      ],
      [
        { db: 'mysql://u:pw@h/db', referenceSql: REF_SQL, currentSql: CUR_SQL },
        /--db: unsupported database mysql:\/\/u:\*\*\*@h\/db/,
      ],
      [
        {
          db: 'postgresql://me:topsecret@127.0.0.1:1/db',
          referenceSql: REF_SQL,
          currentSql: CUR_SQL,
        },
        /--db: cannot connect to postgresql:\/\/me:\*\*\*@127\.0\.0\.1:1\/db/,
      ],
    ];
    for (const [opts, message] of cases) {
      const r = await run(opts);
      expect([opts, r.code]).toEqual([opts, 2]);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/topsecret|\bpw\b|\n\s+at /);
    }
    expect(redactConnection('postgresql://a:p%40ss@h/d')).toBe(
      'postgresql://a:***@h/d',
    );
    expect(
      scrubPassword('failed for p@ss and p%40ss', 'postgresql://a:p%40ss@h/d'),
    ).toBe('failed for *** and ***');
  });

  it('drift profile --db builds the profile the CSV path builds, valid for the API', async () => {
    const fromCsv = await runProfile({ reference: path.join(dir, 'ref.csv') });
    expect(fromCsv.code).toBe(0);
    for (const db of [`sqlite:${sqliteFile}`, ...(pgUrl ? [pgUrl] : [])]) {
      const r = await runProfile({ db, referenceSql: REF_SQL });
      expect(r.code).toBe(0);
      const profile = JSON.parse(r.out);
      expect(validateReferenceProfile(profile).success).toBe(true);
      close(profile, JSON.parse(fromCsv.out));
    }
    const bad = await runProfile({
      db: `sqlite:${sqliteFile}`,
      referenceSql: REF_SQL,
      currentSql: CUR_SQL,
    });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--current-sql has no use in drift profile/);
  });

  it('--push sends the report with a run id that is stable for the same queries and data', async () => {
    const bodies: any[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', c => (body += c));
      req.on('end', () => {
        bodies.push(JSON.parse(body));
        res.writeHead(201, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            created: bodies.length === 1,
            run: { runId: bodies[bodies.length - 1].runId },
          }),
        );
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const opts = {
        db: `sqlite:${sqliteFile}`,
        referenceSql: REF_SQL,
        currentSql: CUR_SQL,
        format: 'json' as const,
        push: true,
        model: 'model:default/scorer',
        url,
      };
      const first = await run(opts);
      const second = await run(opts);
      expect([first.code, second.code]).toEqual([0, 0]);
      expect(bodies).toHaveLength(2);
      expect(bodies[0].runId).toMatch(/^cli-db-[0-9a-f]{20}$/);
      expect(bodies[1].runId).toBe(bodies[0].runId);
      expect(bodies[0].report).toEqual(JSON.parse(first.out));
    } finally {
      server.close();
    }
  });
});
