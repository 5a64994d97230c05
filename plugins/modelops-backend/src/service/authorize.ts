import {
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { Request } from 'express';
import { Caller, callerOf } from './callers';

/** Any express request, whatever the typed router made of its params, query and body. */
export type AnyRequest = Request<any, any, any, any, any>;

/** Checks a permission for a request and returns its caller; a 403 naming the permission otherwise. */
export type Authorize = (
  req: AnyRequest,
  permission: BasicPermission | ResourcePermission,
  resourceRef?: string,
) => Promise<Caller>;

/**
 * Checks a permission for verified credentials and returns their caller; a NotAllowedError naming
 * the permission otherwise. The routers (through {@link createAuthorize}) and the actions for AI
 * agents (`service/actions`, which get credentials instead of a request) share it.
 */
export async function authorizeCredentials(
  deps: { auth: AuthService; permissions: PermissionsService },
  credentials: BackstageCredentials,
  permission: BasicPermission | ResourcePermission,
  resourceRef?: string,
): Promise<Caller> {
  const [decision] = await deps.permissions.authorize(
    [
      resourceRef
        ? { permission: permission as ResourcePermission, resourceRef }
        : { permission: permission as BasicPermission },
    ],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(`missing permission ${permission.name}`);
  }
  return callerOf(deps.auth, credentials);
}

/** The one `authorize` of the feature routers. */
export function createAuthorize(deps: {
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
}): Authorize {
  return async (req, permission, resourceRef) =>
    authorizeCredentials(
      deps,
      await deps.httpAuth.credentials(req),
      permission,
      resourceRef,
    );
}
