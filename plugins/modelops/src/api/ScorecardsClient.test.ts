import { ScorecardsClient } from './ScorecardsClient';

function client(response: { ok: boolean; status?: number; body: unknown }) {
  const fetch = jest.fn(
    async (_url: string) =>
      new Response(JSON.stringify(response.body), {
        status: response.status ?? 200,
        statusText: response.ok ? 'OK' : 'Error',
        headers: { 'Content-Type': 'application/json' },
      }),
  );
  const c = new ScorecardsClient({
    discoveryApi: { getBaseUrl: async () => 'http://backend/api/modelops' },
    fetchApi: { fetch: fetch as any },
  });
  return { c, fetch };
}

describe('ScorecardsClient', () => {
  it('builds model, team and history URLs', async () => {
    const { c, fetch } = client({
      ok: true,
      body: { items: [{ takenAt: 't' }] },
    });
    await c.getModelScorecard('model:default/credit-default-scorer');
    await c.getTeamScorecard('data-science', { includeDescendants: false });
    expect(
      await c.getTeamHistory('group:ns/a b', { scorecard: 'maturity' }),
    ).toEqual([{ takenAt: 't' }]);
    await c.getTeamHistory('risk-office', { includeDescendants: false });
    expect(fetch.mock.calls.map(call => call[0])).toEqual([
      'http://backend/api/modelops/scorecards/models/default/credit-default-scorer',
      'http://backend/api/modelops/scorecards/teams/default/data-science?includeDescendants=false',
      'http://backend/api/modelops/scorecards/teams/ns/a%20b/history?scorecard=maturity',
      'http://backend/api/modelops/scorecards/teams/default/risk-office/history?includeDescendants=false',
    ]);
  });

  it('turns error answers into errors with the server message', async () => {
    const { c } = client({
      ok: false,
      status: 404,
      body: {
        error: {
          name: 'NotFoundError',
          message: 'no Group group:default/x in the catalog',
        },
      },
    });
    await expect(c.getTeamScorecard('group:default/x')).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
      body: {
        error: {
          message: expect.stringContaining(
            'no Group group:default/x in the catalog',
          ),
        },
      },
    });
  });
});
