import { startTestBackend } from '@backstage/backend-test-utils';
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
});
