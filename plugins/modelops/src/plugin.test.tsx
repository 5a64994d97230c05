import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { creditDefaultScorer } from './__fixtures__/models';
import * as publicApi from './index';

describe('@modelops/plugin-modelops', () => {
  it('exports the plugin, its extensions and helpers only', () => {
    expect(Object.keys(publicApi).sort()).toEqual([
      'ApprovalsClient',
      'DriftClient',
      'EntityGroupScorecardCard',
      'EntityModelApprovalsCard',
      'EntityModelCard',
      'EntityModelDriftCard',
      'EntityModelDriftContent',
      'EntityModelExportButton',
      'EntityModelLineageCard',
      'EntityModelLineageContent',
      'EntityModelLineageTable',
      'EntityModelScorecardCard',
      'EntityModelUsageCard',
      'EntityModelVersionsCard',
      'ModelopsModelNameFieldExtension',
      'ModelopsPromotionPolicyFieldExtension',
      'ModelsPage',
      'MyApprovalsPage',
      'ScorecardsClient',
      'TeamScorecardPage',
      'approvalsApiRef',
      'driftApiRef',
      'isModelEntity',
      'modelopsLineageRelations',
      'modelopsPlugin',
      'modelopsRelationPairs',
      'scorecardsApiRef',
    ]);
    expect(publicApi.modelopsPlugin.getId()).toBe('modelops');
    expect(
      [...publicApi.modelopsPlugin.getApis()].map(factory => factory.api.id),
    ).toContain(publicApi.driftApiRef.id);
    expect(publicApi.isModelEntity(creditDefaultScorer)).toBe(true);
  });

  it('loads the lazy entity extensions', async () => {
    await renderInTestApp(
      <EntityProvider entity={creditDefaultScorer}>
        <publicApi.EntityModelCard />
        <publicApi.EntityModelVersionsCard />
        <publicApi.EntityModelLineageTable />
      </EntityProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(
      await screen.findByText('Credit Default Scorer'),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('heading', { name: 'Versions' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'Model lineage' }),
    ).toBeInTheDocument();
  });
});
