import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ScorecardsApi, scorecardsApiRef } from '../../../api/ScorecardsApi';
import { fakeTeamModels, modelEntity, teamScorecard } from '../__fixtures__';
import { TeamScorecardPage } from './TeamScorecardPage';

const groups = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'acme', title: 'Acme' },
    spec: { type: 'organization', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'data-science', title: 'Data Science' },
    spec: { type: 'department', parent: 'acme', children: [] },
  },
];

const models = [
  modelEntity('ready', 'group:default/team-a', { monitoring: { drift: {} } }),
  modelEntity('undocumented', 'group:default/team-b', {
    intendedUse: undefined,
  }),
  modelEntity('banned', 'group:default/team-b', {
    euAiActCategory: 'prohibited',
  }),
];

function api(): ScorecardsApi {
  return {
    getModelScorecard: jest.fn(),
    getTeamScorecard: jest.fn(async () => teamScorecard(models)),
    getTeamModels: jest.fn(fakeTeamModels(teamScorecard(models).models)),
    getTeamHistory: jest.fn(async () => [
      {
        takenAt: '2026-11-20T00:00:00.000Z',
        scorecard: 'maturity',
        modelCount: 3,
        averageLevel: 0.5,
        levels: { '0': 2, '1': 1 },
      },
      {
        takenAt: '2026-11-21T00:00:00.000Z',
        scorecard: 'maturity',
        modelCount: 3,
        averageLevel: 1,
        levels: { '0': 1, '1': 2 },
      },
    ]),
  };
}

