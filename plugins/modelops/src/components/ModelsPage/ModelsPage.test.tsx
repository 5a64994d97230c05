import { Entity } from '@backstage/catalog-model';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  churnPredictor,
  creditDefaultScorer,
  supportAssistant,
} from '../../__fixtures__/models';
import { useLocation } from 'react-router-dom';
import { ModelsPage } from './ModelsPage';

const service: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'credit-scoring-service', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'credit-risk-ds' },
};

/** Shows the current URL query, so tests can see the filters written to it. */
function Query() {
  return <output data-testid="query">{useLocation().search}</output>;
}

async function render(entities: Entity[], url = '/') {
  await renderInTestApp(
    <TestApiProvider apis={[[catalogApiRef, catalogApiMock({ entities })]]}>
      <ModelsPage />
      <Query />
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      routeEntries: [url],
    },
  );
  await screen.findByText(/^Models \(/);
}

function modelNames() {
  const table = screen.getAllByRole('table')[0];
  const [, ...rows] = within(table).getAllByRole('row');
  return rows
    .filter(row => within(row).queryAllByRole('cell').length > 1)
    .map(row => within(row).getAllByRole('cell')[0].textContent);
}

function rowOf(name: string) {
  return screen.getByRole('link', { name }).closest('tr')!;
}

// Typing into filters with userEvent takes seconds in jsdom when the suite runs in parallel on 2 cores.
jest.setTimeout(30_000);

describe('ModelsPage', () => {
  it('lists every model of the catalog and nothing else', async () => {
    await render([
      service,
      supportAssistant,
      creditDefaultScorer,
      churnPredictor,
    ]);

    expect(screen.getByText('Models (3 of 3)')).toBeInTheDocument();
    expect(modelNames()).toEqual([
      'Credit Default Scorer',
      'customer-churn-emea',
      'support-assistant-llm',
    ]);
    expect(
      screen.queryByRole('link', { name: 'credit-scoring-service' }),
    ).not.toBeInTheDocument();

    const credit = rowOf('Credit Default Scorer');
    expect(
      within(credit)
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    ).toEqual([
      'Credit Default Scorer',
      'classification',
      'credit-risk-ds',
      'credit-decisioning',
      'production',
      'High',
      'High-risk',
      '3.2.0Unverified',
      '4',
    ]);
    // No promotion recorded: flagged with the sentence every page uses.
    expect(
      within(credit).getByLabelText(
        'The catalog says version 3.2.0 is in production, but no approved promotion is recorded: treat it as unverified.',
      ),
    ).toBeInTheDocument();
    expect(
      within(credit).getByRole('link', { name: 'credit-risk-ds' }),
    ).toHaveAttribute('href', '/catalog/default/group/credit-risk-ds');
    expect(
      within(credit).getByLabelText('Risk tier: High'),
    ).toBeInTheDocument();
    expect(
      within(rowOf('support-assistant-llm')).getAllByRole('cell')[7],
    ).toHaveTextContent('-');
  });

  it('shows the approved production version the catalog module recorded (issue 12 item 1)', async () => {
    await render([
      {
        ...creditDefaultScorer,
        metadata: {
          ...creditDefaultScorer.metadata,
          annotations: {
            'modelops.io/approved-production-version': '3.3.0',
            'modelops.io/approved-production-request': 'req-33',
            'modelops.io/approved-production-at': '2026-11-27T10:00:00.000Z',
          },
        },
      },
    ]);
    const credit = rowOf('Credit Default Scorer');
    expect(within(credit).getAllByRole('cell')[7]).toHaveTextContent(
      '3.3.0Approved',
    );
    expect(
      within(credit).getByLabelText(
        'Version 3.3.0 is in production through an approved promotion (request req-33) on 2026-11-27; spec.versions still declares 3.2.0: update it.',
      ),
    ).toBeInTheDocument();
  });

  it('filters by risk tier, owner and type', async () => {
    await render([supportAssistant, creditDefaultScorer, churnPredictor]);
    const user = userEvent.setup();

    await user.selectOptions(screen.getByLabelText('Risk tier'), 'high');
    expect(modelNames()).toEqual(['Credit Default Scorer']);
    expect(screen.getByText('Models (1 of 3)')).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Risk tier'), '');
    await user.selectOptions(
      screen.getByLabelText('Owner'),
      'group:default/retail-analytics',
    );
    expect(modelNames()).toEqual(['customer-churn-emea']);

    await user.selectOptions(screen.getByLabelText('Type'), 'llm');
    expect(modelNames()).toEqual([]);
    expect(
      screen.getByText('No models match these filters.'),
    ).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Owner'), '');
    expect(modelNames()).toEqual(['support-assistant-llm']);
  });

  it('keeps the filters and the search in the URL, and counts what the search shows', async () => {
    // Opened from a shared link: the filters come from the URL.
    await render(
      [supportAssistant, creditDefaultScorer, churnPredictor],
      '/?riskTier=high',
    );
    expect(modelNames()).toEqual(['Credit Default Scorer']);
    expect(screen.getByLabelText('Risk tier')).toHaveValue('high');
    expect(screen.getByText('Models (1 of 3)')).toBeInTheDocument();

    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Risk tier'), '');
    expect(screen.getByTestId('query')).toHaveTextContent(/^$/);
    await user.type(screen.getByLabelText('Search'), 'churn');
    // The header count follows the text search.
    expect(modelNames()).toEqual(['customer-churn-emea']);
    expect(screen.getByText('Models (1 of 3)')).toBeInTheDocument();
    expect(screen.getByTestId('query')).toHaveTextContent('?q=churn');
    await user.selectOptions(
      screen.getByLabelText('Owner'),
      'group:default/retail-analytics',
    );
    expect(screen.getByTestId('query')).toHaveTextContent(
      '?owner=group%3Adefault%2Fretail-analytics&q=churn',
    );
  });

  it('searches every word in name, owner, system and tags', async () => {
    await render(
      [supportAssistant, creditDefaultScorer, churnPredictor],
      '/?q=LLM%20support',
    );
    expect(modelNames()).toEqual(['support-assistant-llm']);
    expect(screen.getByLabelText('Search')).toHaveValue('LLM support');
    expect(screen.getByText('Models (1 of 3)')).toBeInTheDocument();
  });

  it('offers the owners and types present in the catalog', async () => {
    await render([supportAssistant, creditDefaultScorer, churnPredictor]);

    const owners = within(screen.getByLabelText('Owner'))
      .getAllByRole('option')
      .map(option => option.textContent);
    expect(owners).toEqual([
      'All',
      'credit-risk-ds',
      'customer-care-ai',
      'retail-analytics',
    ]);
    const types = within(screen.getByLabelText('Type'))
      .getAllByRole('option')
      .map(option => option.textContent);
    expect(types).toEqual(['All', 'classification', 'llm']);
  });

  it('says so when the catalog has no models', async () => {
    await render([service]);
    expect(
      screen.getByText(/No models in the catalog yet/),
    ).toBeInTheDocument();
  });

  it('shows catalog errors', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            catalogApiRef,
            catalogApiMock.mock({
              getEntities: jest
                .fn()
                .mockRejectedValue(new Error('catalog down')),
            }),
          ],
        ]}
      >
        <ModelsPage />
      </TestApiProvider>,
    );
    expect(await screen.findByText('Error: catalog down')).toBeInTheDocument();
  });
});
