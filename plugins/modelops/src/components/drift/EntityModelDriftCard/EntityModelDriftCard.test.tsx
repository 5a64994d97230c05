import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { creditDefaultScorer } from '../../../__fixtures__/models';
import { driftingStatus, latestRun } from '../../../__fixtures__/drift';
import { formatAbsoluteTime } from '../../../drift/driftStatus';
import { DriftApi, driftApiRef, DriftStatus } from '../../../api/DriftApi';
import { EntityModelDriftCard } from './EntityModelDriftCard';

function api(getStatus: DriftApi['getStatus']): DriftApi {
  return {
    getStatus: jest.fn(getStatus),
    listRuns: jest.fn(),
    getRun: jest.fn(),
    getHistory: jest.fn(),
    getHistorySeries: jest.fn(),
    getReference: jest.fn(),
  };
}

async function render(driftApi: DriftApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[driftApiRef, driftApi]]}>
      <EntityProvider entity={creditDefaultScorer}>
        <EntityModelDriftCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

// Charts and lazy panels render slowly in jsdom when the suite runs in parallel.
const slow = { timeout: 10_000 };
jest.setTimeout(30_000);

describe('EntityModelDriftCard', () => {
  // A fixed "now" that does not move while the test runs: 2.5 days after the last window sits on a
  // rounding boundary, so a clock that advances (even by a millisecond) would turn "2 days" into "3 days".
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-22T12:00:00Z'));
  });
  afterEach(() => jest.restoreAllMocks());

  it('shows the drift status, last window, drifted features and a link to the Drift tab', async () => {
    const driftApi = api(async () => driftingStatus);
    await render(driftApi);
    expect(
      await screen.findByLabelText('Dataset status: Drift', undefined, slow),
    ).toBeInTheDocument();
    expect(driftApi.getStatus).toHaveBeenCalledWith(
      'model:default/credit-default-scorer',
    );
    expect(
      screen.getByText(
        `Last window ended 2 days ago (${formatAbsoluteTime(
          '2026-11-20T00:00:00.000Z',
        )})`,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('2 of 6 features drifted: debt_to_income, income.'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /View drift details/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/model/credit-default-scorer/drift',
    );
  });

  it('shows a stable model', async () => {
    const stable: DriftStatus = {
      ...driftingStatus,
      lastRun: {
        ...latestRun,
        datasetDrift: false,
        driftedCount: 0,
        report: {
          ...latestRun.report!,
          features: latestRun.report!.features.map(f => ({
            ...f,
            drift: false,
          })),
        },
      },
    };
    await render(api(async () => stable));
    expect(
      await screen.findByLabelText('Dataset status: No drift', undefined, slow),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No feature drifted (6 monitored).'),
    ).toBeInTheDocument();
  });

  it('never says "No drift" while a feature drifted below the dataset share', async () => {
    const oneFeature: DriftStatus = {
      ...driftingStatus,
      lastRun: {
        ...latestRun,
        datasetDrift: false,
        driftedCount: 1,
        driftShare: 1 / 6,
        report: {
          ...latestRun.report!,
          datasetDrift: false,
          datasetDriftShare: 0.3,
          features: latestRun.report!.features.map(f => ({
            ...f,
            drift: f.name === 'income',
          })),
        },
      },
    };
    await render(api(async () => oneFeature));
    expect(
      await screen.findByLabelText(
        'Dataset status: Features drifted',
        undefined,
        slow,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByLabelText('Dataset status: No drift'),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText(
        "1 of 6 features drifted: income; fewer than the dataset's drift share (30%), so the dataset does not count as drifted.",
      ),
    ).toBeInTheDocument();
  });

  it('shows insufficient data', async () => {
    await render(
      api(async () => ({
        ...driftingStatus,
        lastRun: {
          ...latestRun,
          status: 'insufficient-data',
          datasetDrift: false,
        },
      })),
    );
    expect(
      await screen.findByLabelText(
        'Dataset status: Insufficient data',
        undefined,
        slow,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/too few values to evaluate any feature/),
    ).toBeInTheDocument();
  });

  it('shows no data with a pointer to the instructions', async () => {
    await render(
      api(async () => ({
        entityRef: 'model:default/credit-default-scorer',
        hasReference: false,
        reference: null,
        lastRun: null,
      })),
    );
    expect(
      await screen.findByLabelText('Dataset status: No data', undefined, slow),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/No drift data was sent for this model yet/),
    ).toBeInTheDocument();
  });

  it('shows errors', async () => {
    await render(
      api(async () =>
        Promise.reject(new Error('modelops backend unavailable')),
      ),
    );
    expect(
      await screen.findByText(
        'Error: modelops backend unavailable',
        undefined,
        slow,
      ),
    ).toBeInTheDocument();
  });
});
