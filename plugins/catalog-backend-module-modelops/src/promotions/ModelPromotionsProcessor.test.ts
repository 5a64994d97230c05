import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogProcessorCache } from '@backstage/plugin-catalog-node';
import {
  productionStatus,
  promotionsFromAnnotations,
  RecordedPromotion,
} from '@modelops/plugin-modelops-common';
import { ModelPromotionsProcessor } from './ModelPromotionsProcessor';
import { ModelopsPromotionsClient } from './PromotionsClient';

const location = {
  type: 'url',
  target: 'https://example.com/catalog-info.yaml',
};

function model(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'modelops.io/v1alpha1',
    kind: 'Model',
    metadata: {
      name: 'credit-default-scorer',
      annotations: { 'backstage.io/techdocs-ref': 'dir:.', ...annotations },
    },
    spec: {
      type: 'classification',
      lifecycle: 'production',
      owner: 'group:default/credit-risk-ds',
      versions: [
        { version: '3.2.0', stage: 'production', createdAt: '2026-09-14' },
        { version: '3.3.0', stage: 'staging', createdAt: '2026-11-02' },
      ],
    },
  };
}

function memoryCache(): CatalogProcessorCache & { data: Map<string, any> } {
  const data = new Map<string, any>();
  return {
    data,
    async get(key: string) {
      return data.get(key);
    },
    async set(key: string, value: any) {
      data.set(key, value);
    },
  } as any;
}

const promoted33: RecordedPromotion[] = [
  {
    version: '3.2.0',
    toStage: 'production',
    promotedAt: '2026-09-15T10:00:00.000Z',
    requestId: 'req-old',
  },
  {
    version: '3.3.0',
    toStage: 'production',
    promotedAt: '2026-11-27T10:00:00.000Z',
    requestId: 'req-33',
  },
  {
    version: '3.4.0',
    toStage: 'staging',
    promotedAt: '2026-11-28T10:00:00.000Z',
    requestId: 'req-staging',
  },
];

