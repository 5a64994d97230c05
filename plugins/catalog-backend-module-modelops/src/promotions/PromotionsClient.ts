import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
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

/** The most models one request asks for (the route's limit). */
const MAX_BATCH = 100;
/** How long a service token is reused: well inside its one-hour lifetime. */
const TOKEN_REUSE_MS = 60_000;

type Pending = {
  ref: string;
  resolve: (promotions: RecordedPromotion[]) => void;
  reject: (error: unknown) => void;
};

function toRecorded(p: ModelPromotion): RecordedPromotion {
  return {
    version: p.modelVersion,
    toStage: p.toStage,
    promotedAt: p.createdAt,
    ...(typeof p.requestId === 'string' ? { requestId: p.requestId } : {}),
  };
}

/**
 * Reads recorded promotions from the modelops backend with the catalog's own service
 * credentials. Reads that arrive while a request is in flight (the catalog processes several
 * entities at once) are sent together as one `GET /api/modelops/approvals/promotions?modelRef=…`
 * (at most 100 models each), so ingesting N models costs far fewer than N requests and tokens; every
 * read still sees the promotions as they are when its request is sent (no cache, nothing stale).
 */
export class ModelopsPromotionsClient implements PromotionsSource {
  private queue: Pending[] = [];
  private inFlight = 0;
  private flushScheduled = false;
  private token?: { value: string; until: number };

  constructor(
    private readonly deps: {
      auth: AuthService;
      discovery: DiscoveryService;
      /** Test hook. */
      fetch?: typeof fetch;
      /** Test hook. */
      now?: () => number;
      /** Requests in flight at once (default 2); reads beyond wait and join the next request. */
      maxInFlight?: number;
    },
  ) {}

  listPromotions(modelRef: {
    namespace: string;
    name: string;
  }): Promise<RecordedPromotion[]> {
    const ref = stringifyEntityRef({ kind: 'model', ...modelRef });
    return new Promise((resolve, reject) => {
      this.queue.push({ ref, resolve, reject });
      this.schedule();
    });
  }

  /** Sends on the next turn of the event loop, so reads made together share a request. */
  private schedule() {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush() {
    while (
      this.queue.length > 0 &&
      this.inFlight < (this.deps.maxInFlight ?? 2)
    ) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight += 1;
      this.send(batch).finally(() => {
        this.inFlight -= 1;
        this.flush();
      });
    }
  }

  private async send(batch: Pending[]): Promise<void> {
    try {
      const key = (ref: string) => ref.toLocaleLowerCase('en-US');
      const byRef = await this.read([...new Set(batch.map(p => key(p.ref)))]);
      for (const p of batch) p.resolve(byRef.get(key(p.ref)) ?? []);
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }

  private async serviceToken(): Promise<string> {
    const now = (this.deps.now ?? Date.now)();
    if (this.token && this.token.until > now) return this.token.value;
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
      targetPluginId: 'modelops',
    });
    this.token = { value: token, until: now + TOKEN_REUSE_MS };
    return token;
  }

  /** The recorded promotions of these models (normalised refs), by ref. */
  private async read(
    refs: string[],
  ): Promise<Map<string, RecordedPromotion[]>> {
    const base = await this.deps.discovery.getBaseUrl('modelops');
    const query = new URLSearchParams(refs.map(ref => ['modelRef', ref]));
    const url = `${base}/approvals/promotions?${query}`;
    const response = await (this.deps.fetch ?? fetch)(url, {
      headers: { Authorization: `Bearer ${await this.serviceToken()}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) {
      if (response.status === 401) this.token = undefined;
      const text = await response.text().catch(() => '');
      throw new Error(
        `GET ${base}/approvals/promotions (${refs.length} models) answered ${
          response.status
        }: ${text.slice(0, 300)}`,
      );
    }
    const body = (await response.json()) as { items?: ModelPromotion[] };
    if (!Array.isArray(body.items)) {
      throw new Error(
        `GET ${base}/approvals/promotions answered without an items list`,
      );
    }
    const byRef = new Map<string, RecordedPromotion[]>();
    for (const p of body.items) {
      if (
        !p ||
        typeof p.modelRef !== 'string' ||
        typeof p.modelVersion !== 'string' ||
        typeof p.toStage !== 'string' ||
        typeof p.createdAt !== 'string'
      )
        continue;
      const ref = p.modelRef.toLocaleLowerCase('en-US');
      const list = byRef.get(ref) ?? [];
      list.push(toRecorded(p));
      byRef.set(ref, list);
    }
    return byRef;
  }
}
