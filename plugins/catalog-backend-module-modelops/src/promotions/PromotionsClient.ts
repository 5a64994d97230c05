import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import type {
  ModelPromotion,
  RecordedPromotion,
} from '@modelops/plugin-modelops-common';

/** Where the catalog module reads a model's recorded promotions from. */
export interface PromotionsSource {
  /** The promotions recorded for a model (any order); throws when they cannot be read. */
  listPromotions(modelRef: {
    namespace: string;
    name: string;
  }): Promise<RecordedPromotion[]>;
}

/**
 * Reads recorded promotions from the modelops backend
 * (`GET /api/modelops/approvals/models/:namespace/:name/promotions`) with the catalog's own
 * service credentials.
 */
export class ModelopsPromotionsClient implements PromotionsSource {
  constructor(
    private readonly deps: {
      auth: AuthService;
      discovery: DiscoveryService;
      /** Test hook. */
      fetch?: typeof fetch;
    },
  ) {}

  async listPromotions(modelRef: {
    namespace: string;
    name: string;
  }): Promise<RecordedPromotion[]> {
    const base = await this.deps.discovery.getBaseUrl('modelops');
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
      targetPluginId: 'modelops',
    });
    const url = `${base}/approvals/models/${encodeURIComponent(
      modelRef.namespace,
    )}/${encodeURIComponent(modelRef.name)}/promotions`;
    const response = await (this.deps.fetch ?? fetch)(url, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw new Error(
        `GET ${url} answered ${response.status}: ${text.slice(0, 300)}`,
      );
    }
    const body = (await response.json()) as { items?: ModelPromotion[] };
    if (!Array.isArray(body.items)) {
      throw new Error(`GET ${url} answered without an items list`);
    }
    return body.items
      .filter(
        p =>
          p &&
          typeof p.modelVersion === 'string' &&
          typeof p.toStage === 'string' &&
          typeof p.createdAt === 'string',
      )
      .map(p => ({
        version: p.modelVersion,
        toStage: p.toStage,
        promotedAt: p.createdAt,
        ...(typeof p.requestId === 'string' ? { requestId: p.requestId } : {}),
      }));
  }
}
