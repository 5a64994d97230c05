import { Entity } from '@backstage/catalog-model';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
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

/** The entity as the catalog returns it: with the ownedBy relation of its spec.owner. */
function processed(entity: Entity): Entity {
  if (entity.relations?.length || typeof entity.spec?.owner !== 'string')
    return entity;
  const owner = String(entity.spec.owner);
  return {
    ...entity,
    relations: [
      {
        type: 'ownedBy',
        targetRef: owner.includes(':') ? owner : `group:default/${owner}`,
      },
    ],
  };
}

async function render(entities: Entity[], url = '/') {
  const catalogApi = catalogApiMock({ entities: entities.map(processed) });
  await renderInTestApp(
    <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
      <ModelsPage />
      <Query />
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      routeEntries: [url],
    },
  );
  await screen.findByText(/^Models \(/);
  return catalogApi;
}

/** Waits until the table shows these model names (the catalog answers asynchronously). */
async function expectNames(names: string[]) {
  await waitFor(() => expect(modelNames()).toEqual(names), { timeout: 10_000 });
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
    await expectNames(['Credit Default Scorer']);
    expect(screen.getByText('Models (1 of 3)')).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Risk tier'), '');
    await user.selectOptions(
      screen.getByLabelText('Owner'),
      'group:default/retail-analytics',
    );
    await expectNames(['customer-churn-emea']);

    await user.selectOptions(screen.getByLabelText('Type'), 'llm');
    expect(
      await screen.findByText('No models match these filters.'),
    ).toBeInTheDocument();
    expect(modelNames()).toEqual([]);

    await user.selectOptions(screen.getByLabelText('Owner'), '');
    await expectNames(['support-assistant-llm']);
  });

  it('keeps the filters and the search in the URL, and counts what the search shows', async () => {
    // Opened from a shared link: the filters come from the URL.
    await render(
      [supportAssistant, creditDefaultScorer, churnPredictor],
      '/?riskTier=high',
    );
    await expectNames(['Credit Default Scorer']);
    expect(screen.getByLabelText('Risk tier')).toHaveValue('high');
    expect(screen.getByText('Models (1 of 3)')).toBeInTheDocument();

    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Risk tier'), '');
    expect(screen.getByTestId('query')).toHaveTextContent(/^$/);
    await user.type(screen.getByLabelText('Search'), 'churn');
    // The header count follows the text search.
    await expectNames(['customer-churn-emea']);
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
    await expectNames(['support-assistant-llm']);
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

  it('reads one page at a time from the catalog, with server-side filters, and never every model (issue 13 item 3)', async () => {
    const many = Array.from({ length: 25 }, (_, i) => ({
      ...churnPredictor,
      metadata: {
        ...churnPredictor.metadata,
        name: `model-${String(i).padStart(2, '0')}`,
      },
      spec: { ...churnPredictor.spec, riskTier: i % 3 ? 'low' : 'high' },
    }));
    const catalogApi = await render(many);
    const query = jest.spyOn(catalogApi, 'queryEntities');
    const getEntities = jest.spyOn(catalogApi, 'getEntities');

    expect(screen.getByText('Models (25 of 25)')).toBeInTheDocument();
    expect(modelNames()).toHaveLength(20);
    expect(modelNames()[0]).toBe('model-00');

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /next page/i }));
    await waitFor(() => expect(modelNames()[0]).toBe('model-20'), {
      timeout: 10_000,
    });
    expect(query).toHaveBeenLastCalledWith(
      expect.objectContaining({
        filter: { kind: 'Model' },
        limit: 20,
        offset: 20,
        orderFields: { field: 'metadata.name', order: 'asc' },
      }),
    );

    // A filter goes to the catalog and starts again at the first page.
    await user.selectOptions(screen.getByLabelText('Risk tier'), 'high');
    await screen.findByText('Models (9 of 25)', undefined, {
      timeout: 10_000,
    });
    expect(modelNames()[0]).toBe('model-00');
    expect(query).toHaveBeenLastCalledWith(
      expect.objectContaining({
        filter: { kind: 'Model', 'spec.riskTier': 'high' },
        offset: 0,
      }),
    );
    expect(getEntities).not.toHaveBeenCalled();
  }, 90_000);

  it('sends the search to the catalog as a text filter on the model fields', async () => {
    const catalogApi = await render(
      [supportAssistant, creditDefaultScorer, churnPredictor],
      '/?q=emea',
    );
    await expectNames(['customer-churn-emea']);
    const query = jest.spyOn(catalogApi, 'queryEntities');
    const user = userEvent.setup();
    await user.clear(screen.getByLabelText('Search'));
    await user.type(screen.getByLabelText('Search'), 'xgboost');
    await expectNames(['Credit Default Scorer']);
    expect(query).toHaveBeenLastCalledWith(
      expect.objectContaining({
        fullTextFilter: expect.objectContaining({ term: 'xgboost' }),
      }),
    );
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
              queryEntities: jest
                .fn()
                .mockRejectedValue(new Error('catalog down')),
              getEntityFacets: jest.fn().mockResolvedValue({ facets: {} }),
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
