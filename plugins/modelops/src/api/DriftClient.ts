import { parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { AcknowledgeDriftRequest } from '@modelops/plugin-modelops-common';
import {
  DriftApi,
  DriftHistoryPoint,
  DriftHistoryRequest,
  DriftHistorySeriesRequest,
  DriftHistorySeriesResponse,
  DriftReference,
  DriftRun,
  DriftRunPage,
  DriftStatus,
  ListDriftRunsRequest,
} from './DriftApi';

/**
 * {@link DriftApi} over HTTP: `GET {modelops base URL}/drift/models/:namespace/:name/...`, with the
 * user's Backstage token (through `fetchApi`). Non-2xx answers become `ResponseError`s, which
 * `ResponseErrorPanel` renders with the server's message.
 *
 * @public
 */
export class DriftClient implements DriftApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getStatus(entityRef: string): Promise<DriftStatus> {
    return (await this.get<DriftStatus>(entityRef, '/status'))!;
  }

  async listRuns(
    entityRef: string,
    request: ListDriftRunsRequest = {},
  ): Promise<DriftRunPage> {
    const query = new URLSearchParams();
    if (request.from) query.set('from', request.from);
    if (request.to) query.set('to', request.to);
    if (request.limit !== undefined) query.set('limit', String(request.limit));
    if (request.cursor) query.set('cursor', request.cursor);
    if (request.includeReport) query.set('includeReport', 'true');
    return (await this.get<DriftRunPage>(entityRef, '/runs', query))!;
  }

  async getRun(
    entityRef: string,
    runId: string,
  ): Promise<DriftRun | undefined> {
    return this.get<DriftRun>(
      entityRef,
      `/runs/${encodeURIComponent(runId)}`,
      undefined,
      {
        notFound: 'undefined',
      },
    );
  }

  async getHistory(
    entityRef: string,
    request: DriftHistoryRequest = {},
  ): Promise<DriftHistoryPoint[]> {
    const items: DriftHistoryPoint[] = [];
    let cursor: string | undefined;
    // The history route is paged (at most 20,000 points a page): follow nextCursor, within a bound
    // so a misbehaving server cannot keep the page loading forever.
    for (let page = 0; page < DriftClient.MAX_HISTORY_PAGES; page++) {
      const query = new URLSearchParams();
      if (request.feature) query.set('feature', request.feature);
      if (request.from) query.set('from', request.from);
      if (request.to) query.set('to', request.to);
      if (cursor) query.set('cursor', cursor);
      const body = await this.get<{
        items: DriftHistoryPoint[];
        nextCursor?: string | null;
      }>(entityRef, '/history', query);
      items.push(...body!.items);
      cursor = body!.nextCursor ?? undefined;
      if (!cursor) break;
    }
    return items;
  }

  /** Pages of history read at most per call (5 × 20,000 points). */
  static readonly MAX_HISTORY_PAGES = 5;

  /** Chart histories remembered with their ETag (a revisit is a 304 without a body). */
  private readonly seriesByUrl = new Map<
    string,
    { etag: string; body: DriftHistorySeriesResponse }
  >();

  /** Chart histories remembered at most (the oldest is forgotten first). */
  static readonly MAX_REMEMBERED_SERIES = 20;

  async getHistorySeries(
    entityRef: string,
    request: DriftHistorySeriesRequest = {},
  ): Promise<DriftHistorySeriesResponse> {
    const query = new URLSearchParams();
    if (request.feature) query.set('feature', request.feature);
    if (request.from) query.set('from', request.from);
    if (request.to) query.set('to', request.to);
    if (request.maxPoints !== undefined)
      query.set('maxPoints', String(request.maxPoints));
    const qs = [...query.keys()].length > 0 ? `?${query}` : '';
    const url = `${await this.modelUrl(entityRef)}/history/series${qs}`;
    const remembered = this.seriesByUrl.get(url);
    const response = await this.fetchApi.fetch(
      url,
      remembered
        ? { headers: { 'If-None-Match': remembered.etag } }
        : undefined,
    );
    if (response.status === 304 && remembered) return remembered.body;
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const body = (await response.json()) as DriftHistorySeriesResponse;
    const etag = response.headers.get('ETag');
    this.seriesByUrl.delete(url);
    if (etag) {
      this.seriesByUrl.set(url, { etag, body });
      if (this.seriesByUrl.size > DriftClient.MAX_REMEMBERED_SERIES) {
        const oldest = this.seriesByUrl.keys().next().value;
        if (oldest !== undefined) this.seriesByUrl.delete(oldest);
      }
    }
    return body;
  }

  async getReference(
    entityRef: string,
    id: 'latest' | string,
  ): Promise<DriftReference | undefined> {
    return this.get<DriftReference>(
      entityRef,
      `/references/${encodeURIComponent(id)}`,
      undefined,
      {
        notFound: 'undefined',
      },
    );
  }

  async acknowledgeRun(
    entityRef: string,
    runId: string,
    comment: string,
  ): Promise<DriftRun> {
    const body: AcknowledgeDriftRequest = { comment };
    const response = await this.fetchApi.fetch(
      `${await this.modelUrl(entityRef)}/runs/${encodeURIComponent(
        runId,
      )}/acknowledgement`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as DriftRun;
  }

  /** Base URL of one model's drift resources. */
  private async modelUrl(entityRef: string): Promise<string> {
    const { kind, namespace, name } = parseEntityRef(entityRef, {
      defaultKind: 'model',
      defaultNamespace: 'default',
    });
    if (kind.toLocaleLowerCase('en-US') !== 'model') {
      throw new Error(
        `drift data exists for Model entities only, not for ${entityRef}`,
      );
    }
    const base = await this.discoveryApi.getBaseUrl('modelops');
    return `${base}/drift/models/${encodeURIComponent(
      namespace,
    )}/${encodeURIComponent(name)}`;
  }

  private async get<T>(
    entityRef: string,
    path: string,
    query?: URLSearchParams,
    options: { notFound?: 'throw' | 'undefined' } = {},
  ): Promise<T | undefined> {
    const qs = query && [...query.keys()].length > 0 ? `?${query}` : '';
    const response = await this.fetchApi.fetch(
      `${await this.modelUrl(entityRef)}${path}${qs}`,
    );
    if (response.status === 404 && options.notFound === 'undefined') {
      return undefined;
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
