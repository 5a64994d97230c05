import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleUnprocessedEntities from '@backstage/plugin-catalog-backend-module-unprocessed';
import request from 'supertest';
import path from 'node:path';
import { catalogModuleModelopsEntityModel } from './module';
import { catalogModuleModelopsModelLayer } from './modelLayerModule';
import { waitFor } from './tests/waitFor';

// The real catalog processes and stitches in the background: minutes, not seconds, on a busy 2-core CI machine.
jest.setTimeout(240_000);

describe('catalogModuleModelopsModelLayer (opt-in catalog model layer)', () => {
  it('keeps built-in kinds working and still validates and relates Models', async () => {
    const fixtures = path.resolve(__dirname, '__fixtures__');
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleUnprocessedEntities,
        catalogModuleModelopsEntityModel,
        catalogModuleModelopsModelLayer,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['Model', 'Component', 'Location'] }],
              locations: [
                {
                  type: 'file',
                  target: path.join(fixtures, 'catalog-info.yaml'),
                },
                {
                  type: 'file',
                  target: path.join(fixtures, 'with-component.yaml'),
                },
              ],
            },
          },
        }),
      ],
    });
    const auth = { Authorization: mockCredentials.user.header() };
    const get = (p: string) => request(server).get(p).set(auth);

    const model = await waitFor(async () => {
      const r = await get(
        '/api/catalog/entities/by-name/model/default/fraud-detector',
      );
      return r.status === 200 && r.body.relations?.length ? r.body : undefined;
    });
    expect(model.relations.map((r: any) => r.type).sort()).toEqual([
      'derivedFrom',
      'ownedBy',
      'partOf',
      'servedBy',
      'trainedOn',
    ]);

    const component = await waitFor(async () => {
      const r = await get(
        '/api/catalog/entities/by-name/component/default/fraud-scoring-service',
      );
      return r.status === 200 &&
        r.body.relations?.some((x: any) => x.type === 'serves')
        ? r.body
        : undefined;
    });
    expect(
      component.relations.map((r: any) => `${r.type} ${r.targetRef}`),
    ).toContain('serves model:default/fraud-detector');

    const errors = await waitFor(async () => {
      const r = await get('/api/catalog/entities/unprocessed/failed');
      const p = await get('/api/catalog/entities/unprocessed/pending');
      const all = [...(r.body.entities ?? []), ...(p.body.entities ?? [])]
        .filter(
          (e: any) => e.unprocessed_entity?.metadata?.name === 'broken-model',
        )
        .flatMap((e: any) => (e.errors ?? []).map((x: any) => x.message));
      return all.length ? all : undefined;
    });
    expect(errors.join('\n')).toMatch(/riskTier/);
  });
});
