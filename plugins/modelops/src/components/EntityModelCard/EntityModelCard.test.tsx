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
import { EntityModelCard } from './EntityModelCard';

function render(entity: Entity) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityModelCard />
    </EntityProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

function field(label: string) {
  const term = screen.getByText(label, { selector: 'dt' });
  return term.nextElementSibling as HTMLElement;
}

describe('EntityModelCard', () => {
  it('shows the model card of a documented model', async () => {
    await render(creditDefaultScorer);

    expect(screen.getByText('Credit Default Scorer')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Estimates the 12-month probability of default of applicants.',
      ),
    ).toBeInTheDocument();
    expect(field('Type')).toHaveTextContent('classification');
    expect(field('Framework')).toHaveTextContent('xgboost');
    expect(field('Lifecycle')).toHaveTextContent('production');
    expect(field('Production version')).toHaveTextContent('3.2.0');

    const owner = within(field('Owner')).getByRole('link');
    expect(owner).toHaveTextContent('credit-risk-ds');
    expect(owner).toHaveAttribute(
      'href',
      '/catalog/default/group/credit-risk-ds',
    );
    expect(within(field('System')).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/system/credit-decisioning',
    );

    expect(within(field('Risk tier')).getByText('High')).toBeInTheDocument();
    expect(screen.getByLabelText('Risk tier: High').className).toMatch(
      /ModelopsModelChips-error/,
    );
    expect(
      within(field('EU AI Act category')).getByText('High-risk'),
    ).toBeInTheDocument();
    expect(within(field('Tags')).getByText('credit')).toBeInTheDocument();
    expect(within(field('Tags')).getByText('xgboost')).toBeInTheDocument();
  });

  it('renders intended use and limitations as paragraphs', async () => {
    await render(creditDefaultScorer);

    const limitations = screen.getByRole('region', { name: 'Limitations' });
    const paragraphs = within(limitations).getAllByText(/./, { selector: 'p' });
    expect(paragraphs.map(p => p.textContent)).toEqual([
      'Thin-file applicants are under-represented.',
      'Not validated for secured lending.',
    ]);
    expect(within(limitations).queryByRole('alert')).not.toBeInTheDocument();

    const intendedUse = screen.getByRole('region', { name: 'Intended use' });
    expect(
      within(intendedUse).getAllByText(/./, { selector: 'p' }),
    ).toHaveLength(2);
  });

  it('links the registry first and then the other links, without duplicates', async () => {
    await render(creditDefaultScorer);

    const links = within(
      screen.getByRole('region', { name: 'Links' }),
    ).getAllByRole('link');
    const text = (l: HTMLElement) =>
      l.textContent?.replace(', Opens in a new window', '');
    expect(links.map(l => [text(l), l.getAttribute('href')])).toEqual([
      [
        'Model registry',
        'https://mlflow.acme.example/#/models/credit-default-scorer',
      ],
      [
        'MRM validation report 2026-041',
        'https://docs.acme.example/mrm/validations/2026-041',
      ],
    ]);
  });

  it('warns when limitations are not documented', async () => {
    await render(supportAssistant);

    const limitations = screen.getByRole('region', { name: 'Limitations' });
    const warning = within(limitations).getByRole('alert');
    expect(warning).toHaveTextContent(/^Not documented/);
    expect(warning.className).toMatch(/standardWarning/);

    expect(screen.getByText('support-assistant-llm')).toBeInTheDocument();
    expect(field('Production version')).toHaveTextContent('None in production');
    expect(field('Framework')).toHaveTextContent('Unknown');
    expect(field('Risk tier')).toHaveTextContent('Low');
    expect(field('EU AI Act category')).toHaveTextContent('Limited risk');
    // Owner without kind resolves to a group in the model's namespace.
    expect(within(field('Owner')).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/group/customer-care-ai',
    );
    expect(
      screen.queryByRole('region', { name: 'Links' }),
    ).not.toBeInTheDocument();
  });
});
