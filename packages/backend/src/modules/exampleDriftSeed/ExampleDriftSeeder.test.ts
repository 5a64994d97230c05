import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { EXAMPLE_DRIFT_SCENARIOS } from './exampleDriftData';
import { ExampleDriftSeeder } from './ExampleDriftSeeder';

const model = (
  name: string,
  versions: Array<{ version: string; stage: string }> = [],
): Entity => ({
  apiVersion: 'modelops.io/v1alpha1',
  kind: 'Model',
  metadata: { name, namespace: 'default' },
  spec: {
    type: 'classification',
    lifecycle: 'production',
    owner: 'team-a',
    versions,
  },
});

const credit = EXAMPLE_DRIFT_SCENARIOS.find(
  s => s.name === 'credit-default-scorer',
)!;
const churn = EXAMPLE_DRIFT_SCENARIOS.find(
  s => s.name === 'customer-churn-global',
)!;
const BASE = 'http://localhost:7007/api/modelops';

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

/** A fake drift API: records requests; `references` and `runs` hold what exists. */
function fakeApi(state: {
  references: Set<string>;
  runs: Map<string, Set<string>>;
}) {
  const calls: Array<{
    method: string;
    url: string;
    body?: any;
    auth?: string;
  }> = [];
  const fetch = jest.fn(async (url: string, init: RequestInit) => {
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({
      method: init.method!,
      url,
      body,
      auth: (init.headers as any).Authorization,
    });
    const m = url.match(
      /\/drift\/models\/default\/([^/?]+)\/(references|runs)(\/latest)?/,
    )!;
    const [, name, what, latest] = m;
    const runs = state.runs.get(name) ?? new Set<string>();
    state.runs.set(name, runs);
    if (what === 'references' && latest) {
      return state.references.has(name)
        ? json(200, { id: 'r1' })
        : json(404, { error: { name: 'NotFoundError', message: 'none' } });
    }
    if (what === 'references') {
      state.references.add(name);
      return json(201, { id: 'r1' });
    }
    if (init.method === 'GET')
      return json(200, { items: [...runs].map(runId => ({ runId })) });
    const created = !runs.has(body.runId);
    runs.add(body.runId);
    return json(created ? 201 : 200, { created, run: { runId: body.runId } });
  });
  return { fetch, calls };
}

function seeder(
  entities: Entity[],
  fetch: typeof globalThis.fetch,
  extra: Partial<ConstructorParameters<typeof ExampleDriftSeeder>[0]> = {},
) {
  const catalog = catalogServiceMock({ entities });
  return new ExampleDriftSeeder({
    logger: mockServices.logger.mock(),
    auth: mockServices.auth(),
    discovery: {
      getBaseUrl: async () => BASE,
      getExternalBaseUrl: async () => BASE,
    },
    catalog,
    scenarios: [credit, churn],
    windows: 4,
    pollIntervalMs: 5,
    timeoutMs: 200,
    now: () => new Date('2026-11-22T10:00:00Z'),
    fetch,
    ...extra,
  });
}

