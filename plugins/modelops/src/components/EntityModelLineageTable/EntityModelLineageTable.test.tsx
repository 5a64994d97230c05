import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import {
  creditDefaultScorer,
  supportAssistant,
} from '../../__fixtures__/models';
import { EntityModelLineageTable } from './EntityModelLineageTable';

function render(entity: Entity) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityModelLineageTable />
    </EntityProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

/** Relation title -> [link text, href] of each related entity. */
function lineageRows() {
  const table = screen.getByRole('table', { name: 'Model lineage' });
  return Object.fromEntries(
    within(table)
      .getAllByRole('row')
      .map(row => [
        within(row).getByRole('rowheader').textContent,
        within(row)
          .queryAllByRole('link')
          .map(link => [link.textContent, link.getAttribute('href')]),
      ]),
  );
}

describe('EntityModelLineageTable', () => {
  it('lists every related entity under its relation, with links', async () => {
    await render(creditDefaultScorer);

    expect(lineageRows()).toEqual({
      'Training data': [
        [
          'loan-applications-2019-2025',
          '/catalog/default/resource/loan-applications-2019-2025',
        ],
      ],
      'Served by': [
        [
          'credit-scoring-service',
          '/catalog/default/component/credit-scoring-service',
        ],
        ['credit-scoring-api', '/catalog/default/api/credit-scoring-api'],
      ],
      'Derived from': [],
      'Derived models': [
        [
          'credit-default-scorer-uk',
          '/catalog/default/model/credit-default-scorer-uk',
        ],
      ],
      'Depends on': [
        [
          'feature-store-online',
          '/catalog/default/resource/feature-store-online',
        ],
      ],
      System: [
        ['credit-decisioning', '/catalog/default/system/credit-decisioning'],
      ],
    });
    const derivedFrom = screen.getByRole('rowheader', { name: 'Derived from' })
      .parentElement!;
    expect(within(derivedFrom).getByText('None')).toBeInTheDocument();
    expect(screen.queryByText(/From spec/)).not.toBeInTheDocument();
  });

  it('falls back to spec and says so when the catalog has no relations yet', async () => {
    await render(supportAssistant);

    expect(screen.getByText(/From spec/)).toBeInTheDocument();
    expect(lineageRows()['Derived from']).toEqual([
      ['support-base-llm', '/catalog/default/model/support-base-llm'],
    ]);
    expect(lineageRows()['Training data']).toEqual([]);
  });
});
