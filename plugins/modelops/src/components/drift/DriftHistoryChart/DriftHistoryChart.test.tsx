import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  driftHistory,
  driftHistorySeries,
  toHistorySeries,
} from '../../../__fixtures__/drift';
import { DriftHistoryChart } from './DriftHistoryChart';

describe('DriftHistoryChart', () => {
  it('draws one line per feature of the most used metric with the threshold line', async () => {
    const { container } = await renderInTestApp(
      <DriftHistoryChart history={driftHistorySeries} fallbackWidth={800} />,
    );
    expect(
      screen.getByRole('figure', {
        name: 'Wasserstein (normed) of age, debt_to_income, income, loan_amount over 10 windows',
      }),
    ).toBeInTheDocument();
    expect(container.querySelector('svg.recharts-surface')).toHaveAttribute(
      'width',
      '800',
    );
    expect(container.querySelectorAll('.recharts-line-curve')).toHaveLength(4);
    expect(screen.getByText('threshold ≥ 0.1')).toBeInTheDocument();
    expect(container.querySelectorAll('.recharts-reference-line')).toHaveLength(
      1,
    );
    // Legend names the features.
    const legend = container.querySelector(
      '.recharts-legend-wrapper',
    ) as HTMLElement;
    expect(within(legend).getByText('income')).toBeInTheDocument();
  });

  it('counts the windows of a down-sampled series, not the points drawn', async () => {
    const series = [
      {
        feature: 'income',
        method: 'psi' as const,
        windows: 1000,
        driftedWindows: 3,
        time: [1, 2, 3].map(d => Date.UTC(2026, 10, d)),
        value: [0.05, 0.3, 0.04],
        threshold: [0.2, 0.2, 0.2],
        drift: [false, true, false],
      },
    ];
    await renderInTestApp(
      <DriftHistoryChart history={series} fallbackWidth={800} />,
    );
    expect(
      screen.getByRole('figure', { name: 'PSI of income over 1000 windows' }),
    ).toBeInTheDocument();
  });

  it('draws the threshold line even when every value is far below it', async () => {
    const calm = toHistorySeries(
      driftHistory.map(p => ({
        ...p,
        value: p.value === null ? null : 0.001,
        drift: false,
      })),
    );
    const { container } = await renderInTestApp(
      <DriftHistoryChart history={calm} fallbackWidth={800} />,
    );
    expect(screen.getByText('threshold ≥ 0.1')).toBeInTheDocument();
    expect(
      container.querySelectorAll('.recharts-reference-line-line'),
    ).toHaveLength(1);
  });

  it('switches metric and feature', async () => {
    const { container } = await renderInTestApp(
      <DriftHistoryChart history={driftHistorySeries} fallbackWidth={800} />,
    );
    await userEvent.click(screen.getByLabelText('Metric'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Jensen–Shannon distance' }),
    );
    // region has no values (insufficient data), employment_type has.
    expect(
      screen.getByRole('figure', {
        name: 'Jensen–Shannon distance of employment_type, region over 10 windows',
      }),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Metric'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Wasserstein (normed)' }),
    );
    await userEvent.click(screen.getByLabelText('Feature'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'income' }),
    );
    expect(
      screen.getByRole('figure', {
        name: 'Wasserstein (normed) of income over 10 windows',
      }),
    ).toBeInTheDocument();
    expect(container.querySelectorAll('.recharts-line-curve')).toHaveLength(1);
  });

  it('starts on a given feature', async () => {
    await renderInTestApp(
      <DriftHistoryChart
        history={driftHistorySeries}
        initialFeature="employment_type"
      />,
    );
    expect(
      screen.getByRole('figure', {
        name: 'Jensen–Shannon distance of employment_type over 10 windows',
      }),
    ).toBeInTheDocument();
  });
});
