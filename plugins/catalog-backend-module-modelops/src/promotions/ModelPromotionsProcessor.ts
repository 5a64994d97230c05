import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorCache,
  CatalogProcessorEmit,
} from '@backstage/plugin-catalog-node';
import {
  APPROVED_PRODUCTION_ANNOTATIONS,
  APPROVED_PRODUCTION_AT_ANNOTATION,
  APPROVED_PRODUCTION_REQUEST_ANNOTATION,
  APPROVED_PRODUCTION_VERSION_ANNOTATION,
  isModelEntity,
  latestProductionPromotion,
} from '@modelops/plugin-modelops-common';
import type { PromotionsSource } from './PromotionsClient';

const CACHE_KEY = 'approved-production';
/** At most one warning per this many milliseconds while the modelops backend is unavailable. */
const WARN_INTERVAL_MS = 60_000;

type Annotations = Record<string, string>;

/**
 * Puts the approval workflow's answer to "which version is in production" on every Model entity:
 * the version last promoted to production through an approved request
 * (`modelops.io/approved-production-version`), its request id
 * (`modelops.io/approved-production-request`) and when it was promoted
 * (`modelops.io/approved-production-at`), read from the modelops backend.
 *
 * Values written in `catalog-info.yaml` are always replaced or removed, so the annotations cannot
 * be forged in a file. When the modelops backend cannot be read, the entity keeps the last value
 * read successfully (the processing cache) or none, a warning is logged, and processing goes on.
 *
 * @public
 */
export class ModelPromotionsProcessor implements CatalogProcessor {
  private lastWarning = 0;

  constructor(
    private readonly deps: {
      source: PromotionsSource;
      logger: LoggerService;
      /** Test hook. */
      now?: () => number;
    },
  ) {}

  getProcessorName(): string {
    return 'ModelPromotionsProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    _emit: CatalogProcessorEmit,
    cache: CatalogProcessorCache,
  ): Promise<Entity> {
    if (!isModelEntity(entity)) return entity;
    const namespace = entity.metadata.namespace ?? 'default';
    const name = entity.metadata.name;
    let approved: Annotations | null | undefined;
    try {
      const latest = latestProductionPromotion(
        await this.deps.source.listPromotions({ namespace, name }),
      );
      approved = latest
        ? {
            [APPROVED_PRODUCTION_VERSION_ANNOTATION]: latest.version,
            ...(latest.requestId
              ? { [APPROVED_PRODUCTION_REQUEST_ANNOTATION]: latest.requestId }
              : {}),
            [APPROVED_PRODUCTION_AT_ANNOTATION]: latest.promotedAt,
          }
        : null;
      // Written only when it changes: the catalog keeps the previous value otherwise, and a
      // model never promoted then costs no cache write at all (10,000 fewer updates at ingestion).
      const previous = (await cache.get<Annotations | null>(CACHE_KEY)) ?? null;
      if (JSON.stringify(previous) !== JSON.stringify(approved)) {
        await cache.set<Annotations | null>(CACHE_KEY, approved);
      }
    } catch (error) {
      approved = await cache.get<Annotations | null>(CACHE_KEY);
      const now = (this.deps.now ?? Date.now)();
      const message = `modelops: could not read the promotions of model:${namespace}/${name} from the modelops backend (${
        (error as Error)?.message ?? error
      }); ${
        approved
          ? 'keeping the approved production version read last'
          : 'no approved production version is shown until it answers'
      }`;
      if (now - this.lastWarning >= WARN_INTERVAL_MS) {
        this.lastWarning = now;
        this.deps.logger.warn(message);
      } else {
        this.deps.logger.debug(message);
      }
    }
    const annotations: Annotations = {};
    for (const [key, value] of Object.entries(
      entity.metadata.annotations ?? {},
    )) {
      if (!APPROVED_PRODUCTION_ANNOTATIONS.includes(key))
        annotations[key] = value;
    }
    Object.assign(annotations, approved ?? {});
    return { ...entity, metadata: { ...entity.metadata, annotations } };
  }
}
