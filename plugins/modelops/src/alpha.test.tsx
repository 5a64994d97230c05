import { Entity } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import modelopsPlugin, {
  modelopsApprovalsApi,
  modelopsCatalogGraphApi,
  modelopsApprovalsCard,
  modelopsApprovalsPage,
  modelopsDriftApi,
  modelopsDriftCard,
  modelopsDriftContent,
  modelopsGroupScorecardCard,
  modelopsLineageCard,
  modelopsLineageContent,
  modelopsLineageTableCard,
  modelopsModelCard,
  modelopsModelsPage,
  modelopsScorecardsApi,
  modelopsScorecardsContent,
  modelopsScorecardsPage,
  modelopsServedModelsCard,
  modelopsTrainedModelsCard,
  modelopsVersionsCard,
} from './alpha';
import { approvalsApiRef } from './api/ApprovalsApi';
import { driftApiRef } from './api/DriftApi';
import { scorecardsApiRef } from './api/ScorecardsApi';
import { creditDefaultScorer, churnPredictor } from './__fixtures__/models';
import { rootRouteRef } from './routes';

jest.setTimeout(30_000);

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'credit-risk-ds' },
  spec: { type: 'team', children: [] },
};
const dataset: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'loan-applications-2019-2025' },
  spec: { type: 'dataset', owner: 'credit-risk-ds' },
};
const service: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'credit-scoring-service' },
  spec: { type: 'service', lifecycle: 'production', owner: 'credit-risk-ds' },
};

function filterOf(extension: Parameters<typeof createExtensionTester>[0]) {
  const tester = createExtensionTester(extension as any);
  const fn = tester.get(EntityCardBlueprint.dataRefs.filterFunction as any) as
    | ((e: Entity) => boolean)
    | undefined;
  return fn;
}

