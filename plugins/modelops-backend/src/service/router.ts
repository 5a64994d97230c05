import {
  AuthService,
  DatabaseService,
  HttpAuthService,
  LifecycleService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { MODEL_API_VERSION } from '@modelops/plugin-modelops-common';
import { errorHandler } from './errorHandler';
import { createDriftRouter, readDriftLimits } from './drift/driftRouter';
import { DEFAULT_JSON_SHAPE, guardedJsonBodies, rejectNulInUrl } from './inputGuards';
import { createApprovalsRouter } from './approvals/approvalsRouter';
import type { DriftNotifier } from './drift/DriftService';
import { createScorecardsRouter } from './scorecards/scorecardsRouter';
import type { PlacedScorecardCheck } from '@modelops/plugin-modelops-common';

/** Dependencies of the modelops router; every feature router receives all of them. */
export interface RouterOptions {
  logger: LoggerService;
  config: RootConfigService;
  database: DatabaseService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  catalog: CatalogService;
  /** Optional: notifications (a no-op failure when the notifications backend is absent). */
  notifier?: DriftNotifier;
  /** Scorecard checks added by backend modules (modelopsScorecardChecksExtensionPoint). */
  scorecardChecks?: PlacedScorecardCheck[];
}

/**
 * Builds the express router of `/api/modelops`. Each feature (drift, scorecards, approvals) has its
 * own router under `service/<feature>/`, mounted here with one line.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();

  // Input guards before any feature router: NUL bytes in the URL, and every JSON body parsed once
  // here with its size and shape (depth, keys, items, NUL) checked on the raw bytes first.
  const drift = readDriftLimits(options.config);
  const tooManyRows = `more than ${drift.maxRows} rows, the limit per request (modelops.drift.maxRows); split the data or send a profile/report computed with yarn modelops drift`;
  const tooManyFeatures = `more than ${drift.maxFeatures} features, the limit (modelops.drift.maxFeatures)`;
  router.use(rejectNulInUrl);
  router.use(
    guardedJsonBodies(
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
              'report.features': { max: drift.maxFeatures, message: tooManyFeatures },
              'profile.features': { max: drift.maxFeatures, message: tooManyFeatures },
            },
            hint: `drift requests allow at most modelops.drift.maxFeatures (${drift.maxFeatures}) columns and maxRows (${drift.maxRows}) rows`,
          },
        },
        { prefix: '/approvals/', limit: '256kb', shape: DEFAULT_JSON_SHAPE },
        { prefix: '/scorecards/', limit: '100kb', shape: DEFAULT_JSON_SHAPE },
      ],
      { limit: '100kb', shape: DEFAULT_JSON_SHAPE },
    ),
  );

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', modelApiVersion: MODEL_API_VERSION });
  });

  // Feature routers: one line each.
  router.use(await createDriftRouter(options));
  router.use(await createApprovalsRouter(options));
  router.use(await createScorecardsRouter(options));

  router.use(errorHandler(options.logger));
  return router;
}
