import { EntityProvider } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { ScorecardsApi, scorecardsApiRef } from '../../../api/ScorecardsApi';
import { modelEntity, modelScorecard } from '../__fixtures__';
import { EntityModelScorecardCard } from './EntityModelScorecardCard';

function api(overrides: Partial<ScorecardsApi>): ScorecardsApi {
  return {
    getModelScorecard: jest.fn(),
    getTeamScorecard: jest.fn(),
    getTeamModels: jest.fn(),
    getTeamHistory: jest.fn(),
    ...overrides,
  };
}

async function render(
  scorecardsApi: ScorecardsApi,
  entity = modelEntity('scorer', 'group:default/credit-risk-ds'),
) {
  return renderInTestApp(
    <TestApiProvider apis={[[scorecardsApiRef, scorecardsApi]]}>
      <EntityProvider entity={entity}>
        <EntityModelScorecardCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityModelScorecardCard', () => {
  it('shows a badge per scorecard and checks grouped by level with evidence and how to fix', async () => {
    // no model card and no drift run: maturity Managed (1)
    const entity = modelEntity('scorer', 'group:default/credit-risk-ds', {
      servedBy: [],
    });
    const getModelScorecard = jest.fn(async () => modelScorecard(entity));
    await render(api({ getModelScorecard }), entity);
    expect(getModelScorecard).toHaveBeenCalledWith('model:default/scorer');
    expect(
      await screen.findByRole('tab', { name: 'Maturity: Managed' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('tab', { name: 'Production readiness: Bronze' }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('level Managed · 1/4')).toBeInTheDocument();
    expect(
      screen.getByText(/Next: Reproducible \(level 2\) — fix 1 check/),
    ).toBeInTheDocument();
    for (const level of [1, 2, 3, 4])
      expect(screen.getByText(`Level ${level}`)).toBeInTheDocument();

    const card = screen.getByTestId('check-model-card-present');
    expect(
      within(card).getByText('Model card or TechDocs'),
    ).toBeInTheDocument();
    expect(
      within(card).getByText(/no backstage.io\/techdocs-ref annotation/),
    ).toBeInTheDocument();
    expect(within(card).getByText(/How to fix:/)).toBeInTheDocument();
    const owner = screen.getByTestId('check-owner-is-group');
    expect(within(owner).getByText('(passed)')).toBeInTheDocument();
    expect(within(owner).queryByText(/How to fix:/)).not.toBeInTheDocument();
    // no approval facts: the check is not evaluated (not "not applicable"), and the counts say so
    const approved = screen.getByTestId('check-production-version-approved');
    expect(within(approved).getByText('(not evaluated)')).toBeInTheDocument();
    expect(
      within(approved).getByText(
        /needs approval facts to prove it was approved/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/1 not applicable, 1 not evaluated/),
    ).toBeInTheDocument();

    fireEvent.click(
      screen.getByRole('tab', { name: 'Production readiness: Bronze' }),
    );
    expect(screen.getByLabelText('level Bronze · 1/3')).toBeInTheDocument();
    expect(screen.queryByText('Level 4')).not.toBeInTheDocument();
  });

  it('marks a prohibited model as blocked', async () => {
    const entity = modelEntity('banned', 'group:default/a', {
      euAiActCategory: 'prohibited',
    });
    await render(
      api({ getModelScorecard: async () => modelScorecard(entity) }),
      entity,
    );
    expect(
      await screen.findByLabelText('level Blocked · Ad hoc · 0/4'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('check-eu-ai-act-category')).getByText(
        '(failed, blocking)',
      ),
    ).toBeInTheDocument();
  });

  it('shows the server error', async () => {
    await render(
      api({
        getModelScorecard: async () => {
          throw new Error('no Model model:default/scorer in the catalog');
        },
      }),
    );
    expect(
      (
        await screen.findAllByText(
          /no Model model:default\/scorer in the catalog/,
        )
      ).length,
    ).toBeGreaterThan(0);
  });
});
