import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';

/*
 * Who is calling, read only from verified credentials (never from request headers: a header is
 * whatever the caller typed). Backstage credentials carry three shapes of principal:
 * - a user with their own token (the portal, or a CLI with a user token): `{type: 'user'}`;
 * - a backend plugin acting on a user's behalf (the scaffolder running a user's template):
 *   `{type: 'user', actor: {type: 'service', subject: 'plugin:scaffolder'}}`;
 * - a service (another plugin, or an external token): `{type: 'service', subject}`.
 */

/** Subject of the scaffolder backend when it calls on behalf of a template's initiator. */
export const SCAFFOLDER_SUBJECT = 'plugin:scaffolder';

type Principal = { type?: string; userEntityRef?: string; subject?: string; actor?: { subject?: string } };
const principalOf = (credentials: BackstageCredentials) => credentials.principal as Principal;
const norm = (ref: string) => ref.toLocaleLowerCase('en-US');

/** The signed-in user behind a request (also when a plugin acts on their behalf), else undefined. */
export function userOf(credentials: BackstageCredentials): string | undefined {
  const p = principalOf(credentials);
  return p.type === 'user' && p.userEntityRef ? norm(p.userEntityRef) : undefined;
}

/** The plugin acting on a user's behalf (`plugin:scaffolder`), undefined for a user's own token. */
export function onBehalfOfActor(credentials: BackstageCredentials): string | undefined {
  const p = principalOf(credentials);
  return p.type === 'user' ? p.actor?.subject : undefined;
}

/** Who the audit trail names: the user, else the service subject. */
export function actorOf(credentials: BackstageCredentials): string {
  const p = principalOf(credentials);
  return (p.userEntityRef && norm(p.userEntityRef)) ?? p.subject ?? 'unknown';
}

/**
 * The client recorded in the audit trail, from the verified credentials: `web` for a user's own
 * token, the acting plugin for on-behalf-of calls (`plugin:scaffolder`), the service subject for
 * services (`external:modelops-cli`, `plugin:catalog`).
 */
export function clientOf(credentials: BackstageCredentials): string {
  const p = principalOf(credentials);
  if (p.type === 'user') return p.actor?.subject ?? 'web';
  if (p.type === 'service' && p.subject) return p.subject;
  return 'unknown';
}

/**
 * Parses `modelops.approvals.admins` (or another list of group refs): lower-cased `group:` refs.
 * Absent or empty means nobody; a value that is not a group ref stops the backend with its path.
 */
export function parseGroupRefs(raw: string[] | undefined, configPath: string): string[] {
  return (raw ?? []).map((value, i) => {
    let ref;
    try {
      ref = parseEntityRef(value, { defaultKind: 'group', defaultNamespace: 'default' });
    } catch {
      ref = undefined;
    }
    if (!ref || norm(ref.kind) !== 'group') {
      throw new Error(`${configPath}[${i}] must be a group entity ref such as group:default/modelops-platform (got ${JSON.stringify(value)})`);
    }
    return norm(`group:${ref.namespace}/${ref.name}`);
  });
}
