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
import { createDriftRouter } from './drift/driftRouter';
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
