import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';

/** A non-2xx answer of the modelops backend, with the server's message. */
export class ModelopsApiError extends Error {
  readonly status: number;
  readonly serverMessage: string;

  constructor(message: string, status: number, serverText: string) {
    super(message);
    this.name = 'ModelopsApiError';
    this.status = status;
    this.serverMessage = serverText;
  }
}

/** What the actions need from the backend environment. */
export interface ModelopsActionDeps {
  discovery: DiscoveryService;
  auth: AuthService;
  /** The app's base URL (for links in outputs), e.g. http://localhost:3000. */
  appBaseUrl?: string;
  /** Test hook: the fetch implementation. */
  fetch?: typeof fetch;
}

/**
 * Calls `/api/modelops` from scaffolder actions. `as: 'service'` uses the scaffolder's own service
 * credentials (reads); `as: 'user'` acts on behalf of the task's initiator, so the modelops backend
 * attributes requests and promotions to that user. An on-behalf-of token is a user principal whose
 * actor is `plugin:scaffolder`: that is what lets the requester record the promotion of their own
 * approved request (a user's own portal token cannot), see docs/approvals.md.
 */
export class ModelopsApiClient {
  constructor(private readonly deps: ModelopsActionDeps) {}

  async call<T>(
    method: 'GET' | 'POST',
    path: string,
    options: { credentials: BackstageCredentials; body?: unknown },
  ): Promise<{ status: number; body: T }> {
    const base = await this.deps.discovery.getBaseUrl('modelops');
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: options.credentials,
      targetPluginId: 'modelops',
    });
    const response = await (this.deps.fetch ?? fetch)(`${base}${path}`, {
      method,
      headers: {
        // No client header: the backend records the client from the verified token (an
        // on-behalf-of token names plugin:scaffolder as its actor).
        Authorization: `Bearer ${token}`,
        ...(options.body !== undefined
          ? { 'Content-Type': 'application/json' }
          : {}),
      },
      body:
        options.body !== undefined ? JSON.stringify(options.body) : undefined,
    });
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      let message = text.slice(0, 500) || response.statusText;
      try {
        message = JSON.parse(text)?.error?.message ?? message;
      } catch {
        /* not JSON */
      }
      throw new ModelopsApiError(
        `${method} /api/modelops${path} answered ${response.status}: ${message}`,
        response.status,
        message,
      );
    }
    return { status: response.status, body: (await response.json()) as T };
  }

  serviceCredentials() {
    return this.deps.auth.getOwnServiceCredentials();
  }

  appUrl(path: string): string {
    return `${(this.deps.appBaseUrl ?? '').replace(/\/$/, '')}${path}`;
  }
}

/** The server's message of a failed call, or the error's message (network errors). */
export function serverMessage(e: unknown): string {
  if (e instanceof ModelopsApiError) return e.serverMessage;
  return (e as Error)?.message ?? String(e);
}

/** `model:default/x` → `default/x` path segments (lowercase default namespace). */
export function modelPath(ref: string): { namespace: string; name: string } {
  const m = /^(?:model:)?(?:([^/:]+)\/)?([^/:]+)$/i.exec(ref.trim());
  if (!m)
    throw new Error(
      `"${ref}" is not a Model entity ref such as model:default/credit-default-scorer`,
    );
  return { namespace: m[1] ?? 'default', name: m[2] };
}
