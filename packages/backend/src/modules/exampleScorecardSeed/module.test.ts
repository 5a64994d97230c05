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
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import modelopsPlugin from '@modelops/plugin-modelops-backend';
import request from 'supertest';
// The repo's one polling helper for backend tests (test-only code of the backend plugin).
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { waitFor } from '@modelops/plugin-modelops-backend/src/tests/waitFor';
import {
  exampleScorecardSeedModule,
  SCORECARD_SEED_OFF_MESSAGE,
} from './module';

jest.setTimeout(120_000);

const group = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
});

const model = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'modelops.io/v1alpha1',
  kind: 'Model',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/techdocs-ref': 'dir:.' },
  },
  spec: {
    type: 'classification',
    lifecycle: 'experimental',
    owner: 'group:default/team-a',
    riskTier: 'low',
    euAiActCategory: 'minimal-risk',
    intendedUse:
      'Ranks support tickets by urgency for the first-line support team.',
    limitations: 'Trained on English tickets only; other languages rank low.',
    trainingData: ['resource:default/tickets'],
    versions: [
      { version: '1.0.0', metrics: { auc: 0.8 }, runUrl: 'https://r/1' },
    ],
    ...spec,
  },
});

const entities = [
  group('team-a'),
  group('team-empty'),
  model('ticket-ranker'),
  model('ticket-router'),
  model('draft-model', { intendedUse: undefined }),
];

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

function start(seedScorecardHistory: boolean, logs: string[] = []) {
  return startTestBackend({
    features: [
      modelopsPlugin,
      exampleScorecardSeedModule,
      catalogServiceMock.factory({ entities: entities as any }),
      mockServices.rootConfig.factory({
        data: {
          modelops: {
            exampleData: { seedScorecardHistory },
            // no scheduled snapshot during the test: every snapshot is the seeder's
            scorecards: { snapshots: { enabled: false } },
          },
        },
      }),
      recordingLoggerFactory(logs),
    ],
  });
}

const auth = {
  Authorization: mockCredentials.user.header('user:default/guest'),
};
const history = (team: string) =>
  `/api/modelops/scorecards/teams/default/${team}/history?scorecard=maturity`;

describe('exampleScorecardSeedModule', () => {
  it('takes a snapshot at start and seeds eight weekly snapshots before it, once', async () => {
    const logs: string[] = [];
    const backend = await start(true, logs);
    const { server } = backend;
    try {
      const items = await waitFor(
        async () => {
          const res = await request(server).get(history('team-a')).set(auth);
          return res.status === 200 && res.body.items.length >= 9
            ? (res.body.items as Array<Record<string, any>>)
            : undefined;
        },
        { timeoutMs: 90_000, describe: () => logs.join('\n') },
      );
      expect(items).toHaveLength(9);
      const times = items.map(p => Date.parse(p.takenAt));
      // one a week, the last one now
      expect(times[8] - times[0]).toBe(8 * 7 * 86_400_000);
      expect(Math.abs(Date.now() - times[8])).toBeLessThan(120_000);
      for (const p of items) expect(p.modelCount).toBe(3);
      // levels climb to today's, never above
      const averages = items.map(p => p.averageLevel);
      expect(Math.max(...averages)).toBe(averages[8]);
      expect(averages[0]).toBeLessThanOrEqual(averages[8]);
      const now = await request(server)
        .get('/api/modelops/scorecards/teams/default/team-a')
        .set(auth);
      expect(averages[8]).toBe(
        now.body.summary.find((s: any) => s.scorecard === 'maturity')
          .averageLevel,
      );
      // a team without models has no history
      const empty = await request(server).get(history('team-empty')).set(auth);
      expect(empty.body.items).toEqual([]);
      expect(logs.join('\n')).toMatch(
        /example scorecard seed: snapshot .* of 3 models taken, 8 weekly snapshots seeded before it/,
      );
    } finally {
      await backend.stop();
    }
  });

  it('is off unless enabled: no snapshot is taken', async () => {
    const logs: string[] = [];
    const backend = await start(false, logs);
    const { server } = backend;
    try {
      expect(logs).toContain(`info: ${SCORECARD_SEED_OFF_MESSAGE}`);
      const batches = await request(server)
        .get('/api/modelops/scorecards/snapshots')
        .set(auth);
      expect(batches.body.items).toEqual([]);
    } finally {
      await backend.stop();
    }
  });

  it('refuses to start in production', async () => {
    const env = process.env.NODE_ENV;
    (process.env as any).NODE_ENV = 'production';
    try {
      await expect(start(true)).rejects.toThrow(
        /seedScorecardHistory .* example portal only/,
      );
    } finally {
      (process.env as any).NODE_ENV = env;
    }
  });
});