describe('ExampleDriftSeeder', () => {
  it('sets references and posts the daily windows oldest first through the drift API, with a service token', async () => {
    const state = {
      references: new Set<string>(),
      runs: new Map<string, Set<string>>(),
    };
    const { fetch, calls } = fakeApi(state);
    const results = await seeder(
      [
        model('credit-default-scorer', [
          { version: '3.2.0', stage: 'production' },
        ]),
        model('customer-churn-global'),
      ],
      fetch as any,
    ).run();

    expect(results).toEqual([
      {
        model: 'credit-default-scorer',
        referenceCreated: true,
        runsCreated: 4,
        runsSkipped: 0,
      },
      {
        model: 'customer-churn-global',
        referenceCreated: true,
        runsCreated: 4,
        runsSkipped: 0,
      },
    ]);
    const creditCalls = calls.filter(c =>
      c.url.includes('credit-default-scorer'),
    );
    expect(
      creditCalls.map(c => `${c.method} ${c.url.replace(BASE, '')}`),
    ).toEqual([
      'GET /drift/models/default/credit-default-scorer/references/latest',
      'POST /drift/models/default/credit-default-scorer/references',
      'GET /drift/models/default/credit-default-scorer/runs?limit=500&from=2026-11-19T00%3A00%3A00.000Z',
      'POST /drift/models/default/credit-default-scorer/runs',
      'POST /drift/models/default/credit-default-scorer/runs',
      'POST /drift/models/default/credit-default-scorer/runs',
      'POST /drift/models/default/credit-default-scorer/runs',
    ]);
    for (const c of calls) expect(c.auth).toMatch(/^Bearer .+/);
    expect(creditCalls[1].body.modelVersion).toBe('3.2.0');
    expect(creditCalls[1].body.columns.income).toHaveLength(2000);
    expect(creditCalls.slice(3).map(c => c.body.runId)).toEqual([
      'seed-2026-11-19',
      'seed-2026-11-20',
      'seed-2026-11-21',
      'seed-2026-11-22',
    ]);
    expect(creditCalls[6].body).toMatchObject({
      windowStart: '2026-11-21T00:00:00.000Z',
      windowEnd: '2026-11-22T00:00:00.000Z',
      modelVersion: '3.2.0',
    });
    // No production version: no modelVersion.
    const churnReference = calls.find(
      c =>
        c.method === 'POST' &&
        c.url.endsWith('customer-churn-global/references'),
    )!;
    expect(churnReference.body).not.toHaveProperty('modelVersion');
  });

  it('is idempotent: a restart adds only the missing days and keeps the reference', async () => {
    const state = {
      references: new Set(['credit-default-scorer', 'customer-churn-global']),
      runs: new Map([
        [
          'credit-default-scorer',
          new Set(['seed-2026-11-19', 'seed-2026-11-20', 'seed-2026-11-21']),
        ],
        [
          'customer-churn-global',
          new Set([
            'seed-2026-11-19',
            'seed-2026-11-20',
            'seed-2026-11-21',
            'seed-2026-11-22',
          ]),
        ],
      ]),
    };
    const { fetch, calls } = fakeApi(state);
    const results = await seeder(
      [model('credit-default-scorer'), model('customer-churn-global')],
      fetch as any,
    ).run();
    expect(results).toEqual([
      {
        model: 'credit-default-scorer',
        referenceCreated: false,
        runsCreated: 1,
        runsSkipped: 3,
      },
      {
        model: 'customer-churn-global',
        referenceCreated: false,
        runsCreated: 0,
        runsSkipped: 4,
      },
    ]);
    expect(
      calls.filter(c => c.method === 'POST').map(c => c.body.runId),
    ).toEqual(['seed-2026-11-22']);
  });

  it('waits for the models to appear in the catalog and skips those that never do', async () => {
    const state = {
      references: new Set<string>(),
      runs: new Map<string, Set<string>>(),
    };
    const { fetch } = fakeApi(state);
    const catalog = catalogServiceMock({ entities: [] });
    const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');
    let polls = 0;
    getEntityByRef.mockImplementation(async ref => {
      polls += 1;
      return ref === 'model:default/credit-default-scorer' && polls > 4
        ? model('credit-default-scorer')
        : undefined;
    });
    const logger = mockServices.logger.mock();
    const results = await seeder([], fetch as any, { catalog, logger }).run();
    expect(polls).toBeGreaterThan(4);
    expect(results.map(r => [r.model, r.runsCreated, r.error])).toEqual([
      ['credit-default-scorer', 4, undefined],
      ['customer-churn-global', 0, 'not in the catalog'],
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'model:default/customer-churn-global is not in the catalog',
      ),
    );
  });

  it('reports API errors per model and goes on', async () => {
    const fetch = jest.fn(async (url: string) =>
      url.includes('credit-default-scorer')
        ? json(403, {
            error: {
              name: 'NotAllowedError',
              message: 'missing permission modelops.drift.submit',
            },
          })
        : json(200, { items: [] }),
    );
    const logger = mockServices.logger.mock();
    const results = await seeder(
      [model('credit-default-scorer'), model('customer-churn-global')],
      fetch as any,
      { logger },
    ).run();
    expect(results[0]).toMatchObject({
      model: 'credit-default-scorer',
      runsCreated: 0,
    });
    expect(results[0].error).toMatch(
      /HTTP 403 .*missing permission modelops\.drift\.submit/,
    );
    expect(results[1].model).toBe('customer-churn-global');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('credit-default-scorer failed'),
    );
  });

  it('stops when asked', async () => {
    const { fetch } = fakeApi({ references: new Set(), runs: new Map() });
    const s = seeder([], fetch as any, { timeoutMs: 60_000 });
    const running = s.run();
    s.stop();
    await expect(running).resolves.toEqual([]);
    expect(fetch).not.toHaveBeenCalled();
  });
});
