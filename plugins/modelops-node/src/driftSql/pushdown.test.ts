/*
 * The pushdown against the in-memory engine, on real databases (PostgreSQL 15 and SQLite, one
 * fresh database per test): every statistic within 1e-9 relative, counts, kinds and verdicts equal.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  buildReferenceProfile,
  computeDrift,
  DatasetDriftResult,
  DriftColumns,
  FeatureKind,
} from '@modelops/plugin-modelops-common';
import type { Knex } from 'knex';
import { withSession, withSessions } from './dialects';
import {
  buildProfileInDatabase,
  computeDriftInDatabase,
  DatabaseDriftOptions,
  DatabaseInputError,
  SqlSource,
} from './pushdown';
import { tableSource } from './sources';

jest.setTimeout(120_000);

/** Seeded PRNG (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(r: () => number): number {
  const u = Math.max(r(), 1e-300);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

/** Deep comparison: numbers within 1e-9 relative (1e-15 absolute floor), everything else equal. */
function expectSame(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (
      Number.isInteger(expected) &&
      Number.isInteger(actual) &&
      Math.abs(expected) > 1
    ) {
      if (actual !== expected)
        throw new Error(`${path}: ${actual} !== ${expected}`);
      return;
    }
    const tol = 1e-9 * Math.max(Math.abs(expected), Math.abs(actual)) + 1e-15;
    if (!(Math.abs(actual - expected) <= tol))
      throw new Error(
        `${path}: ${actual} vs ${expected} (diff ${actual - expected})`,
      );
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      throw new Error(
        `${path}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`,
      );
    expected.forEach((e, i) => expectSame(actual[i], e, `${path}[${i}]`));
    return;
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object')
      throw new Error(`${path}: ${actual} vs object`);
    const ek = Object.keys(expected).sort();
    const ak = Object.keys(actual).sort();
    if (ek.join() !== ak.join())
      throw new Error(`${path}: keys ${ak} vs ${ek}`);
    for (const k of ek)
      expectSame((actual as any)[k], (expected as any)[k], `${path}.${k}`);
    return;
  }
  if (actual !== expected)
    throw new Error(`${path}: ${String(actual)} !== ${String(expected)}`);
}

type Row = Record<string, unknown>;

async function createTable(
  knex: Knex,
  name: string,
  columns: Record<
    string,
    'float' | 'int' | 'text' | 'real' | 'numeric' | 'bigint'
  >,
  rows: Row[],
) {
  await knex.schema.createTable(name, t => {
    t.string('side');
    for (const [c, type] of Object.entries(columns)) {
      if (type === 'float') t.double(c);
      else if (type === 'int') t.integer(c);
      else if (type === 'bigint') t.bigInteger(c);
      else if (type === 'real') t.specificType(c, 'real');
      else if (type === 'numeric') t.decimal(c, 20, 6);
      else t.text(c);
    }
  });
  for (let i = 0; i < rows.length; i += 500) {
    await knex.batchInsert(name, rows.slice(i, i + 500), 500);
  }
}

