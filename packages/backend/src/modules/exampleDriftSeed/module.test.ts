import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import modelopsPlugin from '@modelops/plugin-modelops-backend';
import request from 'supertest';
// The repo's one polling helper for backend tests lives with the backend plugin's tests; it is
// test-only code, so the plugin does not publish it as an entry point.
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { waitFor } from '@modelops/plugin-modelops-backend/src/tests/waitFor';
import {
  exampleDriftSeedModule,
  SEED_OFF_MESSAGE,
  SEED_START_MESSAGE,
} from './module';

jest.setTimeout(120_000);

const model = (name: string, drift: Record<string, unknown>) => ({
  apiVersion: 'modelops.io/v1alpha1',
  kind: 'Model',
  metadata: { name, namespace: 'default' },
  spec: {
    type: 'classification',
    lifecycle: 'production',
    owner: 'group:default/team-a',
    versions: [{ version: '1.0.0', stage: 'production' }],
    monitoring: { drift },
  },
});

// As in examples/models: the settings the seeded data is made for.
const entities = [
  model('credit-default-scorer', {
    minCurrentSize: 500,
    datasetDriftShare: 0.3,
  }),
  model('customer-churn-global', {
    minCurrentSize: 1000,
    datasetDriftShare: 0.5,
  }),
  model('payment-volume-forecaster', {
    minCurrentSize: 28,
    datasetDriftShare: 0.5,
  }),
  model('support-assistant-llm', {
    minCurrentSize: 200,
    datasetDriftShare: 0.5,
  }),
];

async function start(
  seedDrift: boolean,
  extra: { database?: object; logs?: string[] } = {},
) {
  return startTestBackend({
    features: [
      modelopsPlugin,
      exampleDriftSeedModule,
      catalogServiceMock.factory({ entities: entities as any }),
      mockServices.rootConfig.factory({
        data: {
          modelops: { exampleData: { seedDrift } },
          ...(extra.database ? { backend: { database: extra.database } } : {}),
        },
      }),
      ...(extra.logs ? [recordingLoggerFactory(extra.logs)] : []),
    ],
  });
}

/** A logger that records every message (to see what a seeding did). */
function recordingLoggerFactory(logs: string[]) {
  const logger: LoggerService = {
    error: m => void logs.push(`error: ${m}`),
    warn: m => void logs.push(`warn: ${m}`),
    info: m => void logs.push(`info: ${m}`),
    debug: () => {},
    child: () => logger,
  };
  return createServiceFactory({
    service: coreServices.logger,
    deps: {},
    factory: () => logger,
  });
}

/** Waits until the seeder logged its outcome for every example model. */
function waitForSeedLogs(logs: string[]) {
  return waitFor(
    () => {
      const done = entities.map(e =>
        logs.find(l =>
          new RegExp(
            `example drift seed: ${e.metadata.name}(:| failed)|example drift seed failed`,
          ).test(l),
        ),
      );
      return done.every(Boolean) ? (done as string[]) : undefined;
    },
    {
      timeoutMs: 90_000,
      describe: () => `seeding did not finish: ${logs.join('\n')}`,
    },
  );
}

const auth = {
  Authorization: mockCredentials.user.header('user:default/guest'),
};

