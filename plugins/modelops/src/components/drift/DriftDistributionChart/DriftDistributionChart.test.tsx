import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import {
  DRIFT_ENTITY_REF,
  driftReference,
  latestRun,
  previousRun,
} from '../../../__fixtures__/drift';
import { formatAbsoluteTime } from '../../../drift/driftStatus';
import { DriftApi, driftApiRef, DriftRun } from '../../../api/DriftApi';
import { DriftDistributionChart } from './DriftDistributionChart';

function mockApi(overrides: Partial<DriftApi> = {}): jest.Mocked<DriftApi> {
  return {
    getStatus: jest.fn(),
    listRuns: jest.fn(),
    getHistory: jest.fn(),
    getHistorySeries: jest.fn(),
    getRun: jest.fn(async (_ref, runId) =>
      [latestRun, previousRun].find(r => r.runId === runId),
    ),
    getReference: jest.fn(async () => driftReference),
    ...overrides,
  } as jest.Mocked<DriftApi>;
}

const summaries: DriftRun[] = [latestRun, previousRun].map(
  ({ report: _r, ...run }) => run,
);
const features = [
  'age',
  'debt_to_income',
  'employment_type',
  'income',
  'loan_amount',
  'region',
];

function Harness(props: { initial: string }) {
  const [feature, setFeature] = useState(props.initial);
  return (
    <DriftDistributionChart
      entityRef={DRIFT_ENTITY_REF}
      runs={summaries}
      features={features}
      feature={feature}
      onFeatureChange={setFeature}
      fallbackWidth={700}
    />
  );
}

async function render(api: DriftApi, initial = 'income') {
  return renderInTestApp(
    <TestApiProvider apis={[[driftApiRef, api]]}>
      <Harness initial={initial} />
    </TestApiProvider>,
  );
}

// Charts and lazy panels render slowly in jsdom when the suite runs in parallel.
const slow = { timeout: 10_000 };
jest.setTimeout(30_000);

describe('DriftDistributionChart', () => {
  it('draws the shape of a numeric reference and says the current counts are missing', async () => {
    const api = mockApi();
    const { container } = await render(api);
    expect(
      await screen.findByRole(
        'figure',
        { name: 'Distribution of income over 20 equal-width bins, reference' },
        slow,
      ),
    ).toBeInTheDocument();
    expect(api.getRun).toHaveBeenCalledWith(
      DRIFT_ENTITY_REF,
      'seed-2026-11-20',
    );
    expect(api.getReference).toHaveBeenCalledWith(DRIFT_ENTITY_REF, 'ref-1');
    expect(screen.getByText(/Reference distribution only/)).toBeInTheDocument();
    expect(container.querySelectorAll('.recharts-bar')).toHaveLength(1);
    expect(container.querySelectorAll('.recharts-bar-rectangle')).toHaveLength(
      20,
    );
    // The run's verdict and metrics of the feature.
    expect(
      screen.getByLabelText('Verdict of income: Drift'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Wasserstein \(normed\) 0\.312 \(drift when ≥ 0\.1\)/),
    ).toBeInTheDocument();
    expect(screen.getByText('PSI: 0.437')).toBeInTheDocument();
  });

  it('draws numeric current bars over the reference decile bins when the report carries their counts', async () => {
    const withCounts: DriftRun = {
      ...latestRun,
      report: {
        ...latestRun.report!,
        features: latestRun.report!.features.map(f =>
          f.name === 'income'
            ? { ...f, currentBinCounts: [0, 0, 5, 5, 10, 10, 20, 20, 15, 15] }
            : f,
        ),
      },
    };
    const { container } = await render(
      mockApi({ getRun: jest.fn(async () => withCounts) }),
    );
    expect(
      await screen.findByRole(
        'figure',
        {
          name: `Distribution of income over 10 reference decile bins, reference and window ending ${formatAbsoluteTime(
            '2026-11-20T00:00:00.000Z',
          )}`,
        },
        slow,
      ),
    ).toBeInTheDocument();
    expect(container.querySelectorAll('.recharts-bar')).toHaveLength(2);
    expect(container.querySelectorAll('.recharts-bar-rectangle')).toHaveLength(
      20,
    );
  });

  it('draws current bars next to the reference when the report carries current category counts', async () => {
    const withCounts: DriftRun = {
      ...latestRun,
      report: {
        ...latestRun.report!,
        features: latestRun.report!.features.map(f =>
          f.name === 'region'
            ? {
                ...f,
                currentBinCounts: [1, 2, 3, 4, 2],
                unseenCategories: ['central'],
              }
            : f,
        ),
      },
    };
    const api = mockApi({ getRun: jest.fn(async () => withCounts) });
    const { container } = await render(api, 'region');
    expect(
      await screen.findByRole(
        'figure',
        {
          name: `Distribution of region over 5 categories, reference and window ending ${formatAbsoluteTime(
            '2026-11-20T00:00:00.000Z',
          )}`,
        },
        slow,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/Reference distribution only/),
    ).not.toBeInTheDocument();
    // Two series of five bars (the reference has no "central").
    expect(container.querySelectorAll('.recharts-bar')).toHaveLength(2);
    const ticks = [
      ...container.querySelectorAll(
        '.recharts-xAxis .recharts-cartesian-axis-tick-value',
      ),
    ].map(t => t.textContent);
    expect(ticks).toEqual(['east', 'north', 'south', 'west', 'central']);
  });

  it('loads another window and feature when chosen', async () => {
    const api = mockApi();
    await render(api);
    await screen.findByRole('figure', { name: /Distribution of income/ }, slow);
    await userEvent.click(screen.getByLabelText('Distribution window'));
    await userEvent.click(
      await screen.findByRole('option', {
        name: new RegExp(
          `${formatAbsoluteTime('2026-11-19T00:00:00.000Z')} · no drift`,
        ),
      }),
    );
    await waitFor(() =>
      expect(api.getRun).toHaveBeenLastCalledWith(
        DRIFT_ENTITY_REF,
        'seed-2026-11-19',
      ),
    );
    expect(
      await screen.findByText(
        /Wasserstein \(normed\) 0\.12 \(drift when ≥ 0\.1\)/,
        undefined,
        slow,
      ),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Distribution feature'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'employment_type' }),
    );
    expect(
      await screen.findByRole(
        'figure',
        {
          name: 'Distribution of employment_type over 3 categories, reference',
        },
        slow,
      ),
    ).toBeInTheDocument();
  });

  it('shows errors of the API', async () => {
    const api = mockApi({
      getReference: jest.fn(async () =>
        Promise.reject(new Error('reference store down')),
      ),
    });
    await render(api);
    expect(
      await screen.findByText('Error: reference store down', undefined, slow),
    ).toBeInTheDocument();
    expect(screen.queryByRole('figure')).not.toBeInTheDocument();
  });
});
