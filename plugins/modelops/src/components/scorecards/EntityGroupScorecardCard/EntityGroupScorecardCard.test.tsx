import { EntityProvider } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { ScorecardsApi, scorecardsApiRef } from '../../../api/ScorecardsApi';
import { scorecardsRouteRef } from '../routes';
import { modelEntity, teamScorecard } from '../__fixtures__';
import { EntityGroupScorecardCard } from './EntityGroupScorecardCard';

const group = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'data-science', namespace: 'default' },
  spec: { type: 'department', children: [] },
};

async function render(response: ReturnType<typeof teamScorecard>) {
  const scorecardsApi: ScorecardsApi = {
    getModelScorecard: jest.fn(),
    getTeamScorecard: jest.fn(async () => response),
    getTeamModels: jest.fn(),
    getTeamHistory: jest.fn(),
  };
  await renderInTestApp(
    <TestApiProvider apis={[[scorecardsApiRef, scorecardsApi]]}>
      <EntityProvider entity={group}>
        <EntityGroupScorecardCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/scorecards': scorecardsRouteRef } },
  );
  return scorecardsApi;
}

describe('EntityGroupScorecardCard', () => {
  it('summarizes the group and links to the team page', async () => {
    const scorecardsApi = await render(
      teamScorecard([
        modelEntity('a', 'group:default/t'),
        modelEntity('b', 'group:default/t', { intendedUse: undefined }),
      ]),
    );
    expect(
      await screen.findByText('Maturity: average level 0.5 over 2 models'),
    ).toBeInTheDocument();
    // The roll-up only, not one row per model.
    expect(scorecardsApi.getTeamScorecard).toHaveBeenCalledWith(
      'group:default/data-science',
      { includeModels: false },
    );
    expect(
      screen.getByRole('link', { name: /Open team scorecard/ }),
    ).toHaveAttribute(
      'href',
      '/scorecards?team=group%3Adefault%2Fdata-science',
    );
  });

  it('says when the group owns no models', async () => {
    await render(teamScorecard([]));
    expect(
      await screen.findByText(
        'No models are owned by this group or its child teams.',
      ),
    ).toBeInTheDocument();
  });
});