describe('ModelPromotionsProcessor', () => {
  it('puts the latest production promotion on the Model, so the portal says 3.3.0 is approved', async () => {
    const listPromotions = jest.fn(async () => promoted33);
    const processor = new ModelPromotionsProcessor({
      source: { listPromotions },
      logger: mockServices.logger.mock(),
    });
    const out = await processor.postProcessEntity(
      model(),
      location,
      jest.fn(),
      memoryCache(),
    );
    expect(listPromotions).toHaveBeenCalledWith({
      namespace: 'default',
      name: 'credit-default-scorer',
    });
    expect(out.metadata.annotations).toEqual({
      'backstage.io/techdocs-ref': 'dir:.',
      'modelops.io/approved-production-version': '3.3.0',
      'modelops.io/approved-production-request': 'req-33',
      'modelops.io/approved-production-at': '2026-11-27T10:00:00.000Z',
    });
    expect(productionStatus(out, promotionsFromAnnotations(out))).toMatchObject(
      { status: 'approved', version: '3.3.0', declarationOutdated: true },
    );
  });

  it('removes annotations forged in catalog-info.yaml when nothing was promoted', async () => {
    const processor = new ModelPromotionsProcessor({
      source: { listPromotions: async () => [] },
      logger: mockServices.logger.mock(),
    });
    const out = await processor.postProcessEntity(
      model({
        'modelops.io/approved-production-version': '3.2.0',
        'modelops.io/approved-production-request': 'forged',
      }),
      location,
      jest.fn(),
      memoryCache(),
    );
    expect(out.metadata.annotations).toEqual({
      'backstage.io/techdocs-ref': 'dir:.',
    });
    expect(productionStatus(out, promotionsFromAnnotations(out)).status).toBe(
      'unverified',
    );
  });

  it('keeps the entity and the last value read when the modelops backend is unavailable, with one warning', async () => {
    const logger = mockServices.logger.mock();
    let up = true;
    const processor = new ModelPromotionsProcessor({
      source: {
        listPromotions: async () => {
          if (!up) throw new Error('connect ECONNREFUSED 127.0.0.1:7007');
          return promoted33;
        },
      },
      logger,
      now: () => 1_000_000,
    });
    const cache = memoryCache();
    await processor.postProcessEntity(model(), location, jest.fn(), cache);
    up = false;
    const out = await processor.postProcessEntity(
      model(),
      location,
      jest.fn(),
      cache,
    );
    expect(out.spec).toEqual(model().spec);
    expect(
      out.metadata.annotations?.['modelops.io/approved-production-version'],
    ).toBe('3.3.0');
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'could not read the promotions of model:default/credit-default-scorer from the modelops backend (connect ECONNREFUSED 127.0.0.1:7007); keeping the approved production version read last',
      ),
    );
    // Throttled: the next failures within a minute are logged at debug level.
    await processor.postProcessEntity(model(), location, jest.fn(), cache);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.debug).toHaveBeenCalledTimes(1);

    // Without a cached value, no approved version (and no forged one) is shown.
    const fresh = await processor.postProcessEntity(
      model({ 'modelops.io/approved-production-version': '9.9.9' }),
      location,
      jest.fn(),
      memoryCache(),
    );
    expect(fresh.metadata.annotations).toEqual({
      'backstage.io/techdocs-ref': 'dir:.',
    });
  });

  it('writes its processing cache only when the approved version changes (no write for a model never promoted)', async () => {
    let promotions: RecordedPromotion[] = [];
    const processor = new ModelPromotionsProcessor({
      source: { listPromotions: async () => promotions },
      logger: mockServices.logger.mock(),
    });
    const cache = memoryCache();
    const set = jest.spyOn(cache, 'set');
    const run = () =>
      processor.postProcessEntity(model(), location, jest.fn(), cache);
    await run();
    await run();
    expect(set).not.toHaveBeenCalled();
    promotions = promoted33;
    await run();
    await run();
    expect(set).toHaveBeenCalledTimes(1);
    promotions = [];
    const out = await run();
    expect(set).toHaveBeenCalledTimes(2);
    expect(cache.data.get('approved-production')).toBeNull();
    expect(
      out.metadata.annotations?.['modelops.io/approved-production-version'],
    ).toBeUndefined();
  });

  it('leaves other kinds alone', async () => {
    const listPromotions = jest.fn();
    const processor = new ModelPromotionsProcessor({
      source: { listPromotions },
      logger: mockServices.logger.mock(),
    });
    const component: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'x',
        annotations: { 'modelops.io/approved-production-version': '1' },
      },
    };
    expect(
      await processor.postProcessEntity(
        component,
        location,
        jest.fn(),
        memoryCache(),
      ),
    ).toBe(component);
    expect(listPromotions).not.toHaveBeenCalled();
  });
});

function promotionsResponse(items: object[]) {
  return new Response(JSON.stringify({ items }), {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
  });
}

const promotion33 = {
  id: 'p1',
  requestId: 'req-33',
  modelRef: 'model:default/credit-default-scorer',
  modelVersion: '3.3.0',
  fromStage: 'staging',
  toStage: 'production',
  promotedBy: 'user:default/alice',
  createdAt: '2026-11-27T10:00:00.000Z',
};