describe('modelops plugin (new frontend system)', () => {
  it('is the modelops plugin with shared route refs', () => {
    expect(modelopsPlugin.pluginId).toBe('modelops');
    expect(modelopsPlugin.routes.root).toBe(rootRouteRef);
  });

  it.each([
    ['model card', modelopsModelCard],
    ['lineage card', modelopsLineageCard],
    ['versions card', modelopsVersionsCard],
    ['approvals card', modelopsApprovalsCard],
    ['lineage table', modelopsLineageTableCard],
    ['drift card', modelopsDriftCard],
  ])('shows the %s on Model pages only', (_name, card) => {
    const filter = filterOf(card);
    expect(filter).toBeDefined();
    expect(filter!(creditDefaultScorer)).toBe(true);
    expect(filter!(service)).toBe(false);
    expect(filter!(group)).toBe(false);
  });

  it('puts the group scorecard on Group pages and the usage cards on Resource and Component pages', () => {
    expect(filterOf(modelopsGroupScorecardCard)!(group)).toBe(true);
    expect(filterOf(modelopsGroupScorecardCard)!(creditDefaultScorer)).toBe(
      false,
    );
    expect(filterOf(modelopsTrainedModelsCard)!(dataset)).toBe(true);
    expect(filterOf(modelopsTrainedModelsCard)!(service)).toBe(false);
    expect(filterOf(modelopsServedModelsCard)!(service)).toBe(true);
    expect(filterOf(modelopsServedModelsCard)!(dataset)).toBe(false);
  });

  it('renders the model card of a Model entity', async () => {
    const tester = createExtensionTester(modelopsModelCard);
    await renderInTestApp(
      <EntityProvider entity={creditDefaultScorer}>
        {tester.reactElement()}
      </EntityProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(
      await screen.findByText('Credit Default Scorer', undefined, {
        timeout: 15_000,
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('Intended use')).toBeInTheDocument();
  });

  it('takes a card title from app-config', async () => {
    const tester = createExtensionTester(modelopsVersionsCard, {
      config: { title: 'Releases' },
    });
    await renderInTestApp(
      <EntityProvider entity={creditDefaultScorer}>
        {tester.reactElement()}
      </EntityProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(
      await screen.findByText('Releases', undefined, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(screen.getByText('3.2.0')).toBeInTheDocument();
  });

  it('declares the Lineage, Drift and Scorecards tabs for Model pages', () => {
    const tabs = [
      [modelopsLineageContent, 'lineage', 'Lineage'],
      [modelopsDriftContent, 'drift', 'Drift'],
      [modelopsScorecardsContent, 'scorecards', 'Scorecards'],
    ] as const;
    for (const [content, path, title] of tabs) {
      const tester = createExtensionTester(
        content as typeof modelopsDriftContent,
      );
      expect(tester.get(coreExtensionData.routePath)).toBe(path);
      expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(title);
      const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
      expect(filter?.(creditDefaultScorer)).toBe(true);
      expect(filter?.(service)).toBe(false);
    }
  });

  it('declares the pages with nav titles and icons', () => {
    const pages = [
      [modelopsModelsPage, '/modelops', 'Models'],
      [modelopsScorecardsPage, '/scorecards', 'Scorecards'],
      [modelopsApprovalsPage, '/approvals', 'My approvals'],
    ] as const;
    for (const [page, path, title] of pages) {
      const tester = createExtensionTester(page as typeof modelopsModelsPage);
      expect(tester.get(coreExtensionData.routePath)).toBe(path);
      expect(tester.get(coreExtensionData.title)).toBe(title);
      expect(tester.get(coreExtensionData.icon)).toBeDefined();
    }
  });

  it('gives each page a path no other page path starts with (the sidebar highlights one item)', () => {
    // The app's sidebar marks an item active when the current path starts with the item's path.
    const paths = [
      modelopsModelsPage,
      modelopsScorecardsPage,
      modelopsApprovalsPage,
    ].map(page =>
      createExtensionTester(page as typeof modelopsModelsPage).get(
        coreExtensionData.routePath,
      ),
    );
    const nested = paths.flatMap(a =>
      paths.filter(b => b.startsWith(`${a}/`)).map(b => `${b} under ${a}`),
    );
    expect(nested).toEqual([]);
  });

  it('renders the model inventory page', async () => {
    const tester = createExtensionTester(modelopsModelsPage);
    await renderInTestApp(tester.reactElement(), {
      apis: [
        [
          catalogApiRef,
          catalogApiMock({
            entities: [creditDefaultScorer, churnPredictor, service],
          }),
        ],
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(
      await screen.findByText('Models (2 of 2)', undefined, {
        timeout: 15_000,
      }),
    ).toBeInTheDocument();
  });

  it('provides the drift, scorecards and approvals API clients', () => {
    expect(
      createExtensionTester(modelopsDriftApi).get(ApiBlueprint.dataRefs.factory)
        .api.id,
    ).toBe(driftApiRef.id);
    expect(
      createExtensionTester(modelopsScorecardsApi).get(
        ApiBlueprint.dataRefs.factory,
      ).api.id,
    ).toBe(scorecardsApiRef.id);
    expect(
      createExtensionTester(modelopsApprovalsApi).get(
        ApiBlueprint.dataRefs.factory,
      ).api.id,
    ).toBe(approvalsApiRef.id);
  });

  it('teaches catalog-graph the Model relations and shows them by default', () => {
    const factory = createExtensionTester(modelopsCatalogGraphApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    const api = factory.factory({}) as any;
    for (const type of [
      'trainedOn',
      'trainingDataOf',
      'servedBy',
      'serves',
      'derivedFrom',
      'hasDerivative',
      'ownedBy',
      'hasPart',
    ]) {
      expect(api.knownRelations).toContain(type);
      expect(api.defaultRelations).toContain(type);
    }
    expect(new Set(api.knownRelations).size).toBe(api.knownRelations.length);
    expect(api.knownRelationPairs).toEqual(
      expect.arrayContaining([
        ['trainedOn', 'trainingDataOf'],
        ['servedBy', 'serves'],
        ['derivedFrom', 'hasDerivative'],
        ['parentOf', 'childOf'],
      ]),
    );
  });
});
