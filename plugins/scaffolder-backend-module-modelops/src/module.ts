import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createValidateModelAction } from './actions/validateModel';

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
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(createValidateModelAction());
      },
    });
  },
});
