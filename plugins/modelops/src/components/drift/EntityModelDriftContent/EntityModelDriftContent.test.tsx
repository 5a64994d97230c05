import { ResponseError } from '@backstage/errors';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { creditDefaultScorer } from '../../../__fixtures__/models';
import {
  driftHistory,
  driftHistorySeriesResponse,
  driftingStatus,
  driftReference,
  latestRun,
  previousRun,
} from '../../../__fixtures__/drift';
import { formatAbsoluteTime } from '../../../drift/driftStatus';
import { DriftApi, driftApiRef } from '../../../api/DriftApi';
import { EntityModelDriftContent } from './EntityModelDriftContent';

// The whole tab (table, sparklines, two charts) takes a few seconds to render in jsdom.
jest.setTimeout(30_000);
const slow = { timeout: 10_000 };

function mockApi(overrides: Partial<DriftApi> = {}): jest.Mocked<DriftApi> {
  return {
    getStatus: jest.fn(async () => driftingStatus),
    listRuns: jest.fn(async () => ({
      items: [latestRun, previousRun].map(({ report: _r, ...r }) => r),
    })),
    getRun: jest.fn(async (_ref, runId) =>
      [latestRun, previousRun].find(r => r.runId === runId),
    ),
    getHistory: jest.fn(async () => driftHistory),
    getHistorySeries: jest.fn(async () => driftHistorySeriesResponse),
    getReference: jest.fn(async () => driftReference),
    ...overrides,
  } as jest.Mocked<DriftApi>;
}

