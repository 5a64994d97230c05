/*
 * Development-only sign-in as any example user, so a requester and approvers can be tried side by
 * side in the example portal. OFF unless `modelops.devSignIn.enabled: true` (and
 * `auth.providers.modelops-dev` exists). Never enable it in a shared deployment: whoever can reach
 * the backend can sign in as any User entity of the catalog.
 */
import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** Header the dev sign-in page sends with the chosen user name. */
export const DEV_SIGN_IN_HEADER = 'x-modelops-dev-user';

const devUserAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async (result: { userName: string }) => ({ profile: { displayName: result.userName } }),
  initialize() {
    return undefined;
  },
  async authenticate({ req }) {
    const userName = req.header(DEV_SIGN_IN_HEADER)?.trim();
    if (!userName || !/^[a-z0-9._-]{1,63}$/i.test(userName)) {
      throw Object.assign(new Error(`send the ${DEV_SIGN_IN_HEADER} header with an example user name`), {
        name: 'AuthenticationError',
      });
    }
    return { result: { userName } };
  },
});

/** The `modelops-dev` auth provider: signs in as the User entity named in the header. */
export const devSignInModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'modelops-dev-sign-in',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ providers, config, logger }) {
        if (config.getOptionalBoolean('modelops.devSignIn.enabled') !== true) return;
        logger.warn(
          'modelops.devSignIn.enabled is true: anyone who can reach this backend can sign in as any catalog user. For example portals only.',
        );
        providers.registerProvider({
          providerId: 'modelops-dev',
          factory: createProxyAuthProviderFactory({
            authenticator: devUserAuthenticator,
            async signInResolver({ result }, ctx) {
              // Only users that exist in the catalog; their groups become ownership claims.
              return ctx.signInWithCatalogUser({ entityRef: { name: result.userName } });
            },
          }),
        });
      },
    });
  },
});

export default devSignInModule;
