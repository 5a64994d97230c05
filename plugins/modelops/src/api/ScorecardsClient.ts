import { parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ModelScorecardResponse,
  TeamHistoryPoint,
  TeamHistoryResponse,
  TeamScorecardModelsQuery,
  TeamScorecardModelsResponse,
  TeamScorecardResponse,
} from '@modelops/plugin-modelops-common';
import { ScorecardsApi } from './ScorecardsApi';

/** Points per history page (the backend's largest page). */
const HISTORY_PAGE = 500;
/** Pages of history read at most per call (20 × 500 points). */
const MAX_HISTORY_PAGES = 20;

/**
 * {@link ScorecardsApi} over HTTP (`{modelops base URL}/scorecards/...`) with the user's token.
 * Non-2xx answers become `ResponseError`s.
 *
 * @public
 */
export class ScorecardsClient implements ScorecardsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  private static path(entityRef: string, defaultKind: string): string {
    const ref = parseEntityRef(entityRef, {
      defaultKind,
      defaultNamespace: 'default',
    });
    return `${encodeURIComponent(ref.namespace)}/${encodeURIComponent(
      ref.name,
    )}`;
  }

  private async get<T>(path: string, query?: URLSearchParams): Promise<T> {
    const base = await this.discoveryApi.getBaseUrl('modelops');
    const qs = query && [...query.keys()].length > 0 ? `?${query}` : '';
    const response = await this.fetchApi.fetch(
      `${base}/scorecards/${path}${qs}`,
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }

  getModelScorecard(entityRef: string): Promise<ModelScorecardResponse> {
    return this.get(`models/${ScorecardsClient.path(entityRef, 'model')}`);
  }

  getTeamScorecard(
    teamRef: string,
    options: { includeDescendants?: boolean; includeModels?: boolean } = {},
  ): Promise<TeamScorecardResponse> {
    const query = new URLSearchParams();
    if (options.includeDescendants === false)
      query.set('includeDescendants', 'false');
    if (options.includeModels === false) query.set('includeModels', 'false');
    return this.get(`teams/${ScorecardsClient.path(teamRef, 'group')}`, query);
  }

  getTeamModels(
    teamRef: string,
    q: TeamScorecardModelsQuery = {},
  ): Promise<TeamScorecardModelsResponse> {
    const query = new URLSearchParams();
    if (q.includeDescendants === false)
      query.set('includeDescendants', 'false');
    if (q.sort) query.set('sort', q.sort);
    if (q.order) query.set('order', q.order);
    if (q.scorecard) query.set('scorecard', q.scorecard);
    if (q.level !== undefined) query.set('level', String(q.level));
    if (q.limit) query.set('limit', String(q.limit));
    if (q.cursor) query.set('cursor', q.cursor);
    return this.get(
      `teams/${ScorecardsClient.path(teamRef, 'group')}/models`,
      query,
    );
  }

  async getTeamHistory(
    teamRef: string,
    options: {
      scorecard?: string;
      from?: string;
      includeDescendants?: boolean;
    } = {},
  ): Promise<TeamHistoryPoint[]> {
    const query = new URLSearchParams();
    if (options.includeDescendants === false)
      query.set('includeDescendants', 'false');
    if (options.scorecard) query.set('scorecard', options.scorecard);
    if (options.from) query.set('from', options.from);
    query.set('limit', String(HISTORY_PAGE));
    // The history route is cursor-paged: follow nextCursor, within a bound so a misbehaving server
    // cannot keep the chart loading forever.
    const items: TeamHistoryPoint[] = [];
    for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
      const body = await this.get<TeamHistoryResponse>(
        `teams/${ScorecardsClient.path(teamRef, 'group')}/history`,
        query,
      );
      items.push(...body.items);
      if (!body.nextCursor) break;
      query.set('cursor', body.nextCursor);
    }
    return items;
  }
}
