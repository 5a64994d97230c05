import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import {
  creditDefaultScorer,
  supportAssistant,
} from '../../__fixtures__/models';
import { EntityModelVersionsCard } from './EntityModelVersionsCard';
import { formatAbsoluteDate } from '../shared/formatTime';

function render(entity: Entity) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityModelVersionsCard />
    </EntityProvider>,
  );
}

function cellTexts(row: HTMLElement) {
  return within(row)
    .getAllByRole('cell')
    .map(cell => cell.textContent?.replace(', Opens in a new window', ''));
}

describe('EntityModelVersionsCard', () => {
  it('lists versions newest first with one column per metric', async () => {
    await render(creditDefaultScorer);

    const headers = screen
      .getAllByRole('columnheader')
      .map(header => header.textContent);
    expect(headers).toEqual([
      'Version',
      'Declared stage',
      'Approved stage',
      'Created',
      'auc',
      'ks',
      'brier',
      'Artifact',
      'Run',
    ]);

    const [, ...rows] = screen.getAllByRole('row');
    expect(rows.map(row => cellTexts(row)[0])).toEqual([
      '3.3.0',
      '3.2.0',
      '2.4.1',
      '0.9.0-legacy',
    ]);
    expect(cellTexts(rows[1])).toEqual([
      '3.2.0',
      'Production',
      'Unverified',
      '2026-09-14',
      '0.912',
      '0.51',
      '0.054',
      's3://acme-models/credit-default-scorer/3.2.0/model.xgb',
      'Run',
    ]);
    // A metric a version does not have, no artifact, no run link, no date.
    expect(cellTexts(rows[2])).toEqual([
      '2.4.1',
      'Archived',
      '-',
      '2024-10-02',
      '0.884',
      '0.47',
      '-',
      's3://acme-models/credit-default-scorer/2.4.1/model.xgb',
      '-',
    ]);
    expect(cellTexts(rows[3]).slice(0, 4)).toEqual([
      '0.9.0-legacy',
      'Archived',
      '-',
      '-',
    ]);
    // No promotion recorded: the declared production version is flagged.
    expect(
      screen.getByText(
        'The catalog says version 3.2.0 is in production, but no approved promotion is recorded: treat it as unverified.',
      ),
    ).toBeInTheDocument();
  });

  it('highlights the production version and links training runs', async () => {
    await render(creditDefaultScorer);

    const [, staging, production] = screen.getAllByRole('row');
    expect(production).toHaveStyle({ fontWeight: '700' });
    expect(production.style.backgroundColor).not.toBe('');
    expect(staging.style.backgroundColor).toBe('');
    expect(within(staging).getByText('Staging')).toBeInTheDocument();

    expect(
      screen.getByRole('link', { name: /^Training run of version 3\.2\.0/ }),
    ).toHaveAttribute(
      'href',
      'https://mlflow.acme.example/#/experiments/12/runs/ab12cd',
    );
  });

  it('shows the recorded promotion next to the declared stage (issue 12 item 1)', async () => {
    // What the catalog module puts on the entity after 3.3.0 was approved and promoted, while
    // catalog-info.yaml still declares 3.2.0 in production.
    await render({
      ...creditDefaultScorer,
      metadata: {
        ...creditDefaultScorer.metadata,
        annotations: {
          ...creditDefaultScorer.metadata.annotations,
          'modelops.io/approved-production-version': '3.3.0',
          'modelops.io/approved-production-request': 'req-33',
          'modelops.io/approved-production-at': '2026-11-27T10:00:00.000Z',
        },
      },
    });
    const [, newest, declared] = screen.getAllByRole('row');
    expect(cellTexts(newest).slice(0, 3)).toEqual([
      '3.3.0',
      'Staging',
      `Production approved ${formatAbsoluteDate('2026-11-27T10:00:00.000Z')}`,
    ]);
    expect(cellTexts(declared).slice(0, 3)).toEqual([
      '3.2.0',
      'Production',
      'superseded by 3.3.0',
    ]);
    // The approved production version is the highlighted row now.
    expect(newest).toHaveStyle({ fontWeight: '700' });
    expect(declared.style.backgroundColor).toBe('');
    expect(
      screen.getByText(
        'Version 3.3.0 is in production through an approved promotion (request req-33) on 2026-11-27; spec.versions still declares 3.2.0: update it.',
      ),
    ).toBeInTheDocument();
  });

  it('explains where to declare versions when there are none', async () => {
    await render(supportAssistant);
    expect(screen.getByText(/No versions are declared/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