async function waitForRuns(server: any, name: string, count: number) {
  let last = '';
  return waitFor(
    async () => {
      const res = await request(server)
        .get(`/api/modelops/drift/models/default/${name}/runs?limit=500`)
        .set(auth);
      last = `${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
      return res.status === 200 && res.body.items.length >= count
        ? res.body.items
        : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 500, describe: () => `${name}: ${last}` },
  );
}

describe('example drift seed module', () => {
  it('seeds the example models through the drift API when enabled', async () => {
    const backend = await start(true);
    const server = backend.server;
    try {
      const creditRuns = await waitForRuns(server, 'credit-default-scorer', 45);
      expect(creditRuns).toHaveLength(45);
      expect(creditRuns[0].runId).toBe(
        `seed-${new Date().toISOString().slice(0, 10)}`,
      );

      const status = await request(server)
        .get('/api/modelops/drift/models/default/credit-default-scorer/status')
        .set(auth);
      expect(status.body.lastRun.datasetDrift).toBe(true);
      expect(status.body.lastRun.submittedBy).toBe('service:plugin:modelops');
      expect(status.body.reference).toMatchObject({
        rowCount: 2000,
        modelVersion: '1.0.0',
      });
      const drifted = status.body.lastRun.report.features
        .filter((f: any) => f.drift)
        .map((f: any) => f.name)
        .sort();
      expect(drifted).toEqual(['debt_to_income', 'income']);

      const history = await request(server)
        .get(
          '/api/modelops/drift/models/default/credit-default-scorer/history?feature=income',
        )
        .set(auth);
      expect(history.body.items).toHaveLength(45);
      expect(history.body.items[0].drift).toBe(false);
      expect(history.body.items[44].drift).toBe(true);

      await waitForRuns(server, 'support-assistant-llm', 45);
      const churn = await waitForRuns(server, 'customer-churn-global', 45);
      expect(
        churn.every(
          (r: any) =>
            !r.datasetDrift && r.driftedCount === 0 && r.status === 'ok',
        ),
      ).toBe(true);
      const payment = await waitForRuns(
        server,
        'payment-volume-forecaster',
        45,
      );
      expect(payment.filter((r: any) => r.datasetDrift).length).toBe(7);
    } finally {
      await backend.stop();
    }
  });

  it('keeps its data in a SQLite directory across restarts, and seeding again adds nothing and fails nothing', async () => {
    // As app-config.yaml: one SQLite file per plugin in a directory.
    const directory = fs.mkdtempSync(
      path.join(os.tmpdir(), 'modelops-seed-restart-'),
    );
    const database = { client: 'better-sqlite3', connection: { directory } };
    try {
      const first: string[] = [];
      let backend = await start(true, { database, logs: first });
      try {
        const seeded = await waitForSeedLogs(first);
        expect(
          seeded.every(l =>
            /reference set, 45 windows added, 0 already stored/.test(l),
          ),
        ).toBe(true);
      } finally {
        await backend.stop();
      }
      expect(fs.readdirSync(directory)).toContain('modelops.sqlite');

      // Restart against the same files: the seeder finds everything and adds nothing.
      const second: string[] = [];
      backend = await start(true, { database, logs: second });
      try {
        const reseeded = await waitForSeedLogs(second);
        expect(reseeded).toEqual(
          entities.map(
            e =>
              expect.stringMatching(
                new RegExp(
                  `^info: example drift seed: ${e.metadata.name}: 0 windows added, 45 already stored`,
                ),
              ) as unknown as string,
          ),
        );
        expect(
          second.filter(l => /^(warn|error):/.test(l) && /seed/.test(l)),
        ).toEqual([]);

        // The data of the first start is there, once.
        for (const e of entities) {
          const name = e.metadata.name;
          const runs = await request(backend.server)
            .get(`/api/modelops/drift/models/default/${name}/runs?limit=500`)
            .set(auth);
          expect(runs.status).toBe(200);
          expect(runs.body.items).toHaveLength(45);
          expect(new Set(runs.body.items.map((r: any) => r.runId)).size).toBe(
            45,
          );
          const refs = await request(backend.server)
            .get(`/api/modelops/drift/models/default/${name}/references`)
            .set(auth);
          expect(refs.status).toBe(200);
          expect(refs.body.items).toHaveLength(1);
        }
      } finally {
        await backend.stop();
      }
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });

  it('does nothing unless enabled: no seeder is started, no data is written', async () => {
    const logs: string[] = [];
    const backend = await start(false, { logs });
    const server = backend.server;
    try {
      // startTestBackend resolves after every startup hook ran, so an enabled module would have
      // logged SEED_START_MESSAGE by now; the disabled one said so at init, and nothing else.
      expect(logs.filter(l => /example drift seed/.test(l))).toEqual([
        `info: ${SEED_OFF_MESSAGE}`,
      ]);
      expect(logs).not.toContain(`info: ${SEED_START_MESSAGE}`);
      const status = await request(server)
        .get('/api/modelops/drift/models/default/credit-default-scorer/status')
        .set(auth);
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({ hasReference: false, lastRun: null });
    } finally {
      await backend.stop();
    }
  });

  it('logs that it starts seeding once the backend has started, when enabled', async () => {
    const logs: string[] = [];
    const backend = await start(true, { logs });
    try {
      expect(logs).toContain(`info: ${SEED_START_MESSAGE}`);
      expect(logs).not.toContain(`info: ${SEED_OFF_MESSAGE}`);
      await waitForSeedLogs(logs);
    } finally {
      await backend.stop();
    }
  });
});
