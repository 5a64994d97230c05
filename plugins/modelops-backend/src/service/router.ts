import {
  AuditorService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import { createOpenApiRouter } from '../schema/openapi';
import { MODEL_API_VERSION } from '@modelops/plugin-modelops-common';
import { ApprovalService } from './approvals/ApprovalService';
import { addApprovalsRoutes } from './approvals/approvalsRouter';
import type { Authorize } from './authorize';
import { addBomRoutes } from './bom/bomRouter';
import { ModelBomService } from './bom/ModelBomService';
import { addEvidenceRoutes } from './evidence/evidenceRouter';
import { EvidenceService } from './evidence/EvidenceService';
import { addDriftRoutes, readDriftLimits } from './drift/driftRouter';
import { DriftService } from './drift/DriftService';
import { errorHandler } from './errorHandler';
import {
  DEFAULT_JSON_SHAPE,
  guardedJsonBodies,
  rejectNulInUrl,
} from './inputGuards';
import { addScorecardsRoutes } from './scorecards/scorecardsRouter';
import { ScorecardService } from './scorecards/ScorecardService';

/**
 * What the modelops router needs: the feature services (built once, by the composition root in
 * plugin.ts), the one `authorize`, and the auditor. It builds no stores and registers nothing.
 */
export interface RouterOptions {
  logger: LoggerService;
  config: RootConfigService;
  authorize: Authorize;
  auditor: AuditorService;
  drift: DriftService;
  approvals: ApprovalService;
  scorecards: ScorecardService;
  /** CycloneDX ML-BOM exports of models. */
  bom: ModelBomService;
  evidence: EvidenceService;
  /**
   * Validate every response against `openapi.yaml` (a response that does not match becomes a 500
   * naming the mismatch). On in tests (NODE_ENV=test), so every router test also checks the
   * contract; `modelops.api.validateResponses` turns it on elsewhere.
   */
  validateResponses?: boolean;
}

/**
 * Builds the express router of `/api/modelops`: input guards, health, and each feature's router
 * (`service/<feature>/`), mounted here with one line.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  // Input guards before any feature router: NUL bytes in the URL, and every JSON body parsed once
  // here with its size and shape (depth, keys, items, NUL) checked on the raw bytes first.
  const drift = readDriftLimits(options.config);
  const tooManyRows = `more than ${drift.maxRows} rows, the limit per request (modelops.drift.maxRows); split the data or send a profile/report computed with yarn modelops drift`;
  const tooManyFeatures = `more than ${drift.maxFeatures} features, the limit (modelops.drift.maxFeatures)`;
  const bodies = guardedJsonBodies(
    [
      {
        prefix: '/drift/',
        limit: drift.maxBodySize,
        shape: {
          maxDepth: DEFAULT_JSON_SHAPE.maxDepth,
          // Rows and the columns object have at most maxFeatures keys; nothing else is wider.
          maxObjectKeys: Math.max(100, drift.maxFeatures),
          // Rows, column values, and profile values (a CLI profile keeps up to 200,000 exact values).
          maxArrayItems: Math.max(drift.maxRows, 200_000),
          // The same limits for every kind of drift body, before anything is parsed.
          arrayItemsAt: {
            rows: { max: drift.maxRows, message: tooManyRows },
            'columns.*': { max: drift.maxRows, message: tooManyRows },
            'report.features': {
              max: drift.maxFeatures,
              message: tooManyFeatures,
            },
            'profile.features': {
              max: drift.maxFeatures,
              message: tooManyFeatures,
            },
          },
          hint: `drift requests allow at most modelops.drift.maxFeatures (${drift.maxFeatures}) columns and maxRows (${drift.maxRows}) rows`,
        },
      },
      { prefix: '/approvals/', limit: '256kb', shape: DEFAULT_JSON_SHAPE },
      { prefix: '/scorecards/', limit: '100kb', shape: DEFAULT_JSON_SHAPE },
    ],
    { limit: '100kb', shape: DEFAULT_JSON_SHAPE },
  );

  // The router generated from openapi.yaml: only documented paths can be registered (typed), and
  // with validateResponses every response is checked against the document. Requests are validated
  // by the zod schemas at each route (their messages name the field and the fix); the document
  // describes the same shapes.
  const router = await createOpenApiRouter({
    // Only the NUL check inside the validated part: backend-openapi-utils turns every error raised
    // there into a 400 (right for a NUL in the URL), which would hide the 413 of an oversized
    // body, so the body guards come after it.
    middleware: [rejectNulInUrl],
    validatorOptions: {
      validateRequests: false,
      validateResponses: options.validateResponses ?? false,
      validateSecurity: false,
      ignoreUndocumented: true,
    },
  });

  router.use(bodies);

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', modelApiVersion: MODEL_API_VERSION });
  });

  // Feature routes: one line each.
  const { authorize, auditor } = options;
  addDriftRoutes(router, {
    service: options.drift,
    authorize,
    auditor,
    config: options.config,
  });
  addApprovalsRoutes(router, {
    service: options.approvals,
    authorize,
    auditor,
  });
  addScorecardsRoutes(router, {
    service: options.scorecards,
    authorize,
    auditor,
  });

  addBomRoutes(router, { service: options.bom, authorize });
  addEvidenceRoutes(router, { service: options.evidence, authorize });

  router.use(errorHandler(options.logger));
  return router;
}
