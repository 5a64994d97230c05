import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createValidateModelAction } from './actions/validateModel';
import { createRequestApprovalAction } from './actions/requestApproval';
import { createWaitForApprovalAction } from './actions/waitForApproval';
import { createReadinessGateAction } from './actions/readinessGate';
import { createPromoteModelAction } from './actions/promoteModel';
import { createCreateModelAction } from './actions/createModel';
import { createModelFromCardAction } from './actions/modelFromCard';
import {
  createFetchLocalAction,
  createPublishLocalAction,
} from './actions/publishLocal';
import { createUpdateVersionsAction } from './actions/updateVersions';

/**
 * Scaffolder module that registers the `modelops:*` actions.
 *
 * @public
 */
export const scaffolderModuleModelops = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'modelops',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, discovery, auth, config, catalog }) {
        scaffolder.addActions(createValidateModelAction());
        const deps = {
          discovery,
          auth,
          appBaseUrl: config.getOptionalString('app.baseUrl'),
        };
        scaffolder.addActions(
          createRequestApprovalAction(deps),
          createWaitForApprovalAction(deps),
          createReadinessGateAction(deps),
          createPromoteModelAction(deps, { catalog }),
          createCreateModelAction({ catalog, auth }),
          createModelFromCardAction(),
          createPublishLocalAction({
            directory: config.getOptionalString(
              'modelops.scaffolder.localPublishDirectory',
            ),
          }),
          createFetchLocalAction({
            directory: config.getOptionalString(
              'modelops.scaffolder.localPublishDirectory',
            ),
          }),
          createUpdateVersionsAction(),
        );
      },
    });
  },
});
