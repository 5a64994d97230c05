/*
 * A test-only legacy app: the entity page a legacy-frontend-system app writes by hand in its
 * EntityPage.tsx (the path docs/install.md documents), rendered with the legacy exports of this
 * package. It proves that apps still on the old frontend system keep working.
 */
import { Grid } from '@material-ui/core';
import { Entity } from '@backstage/catalog-model';
import {
  catalogApiRef,
  EntityProvider,
  entityPresentationApiRef,
  entityRouteRef,
  MockStarredEntitiesApi,
  starredEntitiesApiRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  ALL_RELATION_PAIRS,
  ALL_RELATIONS,
  catalogGraphApiRef,
  catalogGraphRouteRef,
  DefaultCatalogGraphApi,
} from '@backstage/plugin-catalog-graph';
import {
  catalogPlugin,
  DefaultEntityPresentationApi,
  EntityLayout,
  EntitySwitch,
  isKind,
} from '@backstage/plugin-catalog';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import {
  approvalsApiRef,
  driftApiRef,
  EntityModelApprovalsCard,
  EntityModelCard,
  EntityModelDriftCard,
  EntityModelDriftContent,
  EntityModelLineageCard,
  EntityModelLineageContent,
  EntityModelLineageTable,
  EntityModelScorecardCard,
  EntityModelUsageCard,
  EntityModelVersionsCard,
  modelopsLineageRelations,
  modelopsRelationPairs,
} from './index';
import { creditDefaultScorer } from './__fixtures__/models';

/** What a legacy app's EntityPage.tsx contains for Models (see docs/install.md, legacy path). */
const modelPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      <Grid container spacing={3} alignItems="stretch">
        <Grid item md={6} xs={12}>
          <EntityModelCard />
        </Grid>
        <Grid item md={6} xs={12}>
          <EntityModelLineageCard />
        </Grid>
        <Grid item xs={12}>
          <EntityModelVersionsCard />
        </Grid>
        <Grid item xs={12}>
          <EntityModelApprovalsCard />
        </Grid>
        <Grid item md={6} xs={12}>
          <EntityModelLineageTable />
        </Grid>
        <Grid item md={6} xs={12}>
          <EntityModelDriftCard />
        </Grid>
      </Grid>
    </EntityLayout.Route>
    <EntityLayout.Route path="/lineage" title="Lineage">
      <EntityModelLineageContent />
    </EntityLayout.Route>
    <EntityLayout.Route path="/drift" title="Drift">
      <EntityModelDriftContent />
    </EntityLayout.Route>
    <EntityLayout.Route path="/scorecards" title="Scorecards">
      <EntityModelScorecardCard />
    </EntityLayout.Route>
  </EntityLayout>
);

const resourcePage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      <EntityModelUsageCard usage="training" />
    </EntityLayout.Route>
  </EntityLayout>
);

const entityPage = (
  <EntitySwitch>
    <EntitySwitch.Case if={isKind('model')} children={modelPage} />
    <EntitySwitch.Case if={isKind('resource')} children={resourcePage} />
  </EntitySwitch>
);

const dataset: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'loan-applications-2019-2025', namespace: 'default' },
  spec: { type: 'dataset', owner: 'credit-risk-ds' },
  relations: [
    {
      type: 'trainingDataOf',
      targetRef: 'model:default/credit-default-scorer',
    },
  ],
};

async function renderLegacyEntityPage(entity: Entity) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [
          catalogApiRef,
          catalogApiMock({ entities: [creditDefaultScorer, dataset] }),
        ],
        [starredEntitiesApiRef, new MockStarredEntitiesApi()],
        [permissionApiRef, mockApis.permission()],
        [
          catalogGraphApiRef,
          new DefaultCatalogGraphApi({
            knownRelations: [
              ...new Set([...ALL_RELATIONS, ...modelopsLineageRelations]),
            ],
            knownRelationPairs: [
              ...ALL_RELATION_PAIRS,
              ...modelopsRelationPairs,
            ],
            defaultRelationTypes: { exclude: [] },
          }),
        ],
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
            getHistorySeries: async () => ({
              entityRef: 'model:default/credit-default-scorer',
              from: null,
              to: null,
              maxPoints: 300,
              series: [],
            }),
            getReference: async () => undefined,
          } as any,
        ],
        [
          approvalsApiRef,
          {
            listRequests: async () => ({ items: [] }),
            listPromotions: async () => [],
          } as any,
        ],
        [entityPresentationApiRef, DefaultEntityPresentationApi.createLocal()],
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
}

// A whole entity page (graph, tables, cards) takes several seconds to render in jsdom.
jest.setTimeout(30_000);

describe('legacy frontend system: a Model entity page from the legacy exports', () => {
  it('renders the ModelOps cards and tabs', async () => {
    await renderLegacyEntityPage(creditDefaultScorer);

    expect(await screen.findByText('Risk tier')).toBeInTheDocument();
    for (const tab of ['Overview', 'Lineage', 'Drift', 'Scorecards']) {
      expect(screen.getByRole('tab', { name: tab })).toBeInTheDocument();
    }
    expect(
      await screen.findByLabelText('Dataset status: No data'),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('heading', { name: 'Versions' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'Model lineage' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('Governed promotion with an audit trail'),
    ).toBeInTheDocument();
  });

  it("shows the models trained on a dataset on the dataset's page", async () => {
    await renderLegacyEntityPage(dataset);
    expect(
      await screen.findByText('Models trained on this resource'),
    ).toBeInTheDocument();
  });
});