/** The rows of a SELECT as the in-memory engine's columns (driver values as they come). */
async function fetchColumns(knex: Knex, select: string, names: string[]) {
  const raw = await knex.raw(select);
  const rows: Row[] = Array.isArray(raw) ? raw : raw.rows;
  const columns: Record<string, unknown[]> = {};
  for (const n of names) columns[n] = rows.map(r => r[n]);
  return columns as DriftColumns;
}

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'drift pushdown on %p',
  databaseId => {
    const isPg = databaseId.startsWith('POSTGRES');

    async function compare(
      knex: Knex,
      table: string,
      names: string[],
      options: DatabaseDriftOptions & {
        kinds?: Record<string, FeatureKind>;
      } = {},
      sides: [string, string] = ["side = 'ref'", "side = 'cur'"],
    ): Promise<DatasetDriftResult> {
      const list = names.map(n => `"${n}"`).join(', ');
      const refSql = `SELECT ${list} FROM ${table} WHERE ${sides[0]}`;
      const curSql = `SELECT ${list} FROM ${table} WHERE ${sides[1]}`;
      const reference: SqlSource = { select: refSql, flag: '--reference-sql' };
      const current: SqlSource = { select: curSql, flag: '--current-sql' };
      const { kinds, ...dbOptions } = options;
      const pushed = await withSession(knex, s =>
        computeDriftInDatabase(s, reference, current, dbOptions),
      );
      const memory = computeDrift(
        await fetchColumns(knex, refSql, names),
        await fetchColumns(knex, curSql, names),
        {
          ...dbOptions,
          kinds:
            kinds ??
            Object.fromEntries(pushed.features.map(f => [f.name, f.kind])),
        },
      );
      expectSame(pushed, memory);
      // Both plans of the sorted pass (every row sorted; grouped by value first) agree exactly.
      for (const ecdfPlan of ['sorted', 'grouped'] as const) {
        const planned = await withSession(knex, s =>
          computeDriftInDatabase(s, reference, current, {
            ...dbOptions,
            ecdfPlan,
          }),
        );
        expectSame(planned, memory, `$[${ecdfPlan}]`);
      }
      // Three sessions on one snapshot (PostgreSQL; SQLite uses one): the same report exactly.
      const parallel = await withSessions(
        knex,
        3,
        sessions =>
          computeDriftInDatabase(sessions, reference, current, dbOptions),
        { workMem: '16MB' },
      );
      expect(parallel).toEqual(pushed);
      return pushed;
    }

    it('matches the in-memory engine: continuous shift, ties, missing, constant, discrete, categorical', async () => {
      const knex = await databases.init(databaseId);
      const r = rng(1);
      const rows: Row[] = [];
      const cats = ['a', 'b', 'c', 'd'];
      const category = (side: string) => {
        if (r() < 0.05) return null;
        if (side === 'cur' && r() < 0.2) return 'unseen';
        return cats[Math.floor(r() * (side === 'ref' ? 3 : 4))];
      };
      for (const [side, n, shift] of [
        ['ref', 700, 0],
        ['cur', 450, 0.3],
      ] as const) {
        for (let i = 0; i < n; i += 1) {
          const x = normal(r) + shift;
          let special: number | null = x;
          const u = r();
          if (u < 0.03) special = null;
          else if (isPg && u < 0.05) special = NaN;
          else if (u < 0.06) special = r() < 0.5 ? Infinity : -Infinity;
          rows.push({
            side,
            cont: special,
            tied: Math.round(x * 3) / 3,
            konst: side === 'ref' ? 4.5 : 4.5 + (i % 7 === 0 ? 1 : 0),
            disc: side === 'ref' ? i % 3 : i % 5,
            // Discrete by the reference's 4 values, though the union has 7.
            disc7: side === 'ref' ? i % 4 : i % 7,
            ints: Math.floor(r() * 40) - 20,
            cat: category(side),
            catmiss: ['NA', '', 'null', 'x', 'y', ' NaN '][i % 6],
            negzero: i % 2 ? -0 : 0,
          });
        }
      }
      await createTable(
        knex,
        'obs',
        {
          cont: 'float',
          tied: 'float',
          konst: 'float',
          disc: 'int',
          disc7: 'int',
          ints: 'int',
          cat: 'text',
          catmiss: 'text',
          negzero: 'float',
        },
        rows,
      );
      const names = [
        'cont',
        'tied',
        'konst',
        'disc',
        'disc7',
        'ints',
        'cat',
        'catmiss',
        'negzero',
      ];
      const result = await compare(knex, 'obs', names);
      const byName = Object.fromEntries(result.features.map(f => [f.name, f]));
      expect(byName.cont.kind).toBe('numeric');
      expect(byName.cont.missingReference).toBeGreaterThan(10);
      expect(byName.cat.kind).toBe('categorical');
      expect(byName.cat.unseenCategories).toEqual(['d', 'unseen']);
      expect(byName.disc.metrics).toHaveProperty('discrete');
      expect(byName.disc7.metrics).toHaveProperty('discrete');
      expect(byName.cont.drift).toBe(true);
      // The same with every method and threshold forced, and settings from a model.
      for (const method of [
        'ks',
        'psi',
        'chiSquare',
        'jensenShannon',
      ] as const) {
        await compare(knex, 'obs', names, { method, minCurrentSize: 10 });
      }
      await compare(knex, 'obs', names, {
        settings: {
          datasetDriftShare: 0.2,
          features: { ints: { kind: 'categorical' }, tied: { ignore: true } },
        },
        categoricalColumns: ['disc'],
        kinds: {
          cont: 'numeric',
          konst: 'numeric',
          disc: 'categorical',
          disc7: 'numeric',
          ints: 'categorical',
          cat: 'categorical',
          catmiss: 'categorical',
          negzero: 'numeric',
        },
      });
    });

    it('matches on the asymptotic KS path and on randomized samples', async () => {
      const knex = await databases.init(databaseId);
      const r = rng(7);
      const rows: Row[] = [];
      // trial t: sizes, tie granularity, shift and missing rate drawn at random
      const trials = 6;
      for (let t = 0; t < trials; t += 1) {
        const nr = t === 0 ? 10500 : 20 + Math.floor(r() * 1500);
        const nc = t === 0 ? 10001 : 5 + Math.floor(r() * 1500);
        const grain = [0, 1, 10, 0.25][Math.floor(r() * 4)];
        const shift = r() * 0.5;
        const scale = 10 ** Math.floor(r() * 6 - 2);
        const missing = t === 0 ? 0 : r() * 0.2;
        for (const [side, n, s] of [
          ['ref', nr, 0],
          ['cur', nc, shift],
        ] as const) {
          for (let i = 0; i < n; i += 1) {
            let v: number | null = (normal(r) + s) * scale;
            if (grain) v = Math.round(v / (grain * scale)) * grain * scale;
            if (r() < missing) v = null;
            rows.push({
              side: `${side}${t}`,
              x: v,
              y: r() < 0.5 ? v : r() * scale,
            });
          }
        }
      }
      await createTable(knex, 'rnd', { x: 'float', y: 'float' }, rows);
      const methods: string[] = [];
      for (let t = 0; t < trials; t += 1) {
        const result = await compare(knex, 'rnd', ['x', 'y'], {}, [
          `side = 'ref${t}'`,
          `side = 'cur${t}'`,
        ]);
        methods.push((result.features[0].metrics as any).ks.method);
      }
      expect(methods[0]).toBe('asymptotic');
    });

    it('matches on edge cases: all missing, empty current, single value, integer types', async () => {
      const knex = await databases.init(databaseId);
      const rows: Row[] = [];
      for (let i = 0; i < 60; i += 1) {
        rows.push({
          side: 'ref',
          allnull: null,
          one: 7,
          big: 2 ** 40 + i,
          dec: i / 8,
          re: i / 10,
          cat: 'only',
        });
        rows.push({
          side: 'cur',
          allnull: i % 2 ? 1.5 : null,
          one: 7,
          big: 2 ** 40 + 2 * i,
          dec: i / 4,
          re: i / 5,
          cat: 'only',
        });
      }
      await createTable(
        knex,
        'edge',
        {
          allnull: 'float',
          one: 'int',
          big: 'bigint',
          dec: 'numeric',
          re: 'real',
          cat: 'text',
        },
        rows,
      );
      const names = ['allnull', 'one', 'big', 'dec', 're', 'cat'];
      const result = await compare(knex, 'edge', names);
      expect(result.features.find(f => f.name === 'allnull')!.status).toBe(
        'no-reference-data',
      );
      // current window empty
      const empty = await compare(knex, 'edge', names, {}, [
        "side = 'ref'",
        '1 = 0',
      ]);
      expect(empty.status).toBe('insufficient-data');
      // reference window empty
      await compare(knex, 'edge', names, {}, ['1 = 0', "side = 'cur'"]);
    });

    it('lets the planner choose: grouped for few distinct values, every row sorted otherwise', async () => {
      const knex = await databases.init(databaseId);
      const r = rng(7);
      const rows: Row[] = [];
      for (let i = 0; i < 4000; i += 1)
        rows.push({
          side: i % 2 ? 'cur' : 'ref',
          rating: Math.floor(r() * 5) + (i % 2 ? 0.5 : 0) * (i % 3),
          score: normal(r),
        });
      await createTable(
        knex,
        'plan',
        { rating: 'float', score: 'float' },
        rows,
      );
      if (isPg) await knex.raw('ANALYZE plan');
      const statements: string[] = [];
      const result = await withSession(knex, s =>
        computeDriftInDatabase(
          {
            ...s,
            query: (sql, params) => {
              statements.push(sql);
              return s.query(sql, params);
            },
          },
          {
            select: "SELECT rating, score FROM plan WHERE side = 'ref'",
            flag: '--reference-sql',
          },
          {
            select: "SELECT rating, score FROM plan WHERE side = 'cur'",
            flag: '--current-sql',
          },
        ),
      );
      const passes = statements.filter(q => q.includes('modelops_w AS'));
      const grouped = (column: string) =>
        passes.some(q => q.includes(`"${column}"`) && q.includes('modelops_g'));
      // PostgreSQL's statistics know rating has 13 values and score thousands; SQLite gives no
      // estimate, so every column is sorted row by row there.
      expect(grouped('rating')).toBe(isPg);
      expect(grouped('score')).toBe(false);
      expect(result.features.map(f => f.kind)).toEqual(['numeric', 'numeric']);
    });

    it('builds the same reference profile as buildReferenceProfile (exact values, sketch, discrete, categorical)', async () => {
      const knex = await databases.init(databaseId);
      const r = rng(3);
      const rows: Row[] = [];
      for (let i = 0; i < 12000; i += 1) {
        const v = normal(r);
        rows.push({
          side: 'ref',
          x: r() < 0.01 ? null : v,
          t: Math.round(v * 2),
          d: i % 4,
          c: ['p', 'q', 'NA', null][i % 4],
        });
      }
      await createTable(
        knex,
        'prof',
        { x: 'float', t: 'float', d: 'int', c: 'text' },
        rows,
      );
      const select = 'SELECT x, t, d, c FROM prof';
      for (const opts of [
        {},
        { maxExactValues: 10000, sketchSize: 997 },
        { maxExactValues: 10000, sketchSize: 50000 },
        { ecdfPlan: 'grouped' as const },
        { ecdfPlan: 'sorted' as const, maxExactValues: 10000, sketchSize: 997 },
      ]) {
        const pushed = await withSession(knex, s =>
          buildProfileInDatabase(s, { select, flag: '--reference-sql' }, opts),
        );
        const { ecdfPlan: _plan, ...memoryOpts } = opts as {
          ecdfPlan?: string;
        };
        const memory = buildReferenceProfile(
          await fetchColumns(knex, select, ['x', 't', 'd', 'c']),
          {
            ...memoryOpts,
            kinds: {
              x: 'numeric',
              t: 'numeric',
              d: 'numeric',
              c: 'categorical',
            },
          },
        );
        expectSame(pushed, memory);
        expect(pushed.features.map(f => f.kind)).toEqual([
          'numeric',
          'numeric',
          'numeric',
          'categorical',
        ]);
      }
    });

    it('quotes names from the catalog and refuses what it cannot resolve', async () => {
      const knex = await databases.init(databaseId);
      await knex.schema.createTable('we"ird', t => {
        t.double('a"b');
        t.text('Mixed Case');
      });
      await knex('we"ird').insert(
        Array.from({ length: 40 }, (_, i) => ({
          'a"b': i,
          'Mixed Case': `v${i % 3}`,
        })),
      );
      const result = await withSession(knex, async s => {
        const reference = await tableSource(s, isPg ? '"we""ird"' : 'we"ird', {
          tableFlag: '--reference-table',
          conditions: ['1 = 1'],
        });
        const current = await tableSource(s, isPg ? '"we""ird"' : 'we"ird', {
          tableFlag: '--current-table',
          conditions: ['"a""b" > 10'],
        });
        return computeDriftInDatabase(s, reference, current);
      });
      expect(
        result.features.map(f => [f.name, f.nReference, f.nCurrent]),
      ).toEqual([
        ['a"b', 40, 29],
        ['Mixed Case', 40, 29],
      ]);
      await expect(
        withSession(knex, s =>
          tableSource(s, 'we"ird; DROP TABLE x', {
            tableFlag: '--reference-table',
          }),
        ),
      ).rejects.toThrow(/--reference-table: .*no table or view|cannot look up/);
      await expect(
        withSession(knex, s =>
          computeDriftInDatabase(
            s,
            {
              select: 'SELECT nope FROM missing_table',
              flag: '--reference-sql',
            },
            { select: 'SELECT 1 AS nope', flag: '--current-sql' },
          ),
        ),
      ).rejects.toThrow(DatabaseInputError);
      await expect(
        withSession(knex, s =>
          computeDriftInDatabase(
            s,
            {
              select: 'SELECT 1 AS a; DELETE FROM "we""ird"',
              flag: '--reference-sql',
            },
            { select: 'SELECT 1 AS a', flag: '--current-sql' },
          ),
        ),
      ).rejects.toThrow(/--reference-sql: the database refused the query/);
      expect(Number((await knex('we"ird').count({ n: '*' }))[0].n)).toBe(40);
      await expect(
        withSession(knex, s =>
          computeDriftInDatabase(
            s,
            { select: 'SELECT 1 AS a, 2 AS b', flag: '--reference-sql' },
            { select: 'SELECT 1 AS a', flag: '--current-sql' },
          ),
        ),
      ).rejects.toThrow(
        'column "b" is in --reference-sql but not in --current-sql',
      );
    });
  },
);