async function render(scorecardsApi: ScorecardsApi, path = '/') {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [scorecardsApiRef, scorecardsApi],
        [catalogApiRef, catalogApiMock({ entities: groups as any })],
      ]}
    >
      <TeamScorecardPage />
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('TeamScorecardPage', () => {
  it('defaults to the root group and shows distributions, trend and a table of models', async () => {
    const scorecardsApi = api();
    await render(scorecardsApi);
    expect(await screen.findByText('Data Science')).toBeInTheDocument(); // team title from the API
    expect(scorecardsApi.getTeamScorecard).toHaveBeenCalledWith(
      'group:default/acme',
      { includeDescendants: true, includeModels: false },
    );
    expect(
      screen.getByRole('figure', { name: 'Maturity: models per level' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('figure', {
        name: 'Production readiness: models per level',
      }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('figure', { name: 'Average level over time' }),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/Average level .* · 1 blocked/)).toHaveLength(2);

    await screen.findByText('Models (3)');
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    const banned = rows.find(r => within(r).queryByText('banned'))!;
    expect(
      within(banned).getByLabelText('level Blocked · Ad hoc · 0/4'),
    ).toBeInTheDocument();
    expect(
      within(banned).getByRole('link', { name: 'banned' }),
    ).toHaveAttribute('href', '/catalog/default/model/banned');
  });

  it('uses the team from the URL and can exclude child teams', async () => {
    const scorecardsApi = api();
    await render(scorecardsApi, '/?team=group:default/data-science');
    await screen.findByText('3 models · 1 group');
    expect(scorecardsApi.getTeamScorecard).toHaveBeenLastCalledWith(
      'group:default/data-science',
      { includeDescendants: true, includeModels: false },
    );
    fireEvent.click(
      screen.getByRole('checkbox', { name: 'Include child teams' }),
    );
    await screen.findByText('3 models · 1 group');
    expect(scorecardsApi.getTeamScorecard).toHaveBeenLastCalledWith(
      'group:default/data-science',
      { includeDescendants: false, includeModels: false },
    );
    expect(scorecardsApi.getTeamModels).toHaveBeenLastCalledWith(
      'group:default/data-science',
      expect.objectContaining({ includeDescendants: false }),
    );
  });

  it('sorts models by level, asking the backend for that order', async () => {
    const scorecardsApi = api();
    await render(scorecardsApi);
    await screen.findByText('Models (3)');
    const sort = () =>
      fireEvent.click(
        within(
          screen.getByRole('columnheader', { name: /Maturity/ }),
        ).getAllByRole('button')[0],
      );
    const names = () =>
      screen
        .getAllByRole('row')
        .slice(1)
        .map(r => within(r).getAllByRole('link')[0].textContent);
    sort();
    expect(scorecardsApi.getTeamModels).toHaveBeenLastCalledWith(
      'group:default/acme',
      expect.objectContaining({ sort: 'maturity', order: 'asc' }),
    );
    // ascending: level 1 after the two level-0 models
    await waitFor(() => expect(names()[2]).toBe('ready'));
    sort();
    await waitFor(() =>
      expect(scorecardsApi.getTeamModels).toHaveBeenLastCalledWith(
        'group:default/acme',
        expect.objectContaining({ sort: 'maturity', order: 'desc' }),
      ),
    );
    await waitFor(() => expect(names()[0]).toBe('ready'));
  });

  it('loads a large team page by page: the first 100 models, then the rest on "Load more"', async () => {
    const many = Array.from({ length: 130 }, (_, i) =>
      modelEntity(`m-${String(i).padStart(3, '0')}`, 'group:default/team-a'),
    );
    const scorecardsApi = api();
    const team = teamScorecard(many);
    (scorecardsApi.getTeamScorecard as jest.Mock).mockResolvedValue({
      ...team,
      models: [],
    });
    (scorecardsApi.getTeamModels as jest.Mock).mockImplementation(
      fakeTeamModels(team.models),
    );
    await render(scorecardsApi);
    expect(await screen.findByText('130 models · 1 group')).toBeInTheDocument();
    expect(await screen.findByText('Models (100 of 130)')).toBeInTheDocument();
    expect(screen.getAllByRole('row').slice(1)).toHaveLength(100);
    fireEvent.click(screen.getByRole('button', { name: 'Load more models' }));
    expect(await screen.findByText('Models (130)')).toBeInTheDocument();
    const names = screen
      .getAllByRole('row')
      .slice(1)
      .map(r => within(r).getAllByRole('link')[0].textContent);
    expect(names).toHaveLength(130);
    expect(new Set(names).size).toBe(130);
    expect(
      screen.queryByRole('button', { name: 'Load more models' }),
    ).not.toBeInTheDocument();
    // 100 table rows in jsdom take seconds to render on a loaded machine
  }, 30_000);

  const bars = (container: HTMLElement, chart: string) =>
    container
      .querySelector(`[aria-label="${chart}: models per level"]`)!
      .querySelectorAll('.recharts-bar-rectangle');
  const modelNames = () =>
    screen
      .getAllByRole('row')
      .slice(1)
      .map(r => within(r).queryAllByRole('link')[0]?.textContent)
      .filter(Boolean);

  it('filters the table to the level of a clicked bar, and clears the filter', async () => {
    const { container } = await render(api());
    await screen.findByText('Data Science');
    expect(modelNames()).toHaveLength(3);
    // Maturity: level 1 Managed holds "ready"; the others are at 0 Ad hoc
    fireEvent.click(bars(container, 'Maturity')[1]);
    expect(
      await screen.findByText('Models at Maturity level 1 Managed (1)'),
    ).toBeInTheDocument();
    expect(modelNames()).toEqual(['ready']);
    fireEvent.click(bars(container, 'Maturity')[0]);
    expect(
      await screen.findByText('Models at Maturity level 0 Ad hoc (2)'),
    ).toBeInTheDocument();
    expect(modelNames().sort()).toEqual(['banned', 'undocumented']);
    const chip = screen.getByRole('button', {
      name: 'Filter Maturity: level 0 Ad hoc',
    });
    fireEvent.click(chip.querySelector('svg')!); // the chip's delete icon
    await screen.findByText('Models (3)');
    expect(modelNames()).toHaveLength(3);
  });

  it('reads the level filter from the URL', async () => {
    await render(
      api(),
      '/?team=group:default/data-science&scorecard=maturity&level=1',
    );
    expect(
      await screen.findByText('Models at Maturity level 1 Managed (1)'),
    ).toBeInTheDocument();
    expect(modelNames()).toEqual(['ready']);
  });

  it('shows no trend value for a team with no models', async () => {
    const scorecardsApi = api();
    (scorecardsApi.getTeamScorecard as jest.Mock).mockResolvedValue(
      teamScorecard([]),
    );
    (scorecardsApi.getTeamHistory as jest.Mock).mockResolvedValue([
      {
        takenAt: '2026-11-21T00:00:00.000Z',
        scorecard: 'maturity',
        modelCount: 11,
        averageLevel: 1.55,
        levels: { '1': 6, '2': 5 },
      },
    ]);
    await render(scorecardsApi);
    expect(
      await screen.findByText('No trend: this team owns no models.'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('figure', { name: 'Average level over time' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText(/1\.55/)).not.toBeInTheDocument();
  });

  it('asks for the history of the same models as the table (child teams or not)', async () => {
    const scorecardsApi = api();
    await render(scorecardsApi);
    await screen.findByText('Data Science');
    expect(scorecardsApi.getTeamHistory).toHaveBeenLastCalledWith(
      'group:default/acme',
      { includeDescendants: true },
    );
    fireEvent.click(
      screen.getByRole('checkbox', { name: 'Include child teams' }),
    );
    await screen.findByText('Data Science');
    expect(scorecardsApi.getTeamHistory).toHaveBeenLastCalledWith(
      'group:default/acme',
      { includeDescendants: false },
    );
  });

  it('gives every table row an id (no material-table warning)', async () => {
    const env = process.env.NODE_ENV;
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      // material-table checks row ids only in development
      (process.env as any).NODE_ENV = 'development';
      await render(api());
      await screen.findByText('Data Science');
      expect(
        warn.mock.calls.filter(c => /unique id/.test(String(c[0]))),
      ).toEqual([]);
    } finally {
      (process.env as any).NODE_ENV = env;
      warn.mockRestore();
    }
  });
});