describe('ModelopsPromotionsClient', () => {
  it('calls the promotions route with the catalog service token and maps the items', async () => {
    const fetchMock = jest.fn(async (_url: string, _init?: RequestInit) =>
      promotionsResponse([{ ...promotion33, modelRef: 'model:default/a b' }]),
    );
    const client = new ModelopsPromotionsClient({
      auth: mockServices.auth({ pluginId: 'catalog' }),
      discovery: mockServices.discovery(),
      fetch: fetchMock as unknown as typeof fetch,
    });
    expect(
      await client.listPromotions({ namespace: 'default', name: 'a b' }),
    ).toEqual([
      {
        version: '3.3.0',
        toStage: 'production',
        promotedAt: '2026-11-27T10:00:00.000Z',
        requestId: 'req-33',
      },
    ]);
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe(
      'http://localhost:0/api/modelops/approvals/promotions?modelRef=model%3Adefault%2Fa+b',
    );
    // The catalog's own service credentials, for the modelops plugin.
    expect((init?.headers as Record<string, string>).Authorization).toBe(
      `Bearer ${mockCredentials.service.token({
        onBehalfOf: mockCredentials.service('plugin:catalog'),
        targetPluginId: 'modelops',
      })}`,
    );
  });

  it('sends the reads made while a request is in flight as one request, each model getting its own promotions', async () => {
    const urls: string[] = [];
    const fetchMock = jest.fn(async (url: string) => {
      urls.push(url);
      await new Promise(r => setTimeout(r, 20));
      return promotionsResponse([
        promotion33,
        {
          ...promotion33,
          id: 'p2',
          requestId: 'req-9',
          modelRef: 'model:default/churn',
          modelVersion: '9.0.0',
        },
      ]);
    });
    const auth = mockServices.auth({ pluginId: 'catalog' });
    const getToken = jest.spyOn(auth, 'getPluginRequestToken');
    const client = new ModelopsPromotionsClient({
      auth,
      discovery: mockServices.discovery(),
      fetch: fetchMock as unknown as typeof fetch,
      maxInFlight: 1,
    });
    const read = (name: string) =>
      client.listPromotions({ namespace: 'default', name });
    const first = read('Credit-Default-Scorer');
    // Sent on the next turn of the event loop: these three wait for the first request.
    await new Promise(r => setImmediate(r));
    const later = await Promise.all([
      read('churn'),
      read('nothing-promoted'),
      read('churn'),
    ]);
    expect((await first).map(p => p.version)).toEqual(['3.3.0']);
    expect(later.map(list => list.map(p => p.version))).toEqual([
      ['9.0.0'],
      [],
      ['9.0.0'],
    ]);
    expect(urls.map(u => new URL(u).searchParams.getAll('modelRef'))).toEqual([
      ['model:default/credit-default-scorer'],
      ['model:default/churn', 'model:default/nothing-promoted'],
    ]);
    // One service token for both requests (reused for a minute).
    expect(getToken).toHaveBeenCalledTimes(1);
  });

  it('asks for at most 100 models per request', async () => {
    const counts: number[] = [];
    const client = new ModelopsPromotionsClient({
      auth: mockServices.auth(),
      discovery: mockServices.discovery(),
      fetch: (async (url: string) => {
        counts.push(new URL(url).searchParams.getAll('modelRef').length);
        return promotionsResponse([]);
      }) as unknown as typeof fetch,
    });
    await Promise.all(
      Array.from({ length: 250 }, (_, i) =>
        client.listPromotions({ namespace: 'default', name: `m${i}` }),
      ),
    );
    expect(counts).toEqual([100, 100, 50]);
  });

  it('throws with the status when the backend refuses, for every read of the request', async () => {
    const client = new ModelopsPromotionsClient({
      auth: mockServices.auth(),
      discovery: mockServices.discovery(),
      fetch: (async () =>
        new Response('{"error":{"message":"missing permission"}}', {
          status: 403,
        })) as unknown as typeof fetch,
    });
    const reads = await Promise.allSettled([
      client.listPromotions({ namespace: 'default', name: 'm' }),
      client.listPromotions({ namespace: 'default', name: 'n' }),
    ]);
    for (const read of reads) {
      expect(read.status).toBe('rejected');
      expect(String((read as PromiseRejectedResult).reason)).toMatch(
        /promotions \(2 models\) answered 403: .*missing permission/,
      );
    }
  });
});
