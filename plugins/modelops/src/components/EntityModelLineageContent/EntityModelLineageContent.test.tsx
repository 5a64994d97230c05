import {
  EntityProvider,
  entityRouteRef,
  catalogApiRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  catalogGraphApiRef,
  catalogGraphRouteRef,
  DefaultCatalogGraphApi,
} from '@backstage/plugin-catalog-graph';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { creditDefaultScorer } from '../../__fixtures__/models';
import { EntityModelLineageContent } from './EntityModelLineageContent';

// jsdom has no SVG layout; the graph measures its labels once entities load.
beforeAll(() => {
  (window.SVGElement.prototype as any).getBBox = () => ({
    x: 0,
    y: 0,
    width: 80,
    height: 16,
  });
});

/** The graph card's "View graph" deep link says which relations and depth the graph follows. */
function graphLink() {
  const link = screen.getByRole('link', { name: /View graph/ });
  const href = decodeURIComponent(link.getAttribute('href')!);
  const relations = [...href.matchAll(/selectedRelations\[\]=(\w+)/g)].map(
    m => m[1],
  );
  const depth = Number(/maxDepth=(\d+)/.exec(href)?.[1]);
  return { relations, depth };
}

async function renderTab(path = '/') {
  const catalogApi = catalogApiMock.mock({
    getEntitiesByRefs: jest.fn(async () => ({ items: [creditDefaultScorer] })),
  });
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [catalogApiRef, catalogApi],
        [catalogGraphApiRef, new DefaultCatalogGraphApi()],
      ]}
    >
      <EntityProvider entity={creditDefaultScorer}>
        <EntityModelLineageContent />
      </EntityProvider>
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/catalog-graph': catalogGraphRouteRef,
      },
    },
  );
  await waitFor(() => expect(catalogApi.getEntitiesByRefs).toHaveBeenCalled());
}

describe('EntityModelLineageContent (issue 12 item 9)', () => {
  it('shows only lineage relations, two hops deep, by default', async () => {
    await renderTab();
    const { relations, depth } = graphLink();
    expect(depth).toBe(2);
    expect(relations.sort()).toEqual(
      [
        'derivedFrom',
        'hasDerivative',
        'servedBy',
        'serves',
        'trainedOn',
        'trainingDataOf',
      ].sort(),
    );
    expect(
      screen.getByText(
        /2 hops from this model: training data, serving, parent and derived models\./,
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '2 hops' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  it('widens the graph with the controls', async () => {
    await renderTab();
    await userEvent.click(screen.getByRole('button', { name: '3 hops' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'System' }));
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Dependencies' }),
    );
    await waitFor(() => expect(graphLink().depth).toBe(3));
    const { relations } = graphLink();
    expect(relations).toEqual(
      expect.arrayContaining([
        'trainedOn',
        'partOf',
        'hasPart',
        'dependsOn',
        'dependencyOf',
      ]),
    );
    expect(relations).not.toContain('ownedBy');
    expect(
      screen.getByText(/3 hops from this model: .*; dependencies; system\./),
    ).toBeInTheDocument();
  });

  it('reads the view from the URL, ignoring what it does not know', async () => {
    await renderTab('/?depth=1&show=owners,bogus');
    const { relations, depth } = graphLink();
    expect(depth).toBe(1);
    expect(relations).toEqual(expect.arrayContaining(['ownedBy', 'ownerOf']));
    expect(relations).not.toContain('partOf');
    expect(screen.getByRole('checkbox', { name: 'Owners' })).toBeChecked();
  });

  it('falls back to the default depth for a depth out of range', async () => {
    await renderTab('/?depth=9');
    expect(graphLink().depth).toBe(2);
  });
});
