import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { DriftSparkline } from './DriftSparkline';

const point = (day: number, value: number | null, drift = false) => ({
  time: Date.UTC(2026, 10, day),
  value,
  threshold: 0.1,
  drift,
  runId: `r${day}`,
});

describe('DriftSparkline', () => {
  it('draws the history with drifted windows marked', async () => {
    const { container } = await renderInTestApp(
      <DriftSparkline
        feature="income"
        points={[
          point(1, 0.02),
          point(2, 0.05),
          point(3, 0.2, true),
          point(4, 0.31, true),
        ]}
      />,
    );
    expect(
      screen.getByRole('img', {
        name: 'income: 4 windows, latest 0.31, 2 drifted',
      }),
    ).toBeInTheDocument();
    expect(container.querySelector('svg.recharts-surface')).toBeInTheDocument();
    expect(container.querySelectorAll('.recharts-line-curve')).toHaveLength(1);
    expect(
      container.querySelectorAll('circle.modelops-drift-dot'),
    ).toHaveLength(2);
    expect(
      container.querySelector('.recharts-reference-line'),
    ).toBeInTheDocument();
  });

  it('says so when there are no values', async () => {
    const { container } = await renderInTestApp(
      <DriftSparkline feature="age" points={[point(1, null)]} />,
    );
    expect(screen.getByLabelText('age: no history')).toBeInTheDocument();
    expect(
      container.querySelector('svg.recharts-surface'),
    ).not.toBeInTheDocument();
  });
});
