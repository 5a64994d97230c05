/*
 * Scheduled drift sources end to end below HTTP, on PostgreSQL and SQLite (the plugin's store and
 * the monitored data both): a due source stores a run like a pushed report, a second tick (or a
 * second replica) in the same window stores nothing, a failing query is a failed attempt with the
 * database's message, a connection not open to the owner refuses, writes and runaway queries fail.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory, { Knex } from 'knex';
import { DatabaseDriftSourceStore } from '../../database/DatabaseDriftSourceStore';
import { DatabaseDriftStore } from '../../database/DatabaseDriftStore';
import { DriftSourceConnection } from './driftSourceConfig';
import {
  bindWindow,
  DriftSourceRunner,
  withoutSecrets,
} from './DriftSourceRunner';
import { DriftService } from './DriftService';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const NOW = new Date('2026-11-28T10:17:00Z');
const WINDOW_END = '2026-11-28T00:00:00.000Z';
const REF = 'model:default/scorer';

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

function model(name: string, owner: string, source: Record<string, unknown>) {
  return {
    apiVersion: 'modelops.io/v1alpha1',
    kind: 'Model',
    metadata: { name, namespace: 'default' },
    spec: {
      type: 'classification',
      lifecycle: 'production',
      owner,
      monitoring: { drift: { source: { cadence: 'P1D', ...source } } },
    },
  };
}

const windowSource = {
  connection: 'warehouse',
  currentTable: 'scores',
  timeColumn: 'ts',
  referenceTable: 'training',
};

describe.each(databases.eachSupportedId())(
  'DriftSourceRunner on %s',
  databaseId => {
    const isPg = databaseId.startsWith('POSTGRES');
    let cleanup: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const c of cleanup) await c();
      cleanup = [];
    });

    /** The monitored data: a training table and a day of scores (x shifted by +1). */
    async function seedData(): Promise<DriftSourceConnection['connection']> {
      let data: Knex;
      let connection: unknown;
      if (isPg) {
        data = await databases.init(databaseId);
        connection = (data.client as any).config.connection;
      } else {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelops-src-'));
        const filename = path.join(dir, 'data.db');
        data = knexFactory({
          client: 'better-sqlite3',
          connection: { filename },
          useNullAsDefault: true,
        });
        connection = { filename };
        cleanup.push(async () => fs.rmSync(dir, { recursive: true }));
      }
      cleanup.push(() => data.destroy());
      const r = rng(7);
      await data.schema.createTable('training', t => {
        t.double('x');
        t.text('segment');
      });
      await data.schema.createTable('scores', t => {
        if (isPg) t.timestamp('ts', { useTz: true });
        else t.text('ts');
        t.double('x');
        t.text('segment');
      });
      await data('training').insert(
        Array.from({ length: 400 }, () => ({
          x: r() * 10,
          segment: r() < 0.5 ? 'a' : 'b',
        })),
      );
      const day = Date.parse('2026-11-27T00:00:00Z');
      const rows = Array.from({ length: 300 }, (_, i) => ({
        // 250 rows inside the window (27 Nov), 50 the day after (outside).
        ts: new Date(day + (i < 250 ? i : 86_400 + i) * 60_000).toISOString(),
        x: r() * 10 + 4,
        segment: r() < 0.5 ? 'a' : 'b',
      }));
      await data('scores').insert(rows);
      return connection;
    }

    async function setup(
      entities: object[],
      connection: Partial<DriftSourceConnection> = {},
    ) {
      const knex = await databases.init(databaseId);
      const store = await DatabaseDriftStore.create({
        database: { getClient: async () => knex, migrations: { skip: false } },
      });
      const sources = new DatabaseDriftSourceStore(knex);
      const catalog = catalogServiceMock({ entities: entities as any });
      const auth = mockServices.auth();
      const logger = mockServices.logger.mock();
      const limits = { maxRows: 100_000, maxFeatures: 500 };
      const drift = new DriftService({ store, catalog, auth, logger, limits });
      const conn: DriftSourceConnection = {
        name: 'warehouse',
        client: isPg ? 'pg' : 'better-sqlite3',
        connection: await seedData(),
        statementTimeoutMs: 10_000,
        allowedOwners: ['group:default/team-a'],
        allowedModels: [],
        ...connection,
      };
      const runner = (catchUpWindows?: number): DriftSourceRunner => {
        const r = new DriftSourceRunner({
          drift,
          store: sources,
          catalog,
          auth,
          logger,
          connections: new Map([[conn.name, conn]]),
          limits,
          catchUpWindows,
        });
        cleanup.push(() => r.close());
        return r;
      };
      return { knex, store, sources, runner, logger, catalog };
    }

    it('runs a due source and stores its window as a run, once per window', async () => {
      const { store, sources, runner } = await setup([
        model('scorer', 'team-a', windowSource),
      ]);
      const first = runner();
      expect(await first.tick(NOW)).toEqual({
        attempted: 1,
        succeeded: 1,
        failed: 0,
        refused: 0,
      });
      const run = await store.getRun(REF, `source-${WINDOW_END}`);
      expect(run).toMatchObject({
        windowStart: '2026-11-27T00:00:00.000Z',
        windowEnd: WINDOW_END,
        submittedBy: 'source:warehouse',
        source: 'report',
        datasetDrift: true,
      });
      const x = run!.report!.features.find(f => f.name === 'x')!;
      expect([x.nReference, x.nCurrent, x.drift]).toEqual([400, 250, true]);
      expect(await sources.latestAttempt(REF)).toMatchObject({
        status: 'succeeded',
        runId: `source-${WINDOW_END}`,
        error: null,
        connection: 'warehouse',
      });

      // A later tick in the same window, and another replica: nothing runs, nothing is stored.
      const later = new Date(NOW.getTime() + 3_600_000);
      expect((await first.tick(later)).attempted).toBe(0);
      expect((await runner().tick(later)).attempted).toBe(0);
      expect((await store.listRuns(REF, { limit: 10 })).items).toHaveLength(1);

      // The next day is a new window.
      const next = await first.tick(new Date(NOW.getTime() + 86_400_000));
      expect(next.succeeded).toBe(1);
      expect((await store.listRuns(REF, { limit: 10 })).items).toHaveLength(2);
      expect(
        await first.status(model('scorer', 'team-a', windowSource) as any),
      ).toMatchObject({
        connection: 'warehouse',
        cadence: 'P1D',
        window: 'P1D',
        lastAttempt: {
          status: 'succeeded',
          windowEnd: '2026-11-29T00:00:00.000Z',
        },
      });
    });

    it('catches up windows missed while the backend was down, newest first, at most catchUpWindows', async () => {
      const { knex, store, runner } = await setup([
        model('scorer', 'team-a', windowSource),
      ]);
      const attempts = async () =>
        (
          await knex('modelops_drift_source_attempts')
            .where({ entity_ref: REF })
            .orderBy('window_end')
        ).map(a => [a.window_end.slice(0, 10), a.status]);
      // First sight with two windows of catch-up: the latest window and the two before it.
      const first = runner(2);
      expect((await first.tick(NOW)).attempted).toBe(3);
      expect((await attempts()).map(([end]) => end)).toEqual([
        '2026-11-26',
        '2026-11-27',
        '2026-11-28',
      ]);
      // Nothing is run twice, by this runner or another replica.
      expect((await first.tick(NOW)).attempted).toBe(0);
      expect((await runner(2).tick(NOW)).attempted).toBe(0);
      // Four days down: the latest window and two before it; the oldest missed one stays missed.
      const back = await first.tick(new Date(NOW.getTime() + 4 * 86_400_000));
      expect(back.attempted).toBe(3);
      expect((await attempts()).map(([end]) => end)).toEqual([
        '2026-11-26',
        '2026-11-27',
        '2026-11-28',
        '2026-11-30',
        '2026-12-01',
        '2026-12-02',
      ]);
      // The window with data (27 Nov) is a run like any other; the empty ones are recorded too.
      expect(
        (await store.getRun(
          REF,
          `source-${WINDOW_END}`,
        ))!.report!.features.find(f => f.name === 'x')!.nCurrent,
      ).toBe(250);
      for (const [, status] of await attempts())
        expect(['succeeded', 'failed']).toContain(status);
      // Without catch-up (the runner's default), only the latest window.
      const plain = await runner().tick(
        new Date(NOW.getTime() + 6 * 86_400_000),
      );
      expect(plain.attempted).toBe(1);
    });

    it('closes windows at the offset and shows it in the status', async () => {
      const shifted = { ...windowSource, offset: 'PT6H' };
      const { sources, runner } = await setup([
        model('scorer', 'team-a', shifted),
      ]);
      const r = runner();
      expect((await r.tick(NOW)).attempted).toBe(1);
      expect(await sources.latestAttempt(REF)).toMatchObject({
        windowStart: '2026-11-27T06:00:00.000Z',
        windowEnd: '2026-11-28T06:00:00.000Z',
      });
      expect(
        await r.status(model('scorer', 'team-a', shifted) as any),
      ).toMatchObject({ cadence: 'P1D', window: 'P1D', offset: 'PT6H' });
    });

    it('binds :windowStart and :windowEnd in a SELECT', async () => {
      const { store, runner } = await setup([
        model('scorer', 'team-a', {
          connection: 'warehouse',
          currentSql:
            'SELECT x, segment FROM scores WHERE ts >= :windowStart AND ts < :windowEnd',
          referenceSql: 'SELECT x, segment FROM training',
        }),
      ]);
      expect((await runner().tick(NOW)).succeeded).toBe(1);
      const run = await store.getRun(REF, `source-${WINDOW_END}`);
      expect(run!.report!.features.find(f => f.name === 'x')!.nCurrent).toBe(
        250,
      );
    });

    it('records a failing query as a failed attempt with the database error', async () => {
      const { store, sources, runner, logger } = await setup([
        model('scorer', 'team-a', {
          ...windowSource,
          currentTable: undefined,
          timeColumn: undefined,
          currentSql: 'SELECT x, segment FROM no_such_table',
        }),
      ]);
      expect(await runner().tick(NOW)).toMatchObject({
        attempted: 1,
        failed: 1,
      });
      const attempt = await sources.latestAttempt(REF);
      expect(attempt).toMatchObject({ status: 'failed', runId: null });
      expect(attempt!.error).toMatch(
        /spec\.monitoring\.drift\.source\.currentSql: the database refused the query: .*no_such_table/,
      );
      expect(await store.latestRun(REF)).toBeUndefined();
      expect(logger.warn).toHaveBeenCalled();
    });

    it('refuses a model whose owner the connection does not allow, and an unknown connection', async () => {
      const { store, sources, runner } = await setup([
        model('scorer', 'team-b', windowSource),
        model('other', 'team-a', { ...windowSource, connection: 'nope' }),
      ]);
      expect(await runner().tick(NOW)).toMatchObject({
        attempted: 2,
        refused: 2,
      });
      expect(await sources.latestAttempt(REF)).toMatchObject({
        status: 'refused',
        error: expect.stringContaining(
          'connection warehouse is not open to model:default/scorer (owner group:default/team-b)',
        ),
      });
      expect(
        (await sources.latestAttempt('model:default/other'))!.error,
      ).toContain('no connection nope is configured');
      expect(await store.latestRun(REF)).toBeUndefined();
    });

    it('allows a model by name, and denies everyone when the lists are empty', async () => {
      const allowed = await setup([model('scorer', 'team-b', windowSource)], {
        allowedOwners: [],
        allowedModels: ['model:default/scorer'],
      });
      expect((await allowed.runner().tick(NOW)).succeeded).toBe(1);
      const denied = await setup([model('scorer', 'team-a', windowSource)], {
        allowedOwners: [],
        allowedModels: [],
      });
      expect((await denied.runner().tick(NOW)).refused).toBe(1);
    });

    it('cannot write, and stops at the row limit', async () => {
      const {
        sources,
        runner,
        knex: _k,
      } = await setup(
        [
          model('scorer', 'team-a', {
            ...windowSource,
            currentTable: undefined,
            timeColumn: undefined,
            currentSql: 'SELECT 1 AS x; DELETE FROM training',
          }),
        ],
        {},
      );
      await runner().tick(NOW);
      expect((await sources.latestAttempt(REF))!.status).toBe('failed');

      const limited = await setup([model('scorer', 'team-a', windowSource)], {
        maxRows: 300,
      });
      await limited.runner().tick(NOW);
      expect((await limited.sources.latestAttempt(REF))!.error).toContain(
        'spec.monitoring.drift.source.referenceTable: 400 rows is more than the limit of 300 of connection warehouse (maxRows)',
      );
    });

    // SQLite has no statement timeout (docs: SQLite connections are for small, local data).
    it('stops a query at the statement timeout (PostgreSQL)', async () => {
      if (!isPg) return;
      const slow = await setup(
        [
          model('scorer', 'team-a', {
            ...windowSource,
            currentTable: undefined,
            timeColumn: undefined,
            currentSql: 'SELECT x, segment FROM training, pg_sleep(2)',
          }),
        ],
        { statementTimeoutMs: 200 },
      );
      await slow.runner().tick(NOW);
      expect((await slow.sources.latestAttempt(REF))!.error).toMatch(
        /statement timeout/,
      );

      // A SELECT that lifts the timeout for the statements after it: armed again before each.
      const lifted = await setup(
        [
          model('scorer', 'team-a', {
            ...windowSource,
            referenceTable: undefined,
            referenceSql:
              "SELECT x, segment FROM training WHERE set_config('statement_timeout', '0', true) IS NOT NULL",
            currentTable: undefined,
            timeColumn: undefined,
            currentSql:
              'SELECT x, segment FROM training WHERE pg_sleep(0.01) IS NOT NULL',
          }),
        ],
        { statementTimeoutMs: 300 },
      );
      await lifted.runner().tick(NOW);
      expect(await lifted.sources.latestAttempt(REF)).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/statement timeout/),
      });
    });
  },
);

describe('bindWindow', () => {
  it('replaces the placeholders with literals and leaves casts alone', () => {
    expect(
      bindWindow(
        "SELECT * FROM t WHERE ts >= :windowStart AND ts < :windowEnd AND y = 'a'::text",
        {
          windowStart: '2026-11-27T00:00:00.000Z',
          windowEnd: '2026-11-28T00:00:00.000Z',
        },
      ),
    ).toBe(
      "SELECT * FROM t WHERE ts >= '2026-11-27T00:00:00.000Z' AND ts < '2026-11-28T00:00:00.000Z' AND y = 'a'::text",
    );
  });
});

describe('withoutSecrets', () => {
  it('removes the password of a URL or a connection object from a message', () => {
    expect(
      withoutSecrets('auth failed for postgres://u:s%40cret@h/db (s@cret)', {
        connection: 'postgres://u:s%40cret@h/db',
      }),
    ).toBe('auth failed for postgres://u:***@h/db (***)');
    expect(
      withoutSecrets('bad hunter2', {
        connection: { host: 'h', password: 'hunter2' },
      }),
    ).toBe('bad ***');
  });
});
