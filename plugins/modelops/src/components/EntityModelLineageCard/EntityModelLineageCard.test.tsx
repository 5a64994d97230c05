import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  catalogGraphApiRef,
  catalogGraphRouteRef,
  DefaultCatalogGraphApi,
} from '@backstage/plugin-catalog-graph';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import { creditDefaultScorer } from '../../__fixtures__/models';
import { EntityModelLineageCard } from './EntityModelLineageCard';

describe('EntityModelLineageCard', () => {
  it('renders the lineage graph card and asks the catalog for related entities', async () => {
    const catalogApi = catalogApiMock.mock({
      getEntitiesByRefs: jest.fn(async () => ({
        items: [creditDefaultScorer],
      })),
    });

    await renderInTestApp(
      <TestApiProvider
        apis={[
          [catalogApiRef, catalogApi],
          [catalogGraphApiRef, new DefaultCatalogGraphApi()],
        ]}
      >
        <EntityProvider entity={creditDefaultScorer}>
          <EntityModelLineageCard />
        </EntityProvider>
      </TestApiProvider>,
      {
        mountedRoutes: {
          '/catalog/:namespace/:kind/:name': entityRouteRef,
          '/catalog-graph': catalogGraphRouteRef,
        },
      },
    );

    expect(screen.getByText('Lineage')).toBeInTheDocument();
    await waitFor(() =>
      expect(catalogApi.getEntitiesByRefs).toHaveBeenCalledWith(
        expect.objectContaining({
          entityRefs: expect.arrayContaining([
            'model:default/credit-default-scorer',
          ]),
        }),
      ),
    );
    // The deep link to the full graph carries the lineage relations.
    const link = screen.getByRole('link', { name: /View graph/ });
    const href = decodeURIComponent(link.getAttribute('href')!);
    expect(href).toContain('selectedRelations[]=trainedOn');
    expect(href).toContain('selectedRelations[]=hasDerivative');
    expect(href).toContain('maxDepth=1');
    expect(href).not.toContain('ownedBy');
  });
});
