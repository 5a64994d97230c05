import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';

/*
 * Who is calling, read only from verified credentials (never from request headers: a header is
 * whatever the caller typed), with `auth.isPrincipal`. Backstage credentials carry three shapes of
 * principal:
 * - a user with their own token (the portal, or a CLI with a user token): `{type: 'user'}`;
 * - a backend plugin acting on a user's behalf (the scaffolder running a user's template):
 *   `{type: 'user', actor: {type: 'service', subject: 'plugin:scaffolder'}}`;
 * - a service (another plugin, or an external token): `{type: 'service', subject}`.
 * Every feature (drift, approvals, scorecards) reads its caller here.
 */

/** Subject of the scaffolder backend when it calls on behalf of a template's initiator. */
export const SCAFFOLDER_SUBJECT = 'plugin:scaffolder';

const norm = (ref: string) => ref.toLocaleLowerCase('en-US');

/** The caller of a request, from its verified credentials. */
export interface Caller {
  credentials: BackstageCredentials;
  /** The signed-in user (lower-cased), also when a plugin acts on their behalf; else undefined. */
  user?: string;
  /** The plugin acting on a user's behalf (`plugin:scaffolder`); undefined for a user's own token. */
  onBehalfOf?: string;
  /** The service subject for a service principal (`external:modelops-cli`, `plugin:catalog`). */
  service?: string;
  /** Who the audit trail names: the user, else the service subject, else `unknown`. */
  actor: string;
  /**
   * Where the call came from, for the audit trail: `web` for a user's own token, the acting plugin
   * for on-behalf-of calls, the service subject for services, `unknown` without credentials.
   */
  client: string;
}

/** Reads the caller from verified credentials. */
export function callerOf(
  auth: Pick<AuthService, 'isPrincipal'>,
  credentials: BackstageCredentials,
): Caller {
  if (auth.isPrincipal(credentials, 'user')) {
    const user = norm(credentials.principal.userEntityRef);
    const onBehalfOf = credentials.principal.actor?.subject;
    return {
      credentials,
      user,
      onBehalfOf,
      actor: user,
      client: onBehalfOf ?? 'web',
    };
  }
  if (auth.isPrincipal(credentials, 'service')) {
    const service = credentials.principal.subject;
    return { credentials, service, actor: service, client: service };
  }
  return { credentials, actor: 'unknown', client: 'unknown' };
}

/**
 * Who submitted drift data, as stored with it: the user, else `service:<subject>` (so a pipeline's
 * token is never mistaken for a person), else `none`.
 */
export function submitterOf(caller: Caller): string {
  if (caller.user) return caller.user;
  return caller.service ? `service:${caller.service}` : 'none';
}

/**
 * Parses `modelops.approvals.admins` (or another list of group refs): lower-cased `group:` refs.
 * Absent or empty means nobody; a value that is not a group ref stops the backend with its path.
 */
export function parseGroupRefs(
  raw: string[] | undefined,
  configPath: string,
): string[] {
  return (raw ?? []).map((value, i) => {
    let ref;
    try {
      ref = parseEntityRef(value, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      });
    } catch {
      ref = undefined;
    }
    if (!ref || norm(ref.kind) !== 'group') {
      throw new Error(
        `${configPath}[${i}] must be a group entity ref such as group:default/modelops-platform (got ${JSON.stringify(
          value,
        )})`,
      );
    }
    return norm(`group:${ref.namespace}/${ref.name}`);
  });
}
