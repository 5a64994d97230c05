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
      'http://backend/api/modelops/scorecards/teams/ns/a%20b/history?scorecard=maturity&limit=500',
      'http://backend/api/modelops/scorecards/teams/default/risk-office/history?includeDescendants=false&limit=500',
    ]);
  });

  it('reads every page of a team history, following nextCursor', async () => {
    const pages: Record<string, unknown> = {
      '': {
        groups: ['group:default/a'],
        items: [{ takenAt: '1' }],
        nextCursor: 'c1',
      },
      c1: {
        groups: ['group:default/a'],
        items: [{ takenAt: '2' }],
        nextCursor: 'c 2',
      },
      'c 2': { groups: ['group:default/a'], items: [{ takenAt: '3' }] },
    };
    const fetch = jest.fn(async (url: string) => {
      const cursor = new URL(url).searchParams.get('cursor') ?? '';
      return new Response(JSON.stringify(pages[cursor]), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    });
    const c = new ScorecardsClient({
      discoveryApi: { getBaseUrl: async () => 'http://backend/api/modelops' },
      fetchApi: { fetch: fetch as any },
    });
    expect(
      (
        await c.getTeamHistory('group:default/a', { scorecard: 'maturity' })
      ).map(p => p.takenAt),
    ).toEqual(['1', '2', '3']);
    expect(fetch.mock.calls.map(call => call[0])).toEqual([
      'http://backend/api/modelops/scorecards/teams/default/a/history?scorecard=maturity&limit=500',
      'http://backend/api/modelops/scorecards/teams/default/a/history?scorecard=maturity&limit=500&cursor=c1',
      'http://backend/api/modelops/scorecards/teams/default/a/history?scorecard=maturity&limit=500&cursor=c+2',
    ]);
  });

  it('stops after 20 pages of a server that never ends', async () => {
    const { c, fetch } = client({
      ok: true,
      body: { groups: [], items: [{ takenAt: 't' }], nextCursor: 'again' },
    });
    expect(await c.getTeamHistory('group:default/a')).toHaveLength(20);
    expect(fetch).toHaveBeenCalledTimes(20);
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
