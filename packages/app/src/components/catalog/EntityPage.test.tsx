import { Entity } from '@backstage/catalog-model';
import {
  catalogApiRef,
  EntityProvider,
  entityPresentationApiRef,
  entityRouteRef,
  starredEntitiesApiRef,
  MockStarredEntitiesApi,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { catalogGraphRouteRef } from '@backstage/plugin-catalog-graph';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import {
  ScmIntegrationsApi,
  scmIntegrationsApiRef,
} from '@backstage/integration-react';
import {
  catalogPlugin,
  DefaultEntityPresentationApi,
} from '@backstage/plugin-catalog';
import { apis } from '../../apis';
import { approvalsApiRef, driftApiRef } from '@modelops/plugin-modelops';
import { entityPage } from './EntityPage';
import {
  CatalogGraphApi,
  catalogGraphApiRef,
} from '@backstage/plugin-catalog-graph';

const model: Entity = {
  apiVersion: 'modelops.io/v1alpha1',
  kind: 'Model',
  metadata: {
    name: 'credit-default-scorer',
    namespace: 'default',
    title: 'Credit Default Scorer',
  },
  spec: {
    type: 'classification',
    lifecycle: 'production',
    owner: 'group:default/credit-risk-ds',
    riskTier: 'high',
    trainingData: ['resource:default/loans'],
    versions: [
      {
        version: '3.2.0',
        stage: 'production',
        createdAt: '2026-09-14',
        metrics: { auc: 0.912 },
      },
    ],
  },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/credit-risk-ds' },
    { type: 'trainedOn', targetRef: 'resource:default/loans' },
  ],
};

const dataset: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'loans', namespace: 'default' },
  spec: { type: 'dataset', owner: 'credit-risk-ds' },
  relations: [
    {
      type: 'trainingDataOf',
      targetRef: 'model:default/credit-default-scorer',
    },
  ],
};

async function renderEntityPage(entity: Entity) {
  const catalogApi = catalogApiMock({ entities: [model, dataset] });
  const getEntitiesByRefs = jest.spyOn(catalogApi, 'getEntitiesByRefs');
  const graphApi = apis
    .find(f => f.api.id === catalogGraphApiRef.id)!
    .factory({}) as CatalogGraphApi;
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [catalogApiRef, catalogApi],
        [starredEntitiesApiRef, new MockStarredEntitiesApi()],
        [permissionApiRef, mockApis.permission()],
        [catalogGraphApiRef, graphApi],
        [
          driftApiRef,
          {
            getStatus: async () => ({
              entityRef: 'model:default/credit-default-scorer',
              hasReference: false,
              reference: null,
              lastRun: null,
            }),
            listRuns: async () => ({ items: [] }),
            getRun: async () => undefined,
            getHistory: async () => [],
            getReference: async () => undefined,
          },
        ],
        [
          approvalsApiRef,
          {
            listRequests: async () => [],
            listPromotions: async () => [],
          } as any,
        ],
        [entityPresentationApiRef, DefaultEntityPresentationApi.createLocal()],
        [
          scmIntegrationsApiRef,
          ScmIntegrationsApi.fromConfig(mockApis.config()),
        ],
      ]}
    >
      <EntityProvider entity={entity}>{entityPage}</EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/catalog': catalogPlugin.routes.catalogIndex,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/catalog-graph': catalogGraphRouteRef,
      },
    },
  );
  return { getEntitiesByRefs };
}

// A whole entity page (graph, tables, cards) takes several seconds to render in jsdom.
jest.setTimeout(30_000);

describe('entityPage', () => {
  it('shows the ModelOps cards on a Model page', async () => {
    await renderEntityPage(model);

    expect(await screen.findByText('Risk tier')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Overview' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Lineage' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Drift' })).toBeInTheDocument();
    expect(
      await screen.findByLabelText('Dataset status: No data'),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('heading', { name: 'Versions' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'Model lineage' }),
    ).toBeInTheDocument();
    expect(screen.getByText('About')).toBeInTheDocument();
    expect(
      await screen.findByText('Governed promotion with an audit trail'),
    ).toBeInTheDocument();
  });

  it("draws the models trained on a dataset in the dataset's graph", async () => {
    const { getEntitiesByRefs } = await renderEntityPage(dataset);

    expect(await screen.findByText('Relations')).toBeInTheDocument();
    await waitFor(() =>
      expect(getEntitiesByRefs).toHaveBeenCalledWith(
        expect.objectContaining({
          entityRefs: expect.arrayContaining([
            'model:default/credit-default-scorer',
          ]),
        }),
      ),
    );
  });
});
