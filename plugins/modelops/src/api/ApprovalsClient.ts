import { parseEntityRef } from '@backstage/catalog-model';
import {
  DiscoveryApi,
  FetchApi,
  IdentityApi,
} from '@backstage/core-plugin-api';
import type {
  ApprovalDecisionRequest,
  ApprovalDecisionResponse,
  ApprovalDecisionValue,
  ApprovalPolicy,
  ApprovalRequestDetail,
  ApprovalRequestView,
  AuditChainVerification,
  AuditEvent,
  CreateApprovalRequest,
  ItemsPage,
  ItemsResponse,
  ListApprovalRequestsFilter,
  ListAuditEventsFilter,
  ModelPromotion,
  PageQuery,
} from '@modelops/plugin-modelops-common';
import { ApprovalsApi } from './ApprovalsApi';

/** Events per request of the JSON export (the backend's largest page). */
const EXPORT_PAGE = 500;

/**
 * {@link ApprovalsApi} over HTTP (`{modelops base URL}/approvals/...`) with the user's Backstage token
 * (through `fetchApi`). The backend records the client in the audit trail from the verified token
 * (`web` for a user's own token), never from a request header.
 *
 * @public
 */
export class ApprovalsClient implements ApprovalsApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
      identityApi: IdentityApi;
    },
  ) {}

  listRequests(
    filter: ListApprovalRequestsFilter = {},
  ): Promise<ItemsPage<ApprovalRequestView>> {
    const q = new URLSearchParams();
    if (filter.modelRef) q.set('modelRef', filter.modelRef);
    if (filter.modelVersion) q.set('modelVersion', filter.modelVersion);
    if (filter.state) q.set('state', filter.state);
    if (filter.requester) q.set('requester', filter.requester);
    setPage(q, filter);
    return this.request('GET', `/requests${qs(q)}`);
  }

  getRequest(id: string): Promise<ApprovalRequestDetail> {
    return this.request('GET', `/requests/${encodeURIComponent(id)}`);
  }

  inbox(page: PageQuery = {}): Promise<ItemsPage<ApprovalRequestView>> {
    const q = new URLSearchParams();
    setPage(q, page);
    return this.request('GET', `/inbox${qs(q)}`);
  }

  createRequest(request: CreateApprovalRequest): Promise<ApprovalRequestView> {
    return this.request('POST', '/requests', request);
  }

  decide(
    id: string,
    decision: ApprovalDecisionValue,
    comment?: string,
  ): Promise<ApprovalDecisionResponse> {
    const body: ApprovalDecisionRequest = {
      decision,
      ...(comment ? { comment } : {}),
    };
    return this.request(
      'POST',
      `/requests/${encodeURIComponent(id)}/decisions`,
      body,
    );
  }

  cancel(id: string, comment?: string): Promise<ApprovalRequestView> {
    return this.request(
      'POST',
      `/requests/${encodeURIComponent(id)}/cancel`,
      comment ? { comment } : {},
    );
  }

  getPolicy(modelRef: string, toStage = 'production'): Promise<ApprovalPolicy> {
    const { namespace, name } = parseEntityRef(modelRef, {
      defaultKind: 'model',
      defaultNamespace: 'default',
    });
    return this.request(
      'GET',
      `/models/${encodeURIComponent(namespace)}/${encodeURIComponent(
        name,
      )}/policy${qs(new URLSearchParams({ toStage }))}`,
    );
  }

  async listPromotions(modelRef: string): Promise<ModelPromotion[]> {
    const { namespace, name } = parseEntityRef(modelRef, {
      defaultKind: 'model',
      defaultNamespace: 'default',
    });
    const path = `/models/${encodeURIComponent(namespace)}/${encodeURIComponent(
      name,
    )}/promotions`;
    return (await this.request<ItemsResponse<ModelPromotion>>('GET', path))
      .items;
  }

  listAuditEvents(
    filter: Pick<
      ListAuditEventsFilter,
      'requestId' | 'modelRef' | 'limit' | 'cursor'
    > = {},
  ): Promise<ItemsPage<AuditEvent>> {
    const q = new URLSearchParams();
    if (filter.requestId) q.set('requestId', filter.requestId);
    if (filter.modelRef) q.set('modelRef', filter.modelRef);
    setPage(q, filter);
    return this.request('GET', `/audit${qs(q)}`);
  }

  verifyAuditChain(): Promise<AuditChainVerification> {
    return this.request('GET', '/audit/verify');
  }

  async exportAudit(
    format: 'json' | 'csv',
    filter: Pick<ListAuditEventsFilter, 'requestId' | 'modelRef'> = {},
  ): Promise<string> {
    if (format === 'json') {
      // Every page, as one `{ items }` document.
      const items: AuditEvent[] = [];
      let cursor: string | undefined;
      do {
        const page = await this.listAuditEvents({
          ...filter,
          limit: EXPORT_PAGE,
          cursor,
        });
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return JSON.stringify({ items }, null, 2);
    }
    // The backend writes the whole trail as CSV.
    const q = new URLSearchParams({ format });
    if (filter.requestId) q.set('requestId', filter.requestId);
    if (filter.modelRef) q.set('modelRef', filter.modelRef);
    const response = await this.send('GET', `/audit${qs(q)}`);
    return response.text();
  }

  async currentUser(): Promise<string> {
    return (await this.options.identityApi.getBackstageIdentity())
      .userEntityRef;
  }

  private async send(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<Response> {
    const base = await this.options.discoveryApi.getBaseUrl('modelops');
    const response = await this.options.fetchApi.fetch(
      `${base}/approvals${path}`,
      {
        method,
        headers:
          body !== undefined ? { 'Content-Type': 'application/json' } : {},
        body: body !== undefined ? JSON.stringify(body) : undefined,
      },
    );
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      let message = text.slice(0, 500) || response.statusText;
      let name = 'Error';
      try {
        const parsed = JSON.parse(text);
        message = parsed?.error?.message ?? message;
        name = parsed?.error?.name ?? name;
      } catch {
        /* not JSON */
      }
      throw Object.assign(new Error(message), {
        name,
        status: response.status,
      });
    }
    return response;
  }

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<T> {
    return (await (await this.send(method, path, body)).json()) as T;
  }
}

function setPage(q: URLSearchParams, page: PageQuery) {
  if (page.limit) q.set('limit', String(page.limit));
  if (page.cursor) q.set('cursor', page.cursor);
}

function qs(q: URLSearchParams): string {
  return [...q.keys()].length ? `?${q}` : '';
}
