import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  driftHistorySeries,
  driftingFeatures,
} from '../../../__fixtures__/drift';
import { DriftFeatureTable } from './DriftFeatureTable';

describe('DriftFeatureTable', () => {
  it('lists drifted features first with method, value, threshold, verdict and a sparkline', async () => {
    await renderInTestApp(
      <DriftFeatureTable
        features={driftingFeatures}
        history={driftHistorySeries}
      />,
    );
    expect(screen.getAllByRole('columnheader').map(h => h.textContent)).toEqual(
      ['Feature', 'Kind', 'Method', 'Value', 'Threshold', 'Verdict', 'History'],
    );
    const [, ...rows] = screen.getAllByRole('row');
    const cells = (row: HTMLElement) =>
      within(row)
        .getAllByRole('cell')
        .map(c => c.textContent);
    expect(rows.map(r => cells(r)[0])).toEqual([
      'debt_to_income',
      'income',
      'region',
      'age',
      'employment_type',
      'loan_amount',
    ]);
    expect(cells(rows[1]).slice(0, 6)).toEqual([
      'income',
      'numeric',
      'Wasserstein (normed)',
      '0.312',
      '≥ 0.1',
      'Drift',
    ]);
    expect(cells(rows[2]).slice(0, 6)).toEqual([
      'region',
      'categorical',
      'Jensen–Shannon distance',
      '-',
      '≥ 0.1',
      'Insufficient data',
    ]);
    expect(
      within(rows[4]).getByLabelText('Verdict of employment_type: No drift'),
    ).toBeInTheDocument();
    // Sparklines from the history: income's last windows drifted.
    expect(
      within(rows[1]).getByRole('img', {
        name: /^income: 10 windows, latest 0\.26, 3 drifted$/,
      }),
    ).toBeInTheDocument();
    expect(
      within(rows[2]).getByLabelText('region: no history'),
    ).toBeInTheDocument();
  });

  it('reports clicks on a feature name', async () => {
    const onSelectFeature = jest.fn();
    await renderInTestApp(
      <DriftFeatureTable
        features={driftingFeatures}
        history={driftHistorySeries}
        onSelectFeature={onSelectFeature}
      />,
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Show the distribution of income' }),
    );
    expect(onSelectFeature).toHaveBeenCalledWith('income');
  });
});
