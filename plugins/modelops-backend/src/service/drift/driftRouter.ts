import {
  AuditorService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { Response } from 'express';
import { InputError } from '@backstage/errors';
import {
  modelopsDriftAcknowledgePermission,
  modelopsDriftReadPermission,
  modelopsDriftSubmitPermission,
} from '@modelops/plugin-modelops-common';
import type { ModelopsApiRouter } from '../../schema/openapi/types';
import { audited } from '../audit';
import type { AnyRequest, Authorize } from '../authorize';
import { submitterOf } from '../callers';
import { ifNoneMatchHits } from '../conditionalResponses';
import {
  acknowledgeBodySchema,
  historyQuerySchema,
  historySeriesQuerySchema,
  listRunsQuerySchema,
  setReferenceBodySchema,
  submitRunBodySchema,
} from './driftSchemas';
import { DriftLimits, DriftService } from './DriftService';

/** Limits of the drift API from app-config (`modelops.drift.*`). */
export function readDriftLimits(
  config: RootConfigService,
): DriftLimits & { maxBodySize: string } {
  return {
    maxRows: config.getOptionalNumber('modelops.drift.maxRows') ?? 100_000,
    maxFeatures: config.getOptionalNumber('modelops.drift.maxFeatures') ?? 500,
    maxBodySize:
      config.getOptionalString('modelops.drift.maxBodySize') ?? '50mb',
  };
}

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
    throw new InputError(
      `rows: ${b.rows.length} rows is more than the limit of ${maxRows} per request; split the data or send a profile/report computed with yarn modelops drift`,
    );
  }
  if (
    typeof b.columns === 'object' &&
    b.columns !== null &&
    !Array.isArray(b.columns)
  ) {
    const names = Object.keys(b.columns);
    if (names.length > maxFeatures) {
      throw new InputError(
        `columns: ${names.length} columns is more than the limit of ${maxFeatures} features`,
      );
    }
    for (const name of names) {
      const values = (b.columns as Record<string, unknown>)[name];
      if (Array.isArray(values) && values.length > maxRows) {
        throw new InputError(
          `columns.${name}: ${values.length} values is more than the limit of ${maxRows} rows per request; split the data or send a profile/report computed with yarn modelops drift`,
        );
      }
    }
  }
  for (const key of ['report', 'profile']) {
    const features = (b[key] as { features?: unknown } | null | undefined)
      ?.features;
    if (Array.isArray(features) && features.length > maxFeatures) {
      throw new InputError(
        `${key}.features: ${features.length} features is more than the limit of ${maxFeatures} (modelops.drift.maxFeatures)`,
      );
    }
  }
}

/**
 * `/api/modelops/drift`: reference profiles, drift runs, latest status and per-feature history.
 * Parses, authorizes, calls the {@link DriftService} and serialises. See `src/schema/openapi.yaml`.
 */
export function addDriftRoutes(
  router: ModelopsApiRouter,
  options: {
    service: DriftService;
    authorize: Authorize;
    auditor: AuditorService;
    config: RootConfigService;
  },
): void {
  const { service, authorize, auditor } = options;
  const { maxBodySize: _bodyLimit, ...limits } = readDriftLimits(
    options.config,
  );

  const modelRef = (req: AnyRequest) =>
    stringifyEntityRef({
      kind: 'model',
      namespace: req.params.namespace,
      name: req.params.name,
    });
  const read = (req: AnyRequest) => authorize(req, modelopsDriftReadPermission);
  const submit = (req: AnyRequest) =>
    authorize(req, modelopsDriftSubmitPermission);

  router.post('/drift/models/:namespace/:name/references', async (req, res) => {
    const caller = await submit(req);
    checkDriftBodySize(req.body, limits);
    const body = setReferenceBodySchema.parse(req.body ?? {});
    const reference = await audited(
      auditor,
      {
        eventId: 'drift-submit',
        request: req,
        meta: { actionType: 'reference', entityRef: modelRef(req) },
      },
      () => service.setReference(modelRef(req), body, submitterOf(caller)),
      r => ({ referenceId: r.id }),
    );
    res.status(201).json(reference);
  });

  router.get('/drift/models/:namespace/:name/references', async (req, res) => {
    await read(req);
    res.json({ items: await service.listReferences(modelRef(req)) });
  });

  router.get(
    '/drift/models/:namespace/:name/references/:id',
    async (req, res) => {
      await read(req);
      res.json(await service.getReference(modelRef(req), req.params.id));
    },
  );

  router.post('/drift/models/:namespace/:name/runs', async (req, res) => {
    const caller = await submit(req);
    checkDriftBodySize(req.body, limits);
    const body = submitRunBodySchema.parse(req.body ?? {});
    const { run, created } = await audited(
      auditor,
      {
        eventId: 'drift-submit',
        request: req,
        meta: {
          actionType: 'run',
          entityRef: modelRef(req),
          runId: body.runId,
        },
      },
      () => service.submitRun(modelRef(req), body, submitterOf(caller)),
      r => ({ created: r.created, datasetDrift: r.run.datasetDrift }),
    );
    res.status(created ? 201 : 200).json({ created, run });
  });

  router.get('/drift/models/:namespace/:name/runs', async (req, res) => {
    await read(req);
    const query = listRunsQuerySchema.parse(req.query);
    res.json(
      await service.listRuns(modelRef(req), {
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
    res.json(await service.getRun(modelRef(req), req.params.runId));
  });

  router.post(
    '/drift/models/:namespace/:name/runs/:runId/acknowledgement',
    async (req, res) => {
      const caller = await authorize(req, modelopsDriftAcknowledgePermission);
      const body = acknowledgeBodySchema.parse(req.body ?? {});
      const run = await audited(
        auditor,
        {
          eventId: 'drift-acknowledgement',
          request: req,
          meta: { modelRef: modelRef(req), runId: req.params.runId },
        },
        () =>
          service.acknowledge(modelRef(req), req.params.runId, caller, body),
        r => ({ acknowledgedAt: r.acknowledgement?.at ?? null }),
      );
      res.status(201).json(run);
    },
  );

  router.get('/drift/models/:namespace/:name/status', async (req, res) => {
    await read(req);
    res.json(await service.status(modelRef(req)));
  });

  // Histories change only when a run is recorded: both answer If-None-Match with a 304 from one
  // version read, and `no-cache` makes browsers revalidate instead of guessing freshness.
  router.get('/drift/models/:namespace/:name/history', async (req, res) => {
    await read(req);
    const query = historyQuerySchema.parse(req.query);
    const etag = await service.featureHistoryEtag(
      modelRef(req),
      query.feature,
      query,
    );
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'private, no-cache');
    if (ifNoneMatchHits(req.header('if-none-match'), etag)) {
      res.status(304).end();
      return;
    }
    res.json(await service.featureHistory(modelRef(req), query.feature, query));
  });

  router.get(
    '/drift/models/:namespace/:name/history/series',
    async (req, res) => {
      await read(req);
      const query = historySeriesQuerySchema.parse(req.query);
      const { etag, body } = await service.historySeries(modelRef(req), query);
      res.setHeader('ETag', etag);
      res.setHeader('Cache-Control', 'private, no-cache');
      if (ifNoneMatchHits(req.header('if-none-match'), etag)) {
        res.status(304).end();
        return;
      }
      // Already serialised (and shared through the cache service): sent as is, so the typed
      // response (an object) is widened to a plain express response here.
      (res as unknown as Response).type('application/json').send(await body());
    },
  );

  router.get('/drift/status', async (req, res) => {
    await read(req);
    res.json({ items: await service.latestStatusAll() });
  });
}
