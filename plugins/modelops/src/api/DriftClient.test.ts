import { ResponseError } from '@backstage/errors';
import { DriftClient } from './DriftClient';

const BASE = 'http://backstage.test/api/modelops';

function jsonResponse(status: number, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    statusText: status === 200 ? 'OK' : 'Error',
    headers: { 'Content-Type': 'application/json' },
  });
}

function setup(responses: Response[]) {
  const fetch = jest.fn(async (_url: string) => {
    const next = responses.shift();
    if (!next) throw new Error('unexpected request');
    return next;
  });
  const discoveryApi = { getBaseUrl: jest.fn(async () => BASE) };
  const client = new DriftClient({ discoveryApi, fetchApi: { fetch } as any });
  return { client, fetch, discoveryApi };
}

const run = {
  id: 'a1',
  entityRef: 'model:default/credit-default-scorer',
  runId: 'seed-2026-11-20',
  windowEnd: '2026-11-20T00:00:00.000Z',
  datasetDrift: true,
};

describe('DriftClient', () => {
  it('reads the status of a model from the modelops backend', async () => {
    const status = {
      entityRef: run.entityRef,
      hasReference: true,
      reference: null,
      lastRun: run,
    };
    const { client, fetch, discoveryApi } = setup([jsonResponse(200, status)]);
    await expect(
      client.getStatus('model:default/credit-default-scorer'),
    ).resolves.toEqual(status);
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('modelops');
    expect(fetch).toHaveBeenCalledWith(
      `${BASE}/drift/models/default/credit-default-scorer/status`,
    );
  });

  it('defaults the kind and namespace and escapes names', async () => {
    const { client, fetch } = setup([jsonResponse(200, { items: [] })]);
    await client.getHistory('team a/my model');
    expect(fetch).toHaveBeenCalledWith(
      `${BASE}/drift/models/team%20a/my%20model/history`,
    );
  });

  it('refuses entity refs of other kinds', async () => {
    const { client, fetch } = setup([]);
    await expect(client.getStatus('component:default/x')).rejects.toThrow(
      /Model entities only/,
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  it('passes paging, time range and includeReport to the run listing', async () => {
    const page = { items: [run], nextCursor: 'abc' };
    const { client, fetch } = setup([
      jsonResponse(200, page),
      jsonResponse(200, { items: [] }),
    ]);
    await expect(
      client.listRuns('model:default/credit-default-scorer', {
        from: '2026-10-01T00:00:00Z',
        to: '2026-11-22T00:00:00Z',
        limit: 20,
        cursor: 'xyz',
        includeReport: true,
      }),
    ).resolves.toEqual(page);
    const url = new URL(fetch.mock.calls[0][0]);
    expect(url.pathname).toBe(
      '/api/modelops/drift/models/default/credit-default-scorer/runs',
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      from: '2026-10-01T00:00:00Z',
      to: '2026-11-22T00:00:00Z',
      limit: '20',
      cursor: 'xyz',
      includeReport: 'true',
    });

    await client.listRuns('model:default/credit-default-scorer');
    expect(fetch.mock.calls[1][0]).toBe(
      `${BASE}/drift/models/default/credit-default-scorer/runs`,
    );
  });

  it('returns the history items for one feature and time range', async () => {
    const items = [
      {
        feature: 'income',
        runId: 'r1',
        windowEnd: '2026-11-01T00:00:00.000Z',
        method: 'psi',
        value: 0.2,
        threshold: 0.1,
        drift: true,
        status: 'ok',
      },
    ];
    const { client, fetch } = setup([jsonResponse(200, { items })]);
    await expect(
      client.getHistory('model:default/m', {
        feature: 'income',
        from: '2026-10-01T00:00:00Z',
      }),
    ).resolves.toEqual(items);
    expect(fetch).toHaveBeenCalledWith(
      `${BASE}/drift/models/default/m/history?feature=income&from=2026-10-01T00%3A00%3A00Z`,
    );
  });

  it('follows nextCursor through the paged history (bounded)', async () => {
    const point = (i: number) => ({ runId: `r${i}`, feature: 'income' });
    const { client, fetch } = setup([
      jsonResponse(200, { items: [point(1), point(2)], nextCursor: 'c1' }),
      jsonResponse(200, { items: [point(3)], nextCursor: null }),
    ]);
    await expect(
      client.getHistory('model:default/m', { feature: 'income' }),
    ).resolves.toEqual([point(1), point(2), point(3)]);
    expect(fetch).toHaveBeenLastCalledWith(
      `${BASE}/drift/models/default/m/history?feature=income&cursor=c1`,
    );

    const endless = setup(
      Array.from({ length: 10 }, (_, i) =>
        jsonResponse(200, { items: [point(i)], nextCursor: `c${i}` }),
      ),
    );
    const all = await endless.client.getHistory('model:default/m');
    expect(all).toHaveLength(5);
    expect(endless.fetch).toHaveBeenCalledTimes(5);
  });

  it('reads the chart history with its query, and revisits it with If-None-Match', async () => {
    const body = {
      entityRef: 'model:default/m',
      from: '2026-10-01T00:00:00.000Z',
      to: null,
      maxPoints: 200,
      series: [
        {
          feature: 'income',
          method: 'psi',
          windows: 1,
          driftedWindows: 1,
          time: [Date.parse('2026-11-01T00:00:00Z')],
          value: [0.2],
          threshold: [0.1],
          drift: [true],
        },
      ],
    };
    const withEtag = (etag: string) =>
      new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'Content-Type': 'application/json', ETag: etag },
      });
    const { client, fetch } = setup([
      withEtag('"v1"'),
      new Response(null, { status: 304, headers: { ETag: '"v1"' } }),
      withEtag('"v2"'),
      jsonResponse(400, {
        error: {
          name: 'InputError',
          message: 'maxPoints: must be at least 10',
        },
      }),
    ]);
    const request = {
      from: '2026-10-01T00:00:00.000Z',
      maxPoints: 200,
    };
    const url = `${BASE}/drift/models/default/m/history/series?from=2026-10-01T00%3A00%3A00.000Z&maxPoints=200`;
    await expect(
      client.getHistorySeries('model:default/m', request),
    ).resolves.toEqual(body);
    expect(fetch).toHaveBeenLastCalledWith(url, undefined);

    // The revisit sends the ETag; the 304 is answered with the remembered body.
    await expect(
      client.getHistorySeries('model:default/m', request),
    ).resolves.toEqual(body);
    expect(fetch).toHaveBeenLastCalledWith(url, {
      headers: { 'If-None-Match': '"v1"' },
    });
    await client.getHistorySeries('model:default/m', request);
    expect(fetch).toHaveBeenLastCalledWith(url, {
      headers: { 'If-None-Match': '"v1"' },
    });

    // Errors are ResponseErrors with the server's message.
    const error = await client
      .getHistorySeries('model:default/m', { maxPoints: 5 })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(400);
    expect(error.body.error.message).toContain(
      'maxPoints: must be at least 10',
    );
  });

  it('gets one run and the latest reference, and returns undefined for 404', async () => {
    const reference = {
      id: 'ref1',
      profile: {
        format: 'modelops.drift.reference-profile',
        version: 1,
        features: [],
      },
    };
    const { client, fetch } = setup([
      jsonResponse(200, run),
      jsonResponse(404, {
        error: { name: 'NotFoundError', message: 'no drift run x' },
      }),
      jsonResponse(200, reference),
      jsonResponse(404, {
        error: { name: 'NotFoundError', message: 'no reference latest' },
      }),
    ]);
    await expect(
      client.getRun('model:default/m', 'seed/2026 11'),
    ).resolves.toEqual(run);
    expect(fetch.mock.calls[0][0]).toBe(
      `${BASE}/drift/models/default/m/runs/seed%2F2026%2011`,
    );
    await expect(
      client.getRun('model:default/m', 'x'),
    ).resolves.toBeUndefined();
    await expect(
      client.getReference('model:default/m', 'latest'),
    ).resolves.toEqual(reference);
    expect(fetch.mock.calls[2][0]).toBe(
      `${BASE}/drift/models/default/m/references/latest`,
    );
    await expect(
      client.getReference('model:default/m', 'latest'),
    ).resolves.toBeUndefined();
  });

  it('turns error answers into ResponseErrors carrying the server message', async () => {
    const { client } = setup([
      jsonResponse(403, {
        error: {
          name: 'NotAllowedError',
          message: 'missing permission modelops.drift.read',
        },
        response: { statusCode: 403 },
      }),
      jsonResponse(404, {
        error: {
          name: 'NotFoundError',
          message: 'model:default/nope is not a Model',
        },
      }),
      new Response('gateway down', { status: 502, statusText: 'Bad Gateway' }),
    ]);
    const denied = await client.getStatus('model:default/m').catch(e => e);
    expect(denied).toBeInstanceOf(ResponseError);
    expect(denied.statusCode).toBe(403);
    expect(denied.cause.message).toBe('missing permission modelops.drift.read');
    expect(denied.cause.name).toBe('NotAllowedError');

    // Only getRun / getReference map 404 to undefined; listings and status throw.
    const missing = await client.getHistory('model:default/nope').catch(e => e);
    expect(missing).toBeInstanceOf(ResponseError);
    expect(missing.statusCode).toBe(404);
    // The modelops backend's error body has no `response` field: the text is kept in the cause.
    expect(missing.cause.message).toMatch(/is not a Model/);

    const gateway = await client.listRuns('model:default/m').catch(e => e);
    expect(gateway).toBeInstanceOf(ResponseError);
    expect(gateway.statusCode).toBe(502);
  });
});
