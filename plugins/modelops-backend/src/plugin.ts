import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { createRouter } from './service/router';
import { modelopsScorecardChecksExtensionPoint } from '@modelops/plugin-modelops-node';
import type { PlacedScorecardCheck } from '@modelops/plugin-modelops-common';

/**
 * The modelops backend plugin: serves `/api/modelops`.
 *
 * @public
 */
export const modelopsPlugin = createBackendPlugin({
  pluginId: 'modelops',
  register(env) {
    const scorecardChecks: PlacedScorecardCheck[] = [];
    env.registerExtensionPoint(modelopsScorecardChecksExtensionPoint, {
      addCheck: (check, placements) =>
        scorecardChecks.push({ check, placements: Array.isArray(placements) ? placements : [placements] }),
    });
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        deps.httpRouter.use(
          await createRouter({ ...deps, notifier: deps.notifications, scorecardChecks }),
        );
        deps.httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
