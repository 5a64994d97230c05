import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import path from 'node:path';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleUnprocessedEntities from '@backstage/plugin-catalog-backend-module-unprocessed';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogModuleModelopsEntityModel } from './module';
import { waitFor } from './tests/waitFor';

/**
 * Stands in for the modelops backend: serves the promotions route (several models per request),
 * only to the catalog's own service credentials, and records who called and how many models each
 * request asked for.
 */
const callers: string[] = [];
/** How many models each promotions request asked for. */
const batches: number[] = [];
const fakeModelopsBackend = createBackendPlugin({
  pluginId: 'modelops',
  register(env) {
    env.registerInit({
      deps: { http: coreServices.httpRouter, httpAuth: coreServices.httpAuth },
      async init({ http, httpAuth }) {
        http.use(async (req, res, next) => {
          if (req.method !== 'GET' || req.path !== '/approvals/promotions') {
            next();
            return;
          }
          const credentials = await httpAuth.credentials(req, {
            allow: ['service'],
          });
          callers.push(credentials.principal.subject);
          const refs = ([] as unknown[]).concat(req.query.modelRef ?? []);
          batches.push(refs.length);
          res.json({
            items: refs.includes('model:default/fraud-detector')
              ? [
                  {
                    id: 'p1',
                    requestId: 'req-21',
                    modelRef: 'model:default/fraud-detector',
                    modelVersion: '2.1.0',
                    fromStage: 'staging',
                    toStage: 'production',
                    promotedBy: 'user:default/alice',
                    createdAt: '2026-11-27T10:00:00.000Z',
                  },
                ]
              : [],
          });
        });
      },
    });
  },
});

jest.setTimeout(240_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'catalogModuleModelopsEntityModel on %s',
  databaseId => {
    it('makes the real catalog ingest Models with their relations, and reject invalid ones', async () => {
      const knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          mockServices.database.factory({ knex }),
          catalogPlugin,
          catalogModuleUnprocessedEntities,
          catalogModuleModelopsEntityModel,
          fakeModelopsBackend,
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                rules: [{ allow: ['Model', 'Location'] }],
                locations: [
                  {
                    type: 'file',
                    target: path.resolve(
                      __dirname,
                      '__fixtures__/catalog-info.yaml',
                    ),
                  },
                ],
              },
            },
          }),
        ],
      });
      const auth = { Authorization: mockCredentials.user.header() };

      const entity = await waitFor(async () => {
        const res = await request(server)
          .get('/api/catalog/entities/by-name/model/default/fraud-detector')
          .set(auth);
        return res.status === 200 && res.body.relations?.length
          ? res.body
          : undefined;
      });
      expect(entity.apiVersion).toBe('modelops.io/v1alpha1');
      expect(entity.spec.riskTier).toBe('high');
      const relations = entity.relations
        .map(
          (r: { type: string; targetRef: string }) =>
            `${r.type} ${r.targetRef}`,
        )
        .sort();
      // The approved production version recorded by the modelops backend, read with the
      // catalog's service credentials (issue 12 item 1).
      const promoted = await waitFor(async () => {
        const res = await request(server)
          .get('/api/catalog/entities/by-name/model/default/fraud-detector')
          .set(auth);
        return res.body.metadata?.annotations?.[
          'modelops.io/approved-production-version'
        ]
          ? res.body
          : undefined;
      });
      expect(promoted.metadata.annotations).toMatchObject({
        'modelops.io/approved-production-version': '2.1.0',
        'modelops.io/approved-production-request': 'req-21',
        'modelops.io/approved-production-at': '2026-11-27T10:00:00.000Z',
      });
      expect(callers).toContain('plugin:catalog');
      expect(batches.every(n => n >= 1 && n <= 100)).toBe(true);
      expect(relations).toEqual([
        'derivedFrom model:default/fraud-detector-base',
        'ownedBy group:default/fraud-ds',
        'partOf system:default/payments',
        'servedBy component:default/fraud-scoring-service',
        'trainedOn resource:default/transactions-2025',
      ]);

      // The invalid Model never becomes an entity...
      const broken = await request(server)
        .get('/api/catalog/entities/by-name/model/default/broken-model')
        .set(auth);
      expect(broken.status).toBe(404);

      // ...and the catalog records a processing error that names the field and the allowed values
      // (the same list the "Unprocessed entities" page of the portal shows).
      const messages = await waitFor(async () => {
        const found: string[] = [];
        for (const reason of ['failed', 'pending']) {
          const res = await request(server)
            .get(`/api/catalog/entities/unprocessed/${reason}`)
            .set(auth);
          for (const e of res.body.entities ?? []) {
            if (e.unprocessed_entity?.metadata?.name === 'broken-model') {
              found.push(...(e.errors ?? []).map((x: any) => x.message));
            }
          }
        }
        return found.length ? found : undefined;
      });
      expect(messages.join('\n')).toContain(
        'Invalid Model entity default/broken-model: spec.riskTier must be one of low, medium, high (got "extreme")',
      );
    });
  },
);