async function render(api: DriftApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[driftApiRef, api]]}>
      <EntityProvider entity={creditDefaultScorer}>
        <EntityModelDriftContent chartFallbackWidth={600} />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('EntityModelDriftContent', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-22T12:00:00Z'));
  });
  afterEach(() => jest.restoreAllMocks());

  it('shows the dataset status, the drifted features with thresholds, the history and the distribution', async () => {
    const api = mockApi();
    const { container } = await render(api);

    expect(
      await screen.findByLabelText('Dataset status: Drift', undefined, slow),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        `Last window ended 2 days ago (${formatAbsoluteTime(
          '2026-11-20T00:00:00.000Z',
        )})`,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /2 of 6 features drifted \(40% of the evaluated features; the dataset counts as drifted from 30%\): debt_to_income, income\./,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Reference: 2,000 rows of model version 3\.2\.0/),
    ).toBeInTheDocument();

    // History of 90 days (from the start of that UTC day, a stable URL); runs of the same range.
    const from = '2026-08-24T00:00:00.000Z';
    expect(api.getHistorySeries).toHaveBeenCalledWith(
      'model:default/credit-default-scorer',
      { from },
    );
    expect(api.listRuns).toHaveBeenCalledWith(
      'model:default/credit-default-scorer',
      { from, limit: 200 },
    );

    // Feature table: drifted first, with method, value, threshold and verdict.
    const table = screen.getByRole('table');
    const income = within(table)
      .getByRole('button', { name: 'Show the distribution of income' })
      .closest('tr')!;
    expect(within(income).getByText('0.312')).toBeInTheDocument();
    expect(within(income).getByText('≥ 0.1')).toBeInTheDocument();
    expect(
      within(income).getByLabelText('Verdict of income: Drift'),
    ).toBeInTheDocument();
    expect(
      within(table).getByLabelText('Verdict of age: No drift'),
    ).toBeInTheDocument();
    expect(
      within(income).getByRole('img', { name: /^income: 10 windows/ }),
    ).toBeInTheDocument();

    // History chart with the threshold line.
    expect(
      screen.getByRole('figure', {
        name: /^Wasserstein \(normed\) of age, debt_to_income, income, loan_amount over 10 windows$/,
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('threshold ≥ 0.1')).toBeInTheDocument();

    // Distribution of the first drifted feature in the newest window; the newest run's report is not fetched again.
    expect(
      await screen.findByRole(
        'figure',
        {
          name: 'Distribution of debt_to_income over 20 equal-width bins, reference',
        },
        slow,
      ),
    ).toBeInTheDocument();
    expect(api.getRun).not.toHaveBeenCalled();
    expect(api.getReference).toHaveBeenCalledWith(
      'model:default/credit-default-scorer',
      'ref-1',
    );
    expect(
      container.querySelectorAll('svg.recharts-surface').length,
    ).toBeGreaterThanOrEqual(8);
  });

  it('shows the distribution of a feature clicked in the table', async () => {
    await render(mockApi());
    await userEvent.click(
      await screen.findByRole(
        'button',
        { name: 'Show the distribution of employment_type' },
        slow,
      ),
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

  it('explains how to send data when there is none', async () => {
    const api = mockApi({
      getStatus: jest.fn(async () => ({
        ...driftingStatus,
        hasReference: false,
        reference: null,
        lastRun: null,
      })),
      getHistorySeries: jest.fn(async () => ({
        ...driftHistorySeriesResponse,
        series: [],
      })),
      listRuns: jest.fn(async () => ({ items: [] })),
    });
    await render(api);
    expect(
      await screen.findByText('No drift data yet', undefined, slow),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /yarn modelops drift --reference ref\.csv --current cur\.csv --push --model model:default\/credit-default-scorer/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(
        /\/api\/modelops\/drift\/models\/default\/credit-default-scorer\/runs/,
      ).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the scheduled source with its last run, and its failure with the database error before any run', async () => {
    const source = {
      connection: 'example-scoring',
      cadence: 'PT6H',
      window: 'P1D',
      lastAttempt: {
        windowStart: '2026-11-21T12:00:00.000Z',
        windowEnd: '2026-11-22T12:00:00.000Z',
        status: 'succeeded' as const,
        error: null,
        runId: 'source-2026-11-22T12:00:00.000Z',
        connection: 'example-scoring',
        startedAt: '2026-11-22T12:00:05.000Z',
        finishedAt: '2026-11-22T12:00:06.000Z',
      },
    };
    const first = await render(
      mockApi({
        getStatus: jest.fn(async () => ({ ...driftingStatus, source })),
      }),
    );
    const panel = await screen.findByTestId('drift-source', undefined, slow);
    expect(panel).toHaveTextContent(
      'Runs in the portal on connection example-scoring every 6 hours over the last day (PT6H).',
    );
    expect(panel).toHaveTextContent('Succeeded');
    expect(panel).toHaveTextContent(
      'stored as run source-2026-11-22T12:00:00.000Z',
    );
    first.unmount();

    await render(
      mockApi({
        getStatus: jest.fn(async () => ({
          ...driftingStatus,
          lastRun: null,
          source: {
            ...source,
            lastAttempt: {
              ...source.lastAttempt,
              status: 'failed' as const,
              runId: null,
              error:
                'spec.monitoring.drift.source.currentSql: the database refused the query: relation "scores" does not exist <img src=x onerror=alert(1)>',
            },
          },
        })),
        listRuns: jest.fn(async () => ({ items: [] })),
      }),
    );
    const failed = await screen.findByTestId('drift-source', undefined, slow);
    expect(failed).toHaveTextContent('Failed');
    expect(failed).toHaveTextContent(
      'relation "scores" does not exist <img src=x onerror=alert(1)>',
    );
    expect(failed.querySelector('img')).toBeNull();
    expect(screen.getByText('No drift runs yet')).toBeInTheDocument();
  });

  it('describes a source whose windows close at an offset', async () => {
    await render(
      mockApi({
        getStatus: jest.fn(async () => ({
          ...driftingStatus,
          source: {
            connection: 'warehouse',
            cadence: 'P1D',
            window: 'P7D',
            offset: 'PT6H',
            lastAttempt: null,
          },
        })),
      }),
    );
    const panel = await screen.findByTestId('drift-source', undefined, slow);
    expect(panel).toHaveTextContent(
      'Runs in the portal on connection warehouse every day over the last 7 days, windows closing 6 hours after each day boundary (UTC) (P1D, offset PT6H).',
    );
  });

  it('shows API errors in a response error panel', async () => {
    const response = new Response(
      JSON.stringify({
        error: {
          name: 'NotAllowedError',
          message: 'missing permission modelops.drift.read',
        },
        response: { statusCode: 403 },
      }),
      {
        status: 403,
        statusText: 'Forbidden',
        headers: { 'Content-Type': 'application/json' },
      },
    );
    const error = await ResponseError.fromResponse(response);
    await render(
      mockApi({
        getHistorySeries: jest.fn(async () => Promise.reject(error)),
      }),
    );
    expect(
      await screen.findByText(
        'Error: Could not load drift data',
        undefined,
        slow,
      ),
    ).toBeInTheDocument();
    // The server's error, as ResponseErrorPanel shows it.
    expect(screen.getByText('403: NotAllowedError')).toBeInTheDocument();
    expect(
      screen.getAllByText(/missing permission modelops\.drift\.read/).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByLabelText(/Dataset status/)).not.toBeInTheDocument();
  });

  describe('acknowledging the drift of the newest window', () => {
    const comment = 'seasonal shift after the campaign, reviewed with risk';

    it('asks for a comment and a confirmation, then shows who acknowledged it', async () => {
      const acknowledgeRun = jest.fn(
        async (_ref: string, _runId: string, c: string) => ({
          ...latestRun,
          acknowledgement: {
            by: 'user:default/ada',
            at: '2026-11-21T09:30:00.000Z',
            comment: c,
          },
        }),
      );
      await render(mockApi({ acknowledgeRun }));
      expect(
        await screen.findByText(/Not acknowledged/, undefined, slow),
      ).toBeInTheDocument();
      await userEvent.click(screen.getByTestId('drift-acknowledge-open'));
      const dialog = await screen.findByRole('dialog');
      const confirm = within(dialog).getByTestId('drift-ack-confirm');
      expect(confirm).toBeDisabled();
      await userEvent.type(
        within(dialog).getByTestId('drift-ack-comment'),
        'too short',
      );
      expect(confirm).toBeDisabled();
      await userEvent.clear(within(dialog).getByTestId('drift-ack-comment'));
      await userEvent.type(
        within(dialog).getByTestId('drift-ack-comment'),
        comment,
      );
      expect(confirm).toBeEnabled();
      await userEvent.click(confirm);
      expect(acknowledgeRun).toHaveBeenCalledWith(
        'model:default/credit-default-scorer',
        latestRun.runId,
        comment,
      );
      const done = await screen.findByTestId('drift-acknowledged');
      expect(done).toHaveTextContent(
        new RegExp(
          `Drift acknowledged by .*ada.* on ${formatAbsoluteTime(
            '2026-11-21T09:30:00.000Z',
          )}`,
        ),
      );
      expect(done).toHaveTextContent(comment);
      expect(screen.queryByText(/Not acknowledged/)).not.toBeInTheDocument();
    });

    it("shows the server's refusal in the dialog and keeps the run unacknowledged", async () => {
      const acknowledgeRun = jest.fn(async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'NotAllowedError',
                message:
                  'only members of the owning team group:default/risk-analytics may acknowledge the drift',
              },
              request: { method: 'POST', url: '/x' },
              response: { statusCode: 403 },
            }),
            {
              status: 403,
              statusText: 'Forbidden',
              headers: { 'Content-Type': 'application/json' },
            },
          ) as any,
        );
      });
      await render(mockApi({ acknowledgeRun }));
      await userEvent.click(
        await screen.findByTestId('drift-acknowledge-open', undefined, slow),
      );
      const dialog = await screen.findByRole('dialog');
      await userEvent.type(
        within(dialog).getByTestId('drift-ack-comment'),
        comment,
      );
      await userEvent.click(within(dialog).getByTestId('drift-ack-confirm'));
      expect(
        await within(dialog).findByTestId('drift-ack-error'),
      ).toHaveTextContent(
        'Request failed with 403 Forbidden: only members of the owning team group:default/risk-analytics',
      );
      expect(
        screen.queryByTestId('drift-acknowledged'),
      ).not.toBeInTheDocument();
    });

    it('shows an existing acknowledgement and offers no button', async () => {
      const acknowledged = {
        ...latestRun,
        acknowledgement: {
          by: 'user:default/ada',
          at: '2026-11-21T09:30:00.000Z',
          comment,
        },
      };
      await render(
        mockApi({
          getStatus: jest.fn(async () => ({
            ...driftingStatus,
            lastRun: acknowledged,
          })),
          acknowledgeRun: jest.fn(),
        }),
      );
      expect(
        await screen.findByTestId('drift-acknowledged', undefined, slow),
      ).toHaveTextContent(comment);
      expect(
        screen.queryByTestId('drift-acknowledge-open'),
      ).not.toBeInTheDocument();
    });
  });
});
