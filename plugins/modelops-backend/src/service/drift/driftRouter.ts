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
import { RootConfigService } from '@backstage/backend-plugin-api';
import { DatabaseDriftStore, decodeDriftRunCursor, decodeHistoryCursor } from '../../database/DatabaseDriftStore';
import type { RouterOptions } from '../router';
import {
  historyQuerySchema,
  listRunsQuerySchema,
  setReferenceBodySchema,
  submitRunBodySchema,
} from './driftSchemas';
import { DriftLimits, DriftNotifier, DriftService } from './DriftService';

/** Limits of the drift API from app-config (`modelops.drift.*`). */
export function readDriftLimits(config: RootConfigService): DriftLimits & { maxBodySize: string } {
  return {
    maxRows: config.getOptionalNumber('modelops.drift.maxRows') ?? 100_000,
    maxFeatures: config.getOptionalNumber('modelops.drift.maxFeatures') ?? 500,
    maxBodySize: config.getOptionalString('modelops.drift.maxBodySize') ?? '50mb',
  };
}

/** Largest page of runs with their full reports (each report may hold maxFeatures features). */
export const MAX_RUNS_WITH_REPORT = 50;

/**
 * Cheap size checks on the parsed body before zod: counting rows, columns and features is
 * O(columns), while validating an over-limit body with zod first would cost seconds. Every drift
 * body (rows, columns, a profile or a report) obeys the same maxRows / maxFeatures limits.
 */
export function checkDriftBodySize(body: unknown, limits: DriftLimits): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
  const b = body as Record<string, unknown>;
  const { maxRows, maxFeatures } = limits;
  if (Array.isArray(b.rows) && b.rows.length > maxRows) {
    throw new InputError(`rows: ${b.rows.length} rows is more than the limit of ${maxRows} per request; split the data or send a profile/report computed with yarn modelops drift`);
  }
  if (typeof b.columns === 'object' && b.columns !== null && !Array.isArray(b.columns)) {
    const names = Object.keys(b.columns);
    if (names.length > maxFeatures) {
      throw new InputError(`columns: ${names.length} columns is more than the limit of ${maxFeatures} features`);
    }
    for (const name of names) {
      const values = (b.columns as Record<string, unknown>)[name];
      if (Array.isArray(values) && values.length > maxRows) {
        throw new InputError(`columns.${name}: ${values.length} values is more than the limit of ${maxRows} rows per request; split the data or send a profile/report computed with yarn modelops drift`);
      }
    }
  }
  for (const key of ['report', 'profile']) {
    const features = (b[key] as { features?: unknown } | null | undefined)?.features;
    if (Array.isArray(features) && features.length > maxFeatures) {
      throw new InputError(`${key}.features: ${features.length} features is more than the limit of ${maxFeatures} (modelops.drift.maxFeatures)`);
    }
  }
}

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
  const { maxBodySize: bodyLimit, ...limits } = readDriftLimits(config);
  const service = new DriftService({
    store,
    catalog: options.catalog,
    auth: options.auth,
    logger: options.logger,
    notifier: options.notifier,
    limits,
  });

  const router = Router();
  const modelRef = (req: Request) =>
    stringifyEntityRef({ kind: 'model', namespace: req.params.namespace, name: req.params.name });
  const read = (req: Request) => authorize(req, modelopsDriftReadPermission, httpAuth, permissions);
  const submit = (req: Request) => authorize(req, modelopsDriftSubmitPermission, httpAuth, permissions);
  const json = express.json({ limit: bodyLimit });

  router.post('/drift/models/:namespace/:name/references', json, async (req, res) => {
    const credentials = await submit(req);
    checkDriftBodySize(req.body, limits);
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
    checkDriftBodySize(req.body, limits);
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
    const includeReport = query.includeReport === 'true';
    res.json(
      await store.listRuns(modelRef(req), {
        from: query.from,
        to: query.to,
        // Reports are up to maxFeatures features each: pages with reports are smaller, and
        // nextCursor continues as usual (a client following the cursor sees every run).
        limit: includeReport ? Math.min(query.limit, MAX_RUNS_WITH_REPORT) : query.limit,
        cursor: query.cursor,
        includeReport,
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
    if (query.cursor) {
      try {
        decodeHistoryCursor(query.cursor);
      } catch (e) {
        throw new InputError(`cursor: ${(e as Error).message}`);
      }
    }
    // Bounded: at most `limit` points (default 20,000); `nextCursor` continues after the last one.
    res.json(await store.featureHistory(modelRef(req), query.feature, query));
  });

  router.get('/drift/status', async (req, res) => {
    await read(req);
    res.json({ items: await store.latestStatusAll() });
  });

  return router;
}
