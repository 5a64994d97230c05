import { HttpAuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult, BasicPermission } from '@backstage/plugin-permission-common';
import {
  modelopsDriftReadPermission,
  modelopsDriftSubmitPermission,
} from '@modelops/plugin-modelops-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { DatabaseDriftStore, decodeDriftRunCursor } from '../../database/DatabaseDriftStore';
import type { RouterOptions } from '../router';
import {
  historyQuerySchema,
  listRunsQuerySchema,
  setReferenceBodySchema,
  submitRunBodySchema,
} from './driftSchemas';
import { DriftNotifier, DriftService } from './DriftService';

async function authorize(
  req: Request,
  permission: BasicPermission,
  httpAuth: HttpAuthService,
  permissions: PermissionsService,
) {
  const credentials = await httpAuth.credentials(req);
  const [decision] = await permissions.authorize([{ permission }], { credentials });
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(`missing permission ${permission.name}`);
  }
  return credentials;
}

/**
 * `/api/modelops/drift`: reference profiles, drift runs, latest status and per-feature history.
 * See `src/schema/openapi.yaml`.
 */
export async function createDriftRouter(
  options: RouterOptions & { notifier?: DriftNotifier },
): Promise<express.Router> {
  const { config, httpAuth, permissions } = options;
  options.permissionsRegistry.addPermissions([
    modelopsDriftReadPermission,
    modelopsDriftSubmitPermission,
  ]);
  const store = await DatabaseDriftStore.create({ database: options.database });
  const service = new DriftService({
    store,
    catalog: options.catalog,
    auth: options.auth,
    logger: options.logger,
    notifier: options.notifier,
    limits: {
      maxRows: config.getOptionalNumber('modelops.drift.maxRows') ?? 100_000,
      maxFeatures: config.getOptionalNumber('modelops.drift.maxFeatures') ?? 500,
    },
  });
  const bodyLimit = config.getOptionalString('modelops.drift.maxBodySize') ?? '50mb';

  const router = Router();
  const modelRef = (req: Request) =>
    stringifyEntityRef({ kind: 'model', namespace: req.params.namespace, name: req.params.name });
  const read = (req: Request) => authorize(req, modelopsDriftReadPermission, httpAuth, permissions);
  const submit = (req: Request) => authorize(req, modelopsDriftSubmitPermission, httpAuth, permissions);
  const json = express.json({ limit: bodyLimit });

  router.post('/drift/models/:namespace/:name/references', json, async (req, res) => {
    const credentials = await submit(req);
    const body = setReferenceBodySchema.parse(req.body ?? {});
    const reference = await service.setReference(modelRef(req), body, DriftService.principalOf(credentials));
    res.status(201).json(reference);
  });

  router.get('/drift/models/:namespace/:name/references', async (req, res) => {
    await read(req);
    res.json({ items: await store.listReferences(modelRef(req)) });
  });

  router.get('/drift/models/:namespace/:name/references/:id', async (req, res) => {
    await read(req);
    const ref = modelRef(req);
    const reference = await store.getReference(ref, req.params.id === 'latest' ? {} : { id: req.params.id });
    if (!reference) throw new NotFoundError(`no reference ${req.params.id} for ${ref}`);
    res.json(reference);
  });

  router.post('/drift/models/:namespace/:name/runs', json, async (req, res) => {
    const credentials = await submit(req);
    const body = submitRunBodySchema.parse(req.body ?? {});
    const { run, created } = await service.submitRun(modelRef(req), body, DriftService.principalOf(credentials));
    res.status(created ? 201 : 200).json({ created, run });
  });

  router.get('/drift/models/:namespace/:name/runs', async (req, res) => {
    await read(req);
    const query = listRunsQuerySchema.parse(req.query);
    if (query.cursor) {
      try {
        decodeDriftRunCursor(query.cursor);
      } catch (e) {
        throw new InputError(`cursor: ${(e as Error).message}`);
      }
    }
    res.json(
      await store.listRuns(modelRef(req), {
        from: query.from,
        to: query.to,
        limit: query.limit,
        cursor: query.cursor,
        includeReport: query.includeReport === 'true',
      }),
    );
  });

  router.get('/drift/models/:namespace/:name/runs/:runId', async (req, res) => {
    await read(req);
    const run = await store.getRun(modelRef(req), req.params.runId);
    if (!run) throw new NotFoundError(`no drift run ${req.params.runId} for ${modelRef(req)}`);
    res.json(run);
  });

  router.get('/drift/models/:namespace/:name/status', async (req, res) => {
    await read(req);
    const ref = modelRef(req);
    const lastRun = await store.latestRun(ref);
    const references = await store.listReferences(ref);
    res.json({
      entityRef: ref,
      hasReference: references.length > 0,
      reference: references[0] ?? null,
      lastRun: lastRun ?? null,
    });
  });

  router.get('/drift/models/:namespace/:name/history', async (req, res) => {
    await read(req);
    const query = historyQuerySchema.parse(req.query);
    res.json({ items: await store.featureHistory(modelRef(req), query.feature, query) });
  });

  router.get('/drift/status', async (req, res) => {
    await read(req);
    res.json({ items: await store.latestStatusAll() });
  });

  return router;
}
