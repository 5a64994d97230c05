import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ApprovedVersionFact,
  DriftFacts,
  GroupNode,
  isInProduction,
  ownerRefOf,
  productionVersion,
  promotionsFromAnnotations,
  ScorecardFacts,
} from '@modelops/plugin-modelops-common';
import type { DriftStore } from '../../database/DriftStore';

/** Where approval facts come from (the approval workflow's recorded promotions). */
export interface ApprovalFactsSource {
  approvedVersions(modelRef: string): Promise<ApprovedVersionFact[]>;
}

/** Adapts anything that lists promotions (the approval store) to an {@link ApprovalFactsSource}. */
export function promotionsAsApprovalFacts(store: {
  listPromotions(modelRef: string): Promise<
    Array<{
      modelVersion: string;
      toStage: string;
      createdAt: string;
      requestId?: string;
    }>
  >;
}): ApprovalFactsSource {
  return {
    async approvedVersions(modelRef) {
      const promotions = await store.listPromotions(modelRef);
      return promotions.map(p => ({
        version: p.modelVersion,
        toStage: p.toStage,
        approvedAt: p.createdAt,
        ...(p.requestId ? { requestId: p.requestId } : {}),
      }));
    },
  };
}

const lower = (s: string) => s.toLocaleLowerCase('en-US');

/** Turns a Group entity into a hierarchy node (parent and children from spec and relations). */
export function groupNodeOf(group: Entity): GroupNode {
  const ref = lower(stringifyEntityRef(group));
  const ns = group.metadata.namespace ?? 'default';
  const asGroupRef = (r: string) =>
    lower(
      stringifyEntityRef(
        parseEntityRef(r, { defaultKind: 'group', defaultNamespace: ns }),
      ),
    );
  const spec = (group.spec ?? {}) as {
    parent?: unknown;
    children?: unknown;
    profile?: { displayName?: string };
  };
  const relations = group.relations ?? [];
  const parents = [
    ...(typeof spec.parent === 'string' ? [asGroupRef(spec.parent)] : []),
    ...relations.filter(r => r.type === 'childOf').map(r => lower(r.targetRef)),
  ];
  const children = [
    ...(Array.isArray(spec.children)
      ? spec.children
          .filter((c): c is string => typeof c === 'string')
          .map(asGroupRef)
      : []),
    ...relations
      .filter(r => r.type === 'parentOf')
      .map(r => lower(r.targetRef)),
  ];
  return {
    ref,
    title:
      group.metadata.title ?? spec.profile?.displayName ?? group.metadata.name,
    parent: parents[0] ?? null,
    children: [...new Set(children)],
  };
}

async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

/**
 * Gathers the facts of models: owner resolution (from the known groups), the newest drift run
 * and reference (drift store) and approved promotions (when approvals are configured).
 */
export class ScorecardFactsLoader {
  constructor(
    private readonly deps: {
      driftStore: Pick<
        DriftStore,
        'latestStatusAll' | 'latestRun' | 'listReferences'
      >;
      approvals?: ApprovalFactsSource;
    },
  ) {}

  private static declaresDrift(entity: Entity): boolean {
    const m = (entity.spec as { monitoring?: { drift?: unknown } } | undefined)
      ?.monitoring;
    return !!m && typeof m === 'object' && m.drift !== undefined;
  }

  /**
   * Facts for many models. `ownerKind(ref)` says what an owner ref resolves to (null: missing).
   * Drift runs come from one query; references are only looked up where they decide a check.
   */
  async factsFor(
    models: Entity[],
    ownerKind: (ref: string) => string | null,
    now: Date,
  ): Promise<ScorecardFacts[]> {
    const latest = new Map<
      string,
      {
        windowEnd: string;
        datasetDrift: boolean;
        acknowledgement: { by: string } | null;
      }
    >();
    const status =
      models.length === 1 ? [] : await this.deps.driftStore.latestStatusAll();
    for (const s of status) latest.set(lower(s.entityRef), s.lastRun);
    if (models.length === 1) {
      const run = await this.deps.driftStore.latestRun(
        lower(stringifyEntityRef(models[0])),
      );
      if (run) latest.set(lower(stringifyEntityRef(models[0])), run);
    }
    return mapLimit(models, 8, async (entity): Promise<ScorecardFacts> => {
      const ref = lower(stringifyEntityRef(entity));
      const run = latest.get(ref);
      let hasReference = !!run;
      if (
        !run &&
        isInProduction(entity) &&
        !ScorecardFactsLoader.declaresDrift(entity)
      ) {
        hasReference =
          (await this.deps.driftStore.listReferences(ref)).length > 0;
      }
      const drift: DriftFacts = {
        hasReference,
        latestRun: run
          ? {
              windowEnd: run.windowEnd,
              datasetDrift: run.datasetDrift,
              acknowledged: !!run.acknowledgement,
            }
          : null,
      };
      const owner = ownerRefOf(entity);
      const facts: ScorecardFacts = {
        entity,
        now,
        drift,
        ...(owner
          ? { catalog: { owner: { ref: owner, kind: ownerKind(owner) } } }
          : {}),
      };
      // Promotions decide the production status (productionStatus in -common): look them up
      // for a model that declares a production version or that the catalog module marked as
      // promoted (the annotation may lag, the store does not).
      if (
        this.deps.approvals &&
        (productionVersion(entity) ||
          promotionsFromAnnotations(entity).length > 0)
      ) {
        facts.approvals = {
          approvedVersions: await this.deps.approvals.approvedVersions(ref),
        };
      } else if (this.deps.approvals) {
        facts.approvals = { approvedVersions: [] };
      }
      return facts;
    });
  }
}
