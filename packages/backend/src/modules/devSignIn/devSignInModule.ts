/*
 * Development-only sign-in as one of a fixed list of example users, so a requester and approvers can
 * be tried side by side in the example portal. OFF unless `modelops.devSignIn.enabled: true` (and
 * `auth.providers.modelops-dev` exists). It has no password: whoever can reach the backend can sign
 * in as any user on `modelops.devSignIn.users`. So it signs in ONLY those users (never another
 * catalog user), and it refuses to start when NODE_ENV is `production`. A real deployment replaces
 * it with a sign-in resolver of a real provider (GitHub, OIDC; see docs/security.md).
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
  SignInResolver,
} from '@backstage/plugin-auth-node';

/** Header the dev sign-in page sends with the chosen user name. */
export const DEV_SIGN_IN_HEADER = 'x-modelops-dev-user';

const USER_NAME = /^[a-z0-9._-]{1,63}$/i;

/** Errors the auth backend's error handler maps to 401 and 403 (by name). */
function authError(
  name: 'AuthenticationError' | 'NotAllowedError',
  message: string,
) {
  return Object.assign(new Error(message), { name });
}

/** The dev sign-in settings, validated; throws a startup error that says what to fix. */
export function readDevSignInConfig(
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
): { enabled: false } | { enabled: true; users: string[] } {
  if (config.getOptionalBoolean('modelops.devSignIn.enabled') !== true)
    return { enabled: false };
  if (env.NODE_ENV === 'production') {
    throw new Error(
      'modelops.devSignIn.enabled is true but NODE_ENV is production: the development sign-in lets anyone ' +
        'sign in as the listed users without a password. Remove modelops.devSignIn (and auth.providers.modelops-dev) ' +
        'and configure a real sign-in provider with a sign-in resolver (docs/security.md).',
    );
  }
  const users = config.getOptionalStringArray('modelops.devSignIn.users') ?? [];
  if (users.length === 0) {
    throw new Error(
      'modelops.devSignIn.users: list the User entity names that may use the development sign-in',
    );
  }
  const bad = users.find(u => !USER_NAME.test(u));
  if (bad !== undefined) {
    throw new Error(
      `modelops.devSignIn.users: "${bad}" is not a User entity name (letters, digits, ".", "_", "-")`,
    );
  }
  return { enabled: true, users };
}

/** Reads the user name from the header; only names on `users` pass (exact match). */
export function createDevUserAuthenticator(users: ReadonlyArray<string>) {
  const allowed = new Set(users);
  return createProxyAuthenticator({
    defaultProfileTransform: async (result: { userName: string }) => ({
      profile: { displayName: result.userName },
    }),
    initialize() {
      return undefined;
    },
    async authenticate({ req }) {
      const userName = req.header(DEV_SIGN_IN_HEADER)?.trim();
      if (!userName || !USER_NAME.test(userName)) {
        throw authError(
          'AuthenticationError',
          `send the ${DEV_SIGN_IN_HEADER} header with an example user name`,
        );
      }
      if (!allowed.has(userName)) {
        throw authError(
          'NotAllowedError',
          `${DEV_SIGN_IN_HEADER}: "${userName}" is not on modelops.devSignIn.users; the development sign-in only signs in listed users`,
        );
      }
      return { result: { userName } };
    },
  });
}

/**
 * Signs in as the catalog User of that name (its groups become ownership claims). Checks the list
 * again, so the resolver alone never signs in an unlisted user either.
 */
export function createDevUserSignInResolver(
  users: ReadonlyArray<string>,
): SignInResolver<{ userName: string }> {
  const allowed = new Set(users);
  return async ({ result }, ctx) => {
    if (!allowed.has(result.userName)) {
      throw authError(
        'NotAllowedError',
        `"${result.userName}" is not on modelops.devSignIn.users`,
      );
    }
    return ctx.signInWithCatalogUser({ entityRef: { name: result.userName } });
  };
}

/** The `modelops-dev` auth provider: signs in as the listed User entity named in the header. */
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
        const settings = readDevSignInConfig(config);
        if (!settings.enabled) return;
        logger.warn(
          `modelops.devSignIn.enabled is true: anyone who can reach this backend can sign in as ${settings.users.join(
            ', ',
          )} without a password. For local example portals only.`,
        );
        providers.registerProvider({
          providerId: 'modelops-dev',
          factory: createProxyAuthProviderFactory({
            authenticator: createDevUserAuthenticator(settings.users),
            signInResolver: createDevUserSignInResolver(settings.users),
          }),
        });
      },
    });
  },
});

export default devSignInModule;
