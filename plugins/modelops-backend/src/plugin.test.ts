import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { modelopsPlugin } from './plugin';

describe('modelopsPlugin', () => {
  it('serves /api/modelops/health without credentials', async () => {
    const { server } = await startTestBackend({ features: [modelopsPlugin] });
    const res = await request(server).get('/api/modelops/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      modelApiVersion: 'modelops.io/v1alpha1',
    });
  });

  it('schedules the scorecard snapshot globally (one replica per run), even if the configured schedule says local', async () => {
    const scheduler = mockServices.scheduler.mock();
    await startTestBackend({
      features: [
        modelopsPlugin,
        scheduler.factory,
        mockServices.rootConfig.factory({
          data: {
            modelops: {
              scorecards: {
                snapshots: {
                  schedule: {
                    frequency: { minutes: 30 },
                    timeout: { minutes: 5 },
                    scope: 'local',
                  },
                },
              },
            },
          },
        }),
      ],
    });
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'modelops-scorecards-snapshot',
        scope: 'global',
        frequency: { minutes: 30 },
      }),
    );
  });
});
