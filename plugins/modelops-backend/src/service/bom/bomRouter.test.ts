import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { validateCycloneDxBom } from '@modelops/plugin-modelops-common';
import request from 'supertest';
import { modelopsPlugin } from '../../plugin';
import { churnModel } from '../../tests/fixtures';

jest.setTimeout(60_000);

// The route reads no store: one database is enough to start the plugin.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const entities: Entity[] = [
  churnModel({
    trainingData: ['events', 'resource:default/secret-payroll'],
    servedBy: ['churn-api-service'],
    derivedFrom: 'churn-v1',
    intendedUse: 'Rank subscribers for retention offers.',
    versions: [{ version: '1.0', stage: 'production', metrics: { auc: 0.87 } }],
  }) as Entity,
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'events', namespace: 'default' },
    spec: { type: 'dataset', owner: 'data-platform' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'secret-payroll',
      namespace: 'default',
      description: 'Salaries of every employee',
    },
    spec: { type: 'dataset', owner: 'hr' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'data-platform', namespace: 'default' },
    spec: {
      type: 'team',
      children: [],
      profile: { displayName: 'Data Platform' },
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'churn-api-service', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  },
  {
    apiVersion: 'modelops.io/v1alpha1',
    kind: 'Model',
    metadata: { name: 'churn-v1', namespace: 'default' },
    spec: {
      type: 'classification',
      lifecycle: 'deprecated',
      owner: 'team-a',
      versions: [{ version: '0.9', stage: 'archived' }],
    },
  },
];

/** A catalog that hides `secret-payroll` from everyone but user:default/hr-lead, and records who read. */
function permissionAwareCatalog(readers: string[]) {
  const inner = catalogServiceMock({ entities });
  const who = (options: any) =>
    options?.credentials?.principal?.userEntityRef ??
    options?.credentials?.principal?.subject ??
    'none';
  const visible = (e: Entity | undefined, options: any) =>
    e &&
    (e.metadata.name !== 'secret-payroll' ||
      who(options) === 'user:default/hr-lead')
      ? e
      : undefined;
  return catalogServiceMock.mock({
    getEntityByRef: async (ref: any, options: any) => {
      readers.push(who(options));
      return visible(await inner.getEntityByRef(ref, options), options);
    },
    getEntitiesByRefs: async (req: any, options: any) => {
      readers.push(who(options));
      const { items } = await inner.getEntitiesByRefs(req, options);
      return { items: items.map(e => visible(e, options)) };
    },
  });
}

describe('GET /api/modelops/models/:namespace/:name/bom', () => {
  const readers: string[] = [];
  async function start(opts: { deny?: boolean } = {}) {
    const knex = await databases.init('SQLITE_3');
    const { server } = await startTestBackend({
      features: [
        modelopsPlugin,
        mockServices.database.factory({ knex }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        permissionAwareCatalog(readers).factory,
        mockServices.rootConfig.factory({
          data: { modelops: { scorecards: { snapshots: { enabled: false } } } },
        }),
        ...(opts.deny
          ? [mockServices.permissions.factory({ result: AuthorizeResult.DENY })]
          : []),
      ],
    });
    return server;
  }
  const as = (user: string) => ({
    Authorization: mockCredentials.user.header(`user:default/${user}`),
  });

  it('serves a CycloneDX 1.6 ML-BOM read with the caller credentials', async () => {
    const server = await start();
    readers.length = 0;
    const res = await request(server)
      .get('/api/modelops/models/default/churn/bom')
      .set(as('ada'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(
      /^application\/vnd\.cyclonedx\+json/,
    );
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="churn.cdx.json"',
    );
    const bom = JSON.parse(res.text);
    expect(await validateCycloneDxBom(bom)).toEqual([]);
    expect(bom.metadata.component).toMatchObject({
      type: 'machine-learning-model',
      'bom-ref': 'model:default/churn',
      version: '1.0',
      modelCard: {
        quantitativeAnalysis: {
          performanceMetrics: [{ type: 'auc', value: '0.87' }],
        },
        considerations: {
          useCases: ['Rank subscribers for retention offers.'],
        },
      },
      pedigree: {
        ancestors: [
          expect.objectContaining({
            'bom-ref': 'model:default/churn-v1',
            version: '0.9',
          }),
        ],
      },
    });
    const events = bom.components.find(
      (c: any) => c['bom-ref'] === 'resource:default/events',
    );
    expect(events.data[0].governance.owners).toEqual([
      { organization: { name: 'Data Platform' } },
    ]);
    // Every catalog read ran as the caller, none as the plugin.
    expect(new Set(readers)).toEqual(new Set(['user:default/ada']));
  });

  it('names lineage the caller may not read, and nothing more', async () => {
    const server = await start();
    const hidden = await request(server)
      .get('/api/modelops/models/default/churn/bom')
      .set(as('ada'));
    const payroll = JSON.parse(hidden.text).components.find(
      (c: any) => c['bom-ref'] === 'resource:default/secret-payroll',
    );
    expect(payroll.properties).toContainEqual({
      name: 'modelops:resolved',
      value: 'false',
    });
    expect(hidden.text).not.toContain('Salaries of every employee');

    const shown = await request(server)
      .get('/api/modelops/models/default/churn/bom')
      .set(as('hr-lead'));
    expect(shown.text).toContain('Salaries of every employee');
  });

  it('404s for unknown models and for entities that are not Models', async () => {
    const server = await start();
    const unknown = await request(server)
      .get('/api/modelops/models/default/nope/bom')
      .set(as('ada'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(
      /model:default\/nope is not a Model in the catalog/,
    );
    const notModel = await request(server)
      .get('/api/modelops/models/default/events/bom')
      .set(as('ada'));
    expect(notModel.status).toBe(404);
    const nul = await request(server)
      .get('/api/modelops/models/default/ch%00urn/bom')
      .set(as('ada'));
    expect(nul.status).toBe(400);
  });

  it('needs a signed-in caller with modelops.model.export', async () => {
    const server = await start();
    const anonymous = await request(server).get(
      '/api/modelops/models/default/churn/bom',
    );
    expect(anonymous.status).toBe(401);
    const denied = await start({ deny: true });
    const res = await request(denied)
      .get('/api/modelops/models/default/churn/bom')
      .set(as('ada'));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'missing permission modelops.model.export',
    );
  });
});
