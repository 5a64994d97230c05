import {
  AuthService,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CatalogScorecardResponse,
  exemptionState,
  GroupHierarchy,
  ItemsPage,
  isModelEntity,
  ModelScorecardResult,
  ownerRefOf,
  ModelScorecardRow,
  ScorecardEngine,
  ScorecardExemption,
  ScorecardExemptionView,
  ScorecardSnapshotBatch,
  StoredScorecardExemption,
  TeamScorecardModelsQuery,
  TeamScorecardModelsResponse,
  TeamScorecardResponse,
  summarizeScorecards,
  toModelScorecardRow,
} from '@modelops/plugin-modelops-common';
import {
  decodePageCursor,
  encodePageCursor,
  PAGE_DEFAULT_LIMIT,
} from '../../database/pageCursors';
import type {
  HistoryQuery,
  PageOptions,
  ScorecardStore,
} from '../../database/ScorecardStore';
import type { Caller } from '../callers';
import { catalogUserGroups } from '../catalogUsers';
import { ImmutableBodies, versionedEtag } from '../conditionalResponses';
import { ScorecardCache } from './ScorecardCache';
import { groupNodeOf, ScorecardFactsLoader } from './ScorecardFactsLoader';
import { TtlCache } from './TtlCache';

const lower = (s: string) => s.toLocaleLowerCase('en-US');

/** Code-unit order (the order of `<` on strings), independent of the locale. */
function byCode(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/**
 * The sort key of a catalog row: with a scorecard, least ready first (level ascending, more failing
 * checks first, then the ref); without, by ref.
 */
type CatalogKey = [number, number, string];
const catalogKey = (scorecard: string | undefined, r: ModelScorecardRow) =>
  [
    scorecard
      ? r.scorecards.find(s => s.scorecard === scorecard)?.level ?? 0
      : 0,
    scorecard ? -r.failingCheckCount : 0,
    r.entityRef,
  ] as CatalogKey;
const compareCatalogKeys = (a: CatalogKey, b: CatalogKey) =>
  a[0] - b[0] || a[1] - b[1] || byCode(a[2], b[2]);

/** Query of {@link ScorecardService.teamModels} (defaults applied by the route's schema). */
export type TeamModelsQuery = Required<
  Pick<TeamScorecardModelsQuery, 'includeDescendants' | 'sort' | 'order'>
> &
  Pick<TeamScorecardModelsQuery, 'scorecard' | 'level'>;

/**
 * The page of `rows` (sorted by `compare` on their keys) after the cursor's key, and the cursor
 * after its last row when more follow. The second part of a key is 0 or minus a count: a cursor
 * holds it negated (cursor numbers are non-negative).
 */
function keysetPage(
  rows: ReadonlyArray<{ row: ModelScorecardRow; key: CatalogKey }>,
  listing: string,
  compare: (a: CatalogKey, b: CatalogKey) => number,
  query: PageOptions,
): { items: ModelScorecardRow[]; nextCursor?: string } {
  let start = 0;
  if (query.cursor) {
    const [level, failing, entityRef] = decodePageCursor<CatalogKey>(
      listing,
      query.cursor,
      ['int', 'int', 'string'],
    );
    const after: CatalogKey = [level, -failing, entityRef];
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(rows[mid].key, after) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const limit = query.limit ?? PAGE_DEFAULT_LIMIT;
  const page = rows.slice(start, start + limit);
  const last = page[page.length - 1];
  return {
    items: page.map(r => r.row),
    ...(start + limit < rows.length && last
      ? {
          nextCursor: encodePageCursor(listing, [
            last.key[0],
            -last.key[1],
            last.key[2],
          ]),
        }
      : {}),
  };
}

/** Every model evaluated, with the group hierarchy it was evaluated against. */
export interface CatalogEvaluation {
  evaluatedAt: string;
  durationMs: number;
  results: ModelScorecardResult[];
  hierarchy: GroupHierarchy;
  /** Indexes of `results` by owner ref, so a team answer costs its own size, not the catalog's. */
  byOwner: Map<string, number[]>;
  /** Answers derived from this evaluation (team and catalog JSON), computed once per evaluation. */
  memo: Map<string, unknown>;
  /** Top-level groups with groups below them (organisations, departments without a parent). */
  roots: string[];
}

/** A team's answer, serialised once and shared by replicas through the cache service. */
export interface TeamScorecardBody {
  /** Strong ETag: the cache generation, the evaluation time and the query. */
  etag: string;
  /** The JSON of the {@link TeamScorecardResponse}. */
  body: string;
  evaluatedAt: string;
  /** Epoch ms after which the answer is served stale while a fresh one is computed. */
  freshUntil: number;
}

/** Stale team answers are served at most this many TTLs after their evaluation. */
const TEAM_STALE_TTLS = 10;

/** The query of a team answer. */
type TeamQuery = { includeDescendants: boolean; includeModels: boolean };
const teamKey = (ref: string, q: TeamQuery) =>
  `team:${ref}:${q.includeDescendants}:${q.includeModels}`;

/** What the cache service holds per team: a small pointer, and the body under its ETag. */
type TeamPointer = Omit<TeamScorecardBody, 'body'>;

/**
 * Scorecard evaluation: reads models and groups from the catalog, gathers facts, runs the pure
 * engine, and takes snapshots for trends.
 *
 * Caching (docs/deployment.md#caches): model results and team answers live in Backstage's cache
 * service under a shared generation, so every replica sees an invalidation at once; the full
 * catalog evaluation they are derived from is this process's working memory, recomputed when the
 * generation changes or (in the background, stale-while-revalidate) after `cacheTtlMs`.
 */
export class ScorecardService {
  /** The catalog evaluation of this process, keyed by the shared generation. */
  private readonly evaluations: TtlCache<CatalogEvaluation>;
  private readonly shared: ScorecardCache;
  /** Copies of team bodies by ETag (immutable: an ETag names exact bytes). */
  private readonly teamBodies = new ImmutableBodies(64_000_000);

  constructor(
    private readonly deps: {
      engine: ScorecardEngine;
      store: ScorecardStore;
      facts: ScorecardFactsLoader;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      configExemptions: ScorecardExemption[];
      cacheTtlMs: number;
      /** Longest exemption, in days from the request (`modelops.scorecards.maxExemptionDays`). */
      maxExemptionDays: number;
      /** Groups whose members approve exemptions (`modelops.scorecards.exemptionApprovers`). */
      exemptionApprovers: string[];
      /** Snapshots older than this many days are pruned after each snapshot. */
      retentionDays: number;
      now?: () => Date;
      /** The plugin's cache service (coreServices.cache); without it nothing is shared. */
      cache?: CacheService;
    },
  ) {
    // Readers of the whole catalog keep getting the previous evaluation while a refresh runs.
    this.evaluations = new TtlCache(
      deps.cacheTtlMs,
      2,
      Date.now,
      deps.cacheTtlMs > 0,
    );
    this.shared = new ScorecardCache({
      cache: deps.cache,
      logger: deps.logger,
    });
  }

  get engine(): ScorecardEngine {
    return this.deps.engine;
  }

  now(): Date {
    return this.deps.now ? this.deps.now() : new Date();
  }

  /**
   * Drops cached results on every replica (after an exemption, a promotion or an acknowledgement):
   * a new shared generation, and this process's evaluation.
   */
  async invalidate(): Promise<void> {
    this.evaluations.clear();
    await this.shared.invalidate();
  }

  private async credentials() {
    return { credentials: await this.deps.auth.getOwnServiceCredentials() };
  }

  /**
   * The direct groups of a catalog User (memberOf relations), or undefined when the ref is no User
   * in the catalog (the example portal's guest): exemption approval is decided by membership.
   */
  async userGroups(userRef: string): Promise<string[] | undefined> {
    const { credentials } = await this.credentials();
    return catalogUserGroups(this.deps.catalog, credentials, userRef);
  }

  private async exemptionsFor(
    entityRef?: string,
  ): Promise<ScorecardExemption[]> {
    const stored = await this.deps.store.listExemptions(
      entityRef ? { entityRef } : {},
    );
    const fromConfig = entityRef
      ? this.deps.configExemptions.filter(
          e => lower(e.entityRef) === lower(entityRef),
        )
      : this.deps.configExemptions;
    return [...stored, ...fromConfig];
  }

  /** One model, evaluated fresh unless cached. 404 when it is not a Model in the catalog. */
  async evaluateModel(entityRef: string): Promise<ModelScorecardResult> {
    const ref = lower(entityRef);
    return this.shared.getOrCompute(
      `model:${ref}`,
      this.deps.cacheTtlMs,
      async () => {
        const options = await this.credentials();
        const entity = await this.deps.catalog.getEntityByRef(ref, options);
        if (!entity || !isModelEntity(entity))
          throw new NotFoundError(`no Model ${ref} in the catalog`);
        const kinds = new Map<string, string | null>();
        // Undefined when spec.owner is no readable ref: the owner check reports it.
        const ownerRef = ownerRefOf(entity);
        if (ownerRef) {
          const found = await this.deps.catalog.getEntityByRef(
            ownerRef,
            options,
          );
          kinds.set(ownerRef, found ? found.kind : null);
        }
        const [facts] = await this.deps.facts.factsFor(
          [entity],
          r => kinds.get(r) ?? null,
          this.now(),
        );
        return this.deps.engine.evaluate(facts, await this.exemptionsFor(ref));
      },
    );
  }

  /**
   * Every Model in the catalog; concurrent callers share one evaluation. Within a generation, an
   * evaluation older than `cacheTtlMs` is still returned while a new one is computed.
   */
  async evaluateAll(): Promise<CatalogEvaluation> {
    const generation = await this.shared.generation();
    return this.evaluations.get(generation, () => this.evaluateAllUncached());
  }

  /** {@link evaluateAll}, but never older than `cacheTtlMs` (waits for a running refresh). */
  private async evaluateAllFresh(): Promise<CatalogEvaluation> {
    const generation = await this.shared.generation();
    return this.evaluations.getFresh(generation, () =>
      this.evaluateAllUncached(),
    );
  }

  private async evaluateAllUncached(): Promise<CatalogEvaluation> {
    const started = performance.now();
    const options = await this.credentials();
    const [models, groups, exemptions] = await Promise.all([
      this.deps.catalog.getEntities({ filter: { kind: 'Model' } }, options),
      this.deps.catalog.getEntities(
        {
          filter: { kind: 'Group' },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
            'spec.parent',
            'spec.children',
            'spec.profile.displayName',
            'relations',
          ],
        },
        options,
      ),
      this.exemptionsFor(),
    ]);
    const groupNodes = groups.items.map(groupNodeOf);
    const hierarchy = new GroupHierarchy(groupNodes);
    const known = new Set(groupNodes.map(g => g.ref));
    const now = this.now();
    const entities = models.items.filter(
      (e): e is Entity => !!e && isModelEntity(e),
    );
    const facts = await this.deps.facts.factsFor(
      entities,
      r => (known.has(r) ? 'Group' : null),
      now,
    );
    const byRef = new Map<string, ScorecardExemption[]>();
    for (const e of exemptions) {
      const k = lower(e.entityRef);
      byRef.set(k, [...(byRef.get(k) ?? []), e]);
    }
    const results = facts.map(f =>
      this.deps.engine.evaluate(
        f,
        byRef.get(lower(stringifyEntityRef(f.entity))) ?? [],
      ),
    );
    const durationMs = performance.now() - started;
    this.deps.logger.debug(
      `Evaluated ${results.length} models in ${Math.round(durationMs)} ms`,
    );
    const byOwner = new Map<string, number[]>();
    results.forEach((r, i) => {
      if (!r.owner) return;
      const list = byOwner.get(r.owner);
      if (list) list.push(i);
      else byOwner.set(r.owner, [i]);
    });
    return {
      evaluatedAt: now.toISOString(),
      durationMs,
      results,
      hierarchy,
      byOwner,
      memo: new Map(),
      roots: groupNodes
        .map(g => lower(g.ref))
        .filter(
          g =>
            hierarchy.ancestors(g).length === 0 &&
            hierarchy.children(g).length > 0,
        ),
    };
  }

  /** Computes a value once per catalog evaluation (e.g. a serialized team answer). */
  async memoized<T>(
    key: string,
    compute: (all: CatalogEvaluation) => T,
  ): Promise<T> {
    const all = await this.evaluateAll();
    if (!all.memo.has(key)) all.memo.set(key, compute(all));
    return all.memo.get(key) as T;
  }

  /** A team's models (with its child teams' models unless `includeDescendants` is false). */
  async team(
    teamRef: string,
    includeDescendants: boolean,
  ): Promise<TeamScorecardResponse> {
    const ref = lower(teamRef);
    const all = await this.evaluateAll();
    const node = all.hierarchy.get(ref);
    if (!node) throw new NotFoundError(`no Group ${ref} in the catalog`);
    const groupRefs = includeDescendants
      ? all.hierarchy.withDescendants(ref)
      : [ref];
    const results = groupRefs.flatMap(g =>
      (all.byOwner.get(g) ?? []).map(i => all.results[i]),
    );
    return {
      team: { ref, title: node.title },
      includeDescendants,
      groups: groupRefs.map(g => ({
        ref: g,
        title: all.hierarchy.get(g)?.title,
        modelCount: results.filter(r => r.owner === g).length,
      })),
      evaluatedAt: all.evaluatedAt,
      summary: summarizeScorecards(results, this.deps.engine.scorecards),
      models: results.map(toModelScorecardRow),
    };
  }

  /** The group refs whose snapshots make up a team's history. */
  async teamGroups(
    teamRef: string,
    includeDescendants: boolean,
  ): Promise<string[]> {
    const all = await this.evaluateAll();
    const ref = lower(teamRef);
    if (!all.hierarchy.get(ref))
      throw new NotFoundError(`no Group ${ref} in the catalog`);
    return includeDescendants ? all.hierarchy.withDescendants(ref) : [ref];
  }

  /** A team's scorecard, computed once per catalog evaluation (404 for an unknown group). */
  async teamScorecard(
    teamRef: string,
    includeDescendants: boolean,
  ): Promise<TeamScorecardResponse> {
    const ref = lower(teamRef);
    await this.teamGroups(ref, includeDescendants);
    // The promise is memoized, so concurrent requests share one computation.
    return this.memoized(`team:${ref}:${includeDescendants}`, () =>
      this.team(ref, includeDescendants),
    );
  }

  /**
   * A team's (or the whole organisation's) answer as JSON, served from the cache service:
   * serialised once per evaluation and shared by replicas, stale-while-revalidate. A fresh entry
   * is returned as is; an entry older than `cacheTtlMs` (up to {@link TEAM_STALE_TTLS} TTLs) is
   * returned at once while one refresh per process re-evaluates and republishes it; without an
   * entry (first request of a generation) the answer is computed and published. 404 for an
   * unknown group (never cached).
   */
  async teamScorecardBody(
    teamRef: string,
    includeDescendants: boolean,
    includeModels = true,
  ): Promise<TeamScorecardBody> {
    const ref = lower(teamRef);
    const ttl = this.deps.cacheTtlMs;
    const generation = await this.shared.generation();
    const query = { includeDescendants, includeModels };
    if (!this.shared.enabled || ttl <= 0) {
      return this.computeTeamBody(generation, ref, query, false);
    }
    const key = teamKey(ref, query);
    const hit = await this.shared.get<TeamPointer>(generation, key);
    const body = hit && (await this.teamBodyOf(generation, hit.etag));
    if (hit && body !== undefined) {
      if (hit.freshUntil <= Date.now()) {
        this.shared
          .singleFlight(`refresh:${generation}:${key}`, () =>
            this.publishTeamBody(generation, ref, query, true),
          )
          .catch(e =>
            this.deps.logger.warn(
              `refreshing the scorecard of ${ref} failed: ${e}`,
            ),
          );
      }
      return { ...hit, body };
    }
    return this.shared.singleFlight(`${generation}:${key}`, () =>
      this.publishTeamBody(generation, ref, query, false),
    );
  }

  /** A published team body: this process's copy, else the cache service's. */
  private async teamBodyOf(
    generation: string,
    etag: string,
  ): Promise<string | undefined> {
    const copy = this.teamBodies.get(etag);
    if (copy !== undefined) return copy;
    const stored = await this.shared.get<string>(
      generation,
      `team-body:${etag}`,
    );
    if (typeof stored !== 'string') return undefined;
    this.teamBodies.set(etag, stored);
    return stored;
  }

  private async publishTeamBody(
    generation: string,
    ref: string,
    query: TeamQuery,
    fresh: boolean,
  ): Promise<TeamScorecardBody> {
    const entry = await this.computeTeamBody(generation, ref, query, fresh);
    const ttl = this.deps.cacheTtlMs * TEAM_STALE_TTLS;
    const { body, ...pointer } = entry;
    this.teamBodies.set(entry.etag, body);
    // The body first: a replica that reads the pointer finds its body.
    await this.shared.set(generation, `team-body:${entry.etag}`, body, ttl);
    await this.shared.set(generation, teamKey(ref, query), pointer, ttl);
    return entry;
  }

  private async computeTeamBody(
    generation: string,
    ref: string,
    query: TeamQuery,
    fresh: boolean,
  ): Promise<TeamScorecardBody> {
    const { includeDescendants, includeModels } = query;
    // A refresh waits for an evaluation within the TTL; a first answer may use a stale one (and is
    // then marked stale, so the next reader triggers the refresh).
    if (fresh) await this.evaluateAllFresh();
    const response = await this.teamScorecard(ref, includeDescendants);
    const body = await this.memoized(`team-json:${teamKey(ref, query)}`, () =>
      JSON.stringify(includeModels ? response : { ...response, models: [] }),
    );
    return {
      etag: versionedEtag([
        'scorecard-team-1',
        generation,
        response.evaluatedAt,
        ref,
        String(includeDescendants),
        String(includeModels),
      ]),
      body,
      evaluatedAt: response.evaluatedAt,
      freshUntil: Date.parse(response.evaluatedAt) + this.deps.cacheTtlMs,
    };
  }

  /**
   * The whole catalog: level distributions per scorecard, model counts per owner, and one page of
   * rows (sorted by level on `scorecard`, lowest first). Summary and sorted rows are computed once
   * per evaluation; each request only slices a page.
   */
  async catalog(
    query: { scorecard?: string } & PageOptions,
  ): Promise<CatalogScorecardResponse> {
    const { scorecard } = query;
    if (scorecard && !this.engine.scorecards.some(s => s.id === scorecard)) {
      throw new InputError(`scorecard "${scorecard}" is unknown`);
    }
    const overview = await this.memoized('catalog:overview', all => {
      const owners = new Map<string, number>();
      for (const r of all.results)
        owners.set(
          r.owner ?? '(none)',
          (owners.get(r.owner ?? '(none)') ?? 0) + 1,
        );
      return {
        evaluatedAt: all.evaluatedAt,
        modelCount: all.results.length,
        summary: summarizeScorecards(all.results, this.engine.scorecards),
        owners: [...owners.entries()]
          .map(([owner, modelCount]) => ({
            owner,
            title: all.hierarchy.get(owner)?.title,
            modelCount,
          }))
          .sort(
            (a, b) =>
              b.modelCount - a.modelCount || a.owner.localeCompare(b.owner),
          ),
      };
    });
    const rows = await this.memoized(`catalog:rows:${scorecard ?? ''}`, all =>
      all.results
        .map(toModelScorecardRow)
        .map(row => ({ row, key: catalogKey(scorecard, row) }))
        .sort((a, b) => compareCatalogKeys(a.key, b.key)),
    );
    // Keyset on the sorted rows of this evaluation: the page starts after the cursor's sort key, so
    // a walk sees each model once even when a refresh reorders the rows between pages.
    return {
      ...overview,
      ...keysetPage(
        rows,
        `catalog:${scorecard ?? ''}`,
        compareCatalogKeys,
        query,
      ),
    };
  }

  /**
   * A page of a team's models (with its child teams' unless `includeDescendants` is false), for a
   * table of any size: sorted on the server (`sort`: `name`, `failing` (failing checks), or a
   * scorecard id (least ready first: level, then more failing checks), `order` reversing it),
   * optionally only the models at `level` of `scorecard`, keyset-paged on the sort key of this
   * evaluation. `total` counts every matching model. Each sorted (and filtered) list is computed
   * once per evaluation, so a page costs a binary search and a slice.
   */
  async teamModels(
    teamRef: string,
    query: TeamModelsQuery & PageOptions,
  ): Promise<TeamScorecardModelsResponse> {
    const ref = lower(teamRef);
    const groups = await this.teamGroups(ref, query.includeDescendants);
    const known = (id: string, field: string) => {
      if (!this.engine.scorecards.some(s => s.id === id)) {
        throw new InputError(
          `${field}: scorecard ${JSON.stringify(
            id,
          )} is unknown; use one of ${this.engine.scorecards
            .map(s => s.id)
            .join(', ')}`,
        );
      }
    };
    if (query.sort !== 'name' && query.sort !== 'failing')
      known(query.sort, 'sort');
    if (query.level !== undefined && query.scorecard === undefined)
      throw new InputError(
        'level: needs scorecard (the scorecard whose level filters)',
      );
    if (query.scorecard !== undefined) known(query.scorecard, 'scorecard');
    if (query.level !== undefined) {
      // Each level is its own memoised list: a level the scorecard lacks is refused, so callers
      // cannot fill the evaluation's memo with up to a thousand empty lists per team and order.
      const card = this.engine.scorecards.find(s => s.id === query.scorecard)!;
      const max = card.levels.reduce((m, l) => Math.max(m, l.level), 0);
      if (query.level > max)
        throw new InputError(
          `level: ${card.id} has levels 0 to ${max}; pick one of them`,
        );
    }
    const sign = query.order === 'desc' ? -1 : 1;
    const keyOf = (r: ModelScorecardRow): CatalogKey => {
      if (query.sort === 'name') return [0, 0, r.entityRef];
      if (query.sort === 'failing')
        return [r.failingCheckCount, 0, r.entityRef];
      return catalogKey(query.sort, r);
    };
    const compare = (a: CatalogKey, b: CatalogKey) =>
      sign * compareCatalogKeys(a, b);
    const listing = [
      'team-models',
      ref,
      query.includeDescendants,
      query.sort,
      query.order,
      query.scorecard ?? '',
      query.level ?? '',
    ].join(':');
    const { evaluatedAt, rows } = await this.memoized(listing, all => ({
      evaluatedAt: all.evaluatedAt,
      rows: groups
        .flatMap(g => (all.byOwner.get(g) ?? []).map(i => all.results[i]))
        .map(toModelScorecardRow)
        .filter(
          r =>
            query.level === undefined ||
            r.scorecards.find(s => s.scorecard === query.scorecard)?.level ===
              query.level,
        )
        .map(row => ({ row, key: keyOf(row) }))
        .sort((a, b) => compare(a.key, b.key)),
    }));
    return {
      evaluatedAt,
      total: rows.length,
      ...keysetPage(rows, listing, compare, query),
    };
  }

  /** A page of the model's history, oldest first. */
  modelHistory(entityRef: string, query: HistoryQuery & PageOptions) {
    return this.deps.store.modelHistory(entityRef, query);
  }

  /** A team's history, with the groups it covers. */
  async teamHistory(
    teamRef: string,
    query: HistoryQuery & PageOptions & { includeDescendants: boolean },
  ) {
    const groups = await this.teamGroups(teamRef, query.includeDescendants);
    return { groups, ...(await this.deps.store.teamHistory(groups, query)) };
  }

  listBatches(limit: number) {
    return this.deps.store.listBatches(limit);
  }

  /** Takes a snapshot of every model's current results and prunes old snapshots. */
  async snapshot(
    trigger: 'schedule' | 'manual',
  ): Promise<ScorecardSnapshotBatch> {
    const { retentionDays } = this.deps;
    // A fresh evaluation of this process (the shared generation stays: nothing changed in the
    // data, and the other replicas keep their answers until their TTL).
    this.evaluations.clear();
    const all = await this.evaluateAll();
    const rows = all.results.flatMap(r =>
      r.scorecards.map(s => ({
        entityRef: r.entityRef,
        ownerRef: r.owner ?? null,
        scorecard: s.scorecard,
        level: s.level,
        maxLevel: s.maxLevel,
        blocked: s.blocked,
        counts: s.counts,
        failingChecks: s.checks
          .filter(c => c.status === 'fail')
          .map(c => c.checkId),
      })),
    );
    const batch = await this.deps.store.addSnapshot({
      takenAt: all.evaluatedAt,
      trigger,
      modelCount: all.results.length,
      durationMs: all.durationMs,
      rows,
    });
    const cutoff = new Date(
      this.now().getTime() - retentionDays * 86_400_000,
    ).toISOString();
    const pruned = await this.deps.store.pruneSnapshots(cutoff);
    this.deps.logger.info(
      `Scorecard snapshot ${batch.id}: ${batch.modelCount} models${
        pruned ? `, pruned ${pruned} old snapshots` : ''
      }`,
    );
    await this.publishOrganisations();
    return batch;
  }

  /**
   * After a snapshot: the roll-ups of the top-level groups (organisations: no parent), from the
   * snapshot's evaluation, into the shared cache, so no replica's reader has to wait for them.
   */
  private async publishOrganisations(): Promise<void> {
    if (!this.shared.enabled || this.deps.cacheTtlMs <= 0) return;
    const all = await this.evaluateAll();
    const generation = await this.shared.generation();
    for (const root of all.roots) {
      for (const includeModels of [true, false]) {
        await this.publishTeamBody(
          generation,
          root,
          { includeDescendants: true, includeModels },
          false,
        );
      }
    }
  }

  /** The exemptions of app-config (after the stored ones in listings). */
  private configExemptionsOf(entityRef?: string) {
    return this.deps.configExemptions
      .filter(e => !entityRef || lower(e.entityRef) === lower(entityRef))
      .map(e => ({
        ...e,
        id: e.id ?? 'config',
        createdAt: '',
        revokedAt: null,
        revokedBy: null,
      }));
  }

  private withState(
    exemptions: StoredScorecardExemption[],
  ): ScorecardExemptionView[] {
    const now = this.now();
    return exemptions.map(e => ({
      ...e,
      state: e.revokedAt ? 'revoked' : exemptionState(e, now),
    }));
  }

  /** Every exemption of one model with its current state (the model's scorecard answer). */
  async listExemptions(entityRef?: string): Promise<ScorecardExemptionView[]> {
    const stored = await this.deps.store.listExemptions({
      ...(entityRef ? { entityRef } : {}),
      includeRevoked: true,
    });
    return this.withState([...stored, ...this.configExemptionsOf(entityRef)]);
  }

  /**
   * A page of exemptions with their current state: the stored ones newest first, then those of
   * app-config (in config order; their cursor is their position).
   */
  async pageExemptions(
    options: { entityRef?: string } & PageOptions,
  ): Promise<ItemsPage<ScorecardExemptionView>> {
    const limit = options.limit ?? PAGE_DEFAULT_LIMIT;
    const config = this.configExemptionsOf(options.entityRef);
    const configPage = (from: number) => {
      const items = this.withState(config.slice(from, from + limit));
      return from + limit < config.length
        ? {
            items,
            nextCursor: encodePageCursor('exemptions-config', [from + limit]),
          }
        : { items };
    };
    let configFrom: number | undefined;
    if (options.cursor) {
      try {
        [configFrom] = decodePageCursor<[number]>(
          'exemptions-config',
          options.cursor,
          ['int'],
        );
      } catch {
        configFrom = undefined; // a stored exemptions cursor (the store checks it)
      }
    }
    if (configFrom !== undefined) return configPage(configFrom);
    const stored = await this.deps.store.pageExemptions({
      ...options,
      limit,
    });
    if (stored.nextCursor || config.length === 0) {
      return { ...stored, items: this.withState(stored.items) };
    }
    // The last stored page: fill it up with the first config exemptions.
    const room = limit - stored.items.length;
    const rest = configPage(0);
    const items = [
      ...this.withState(stored.items),
      ...rest.items.slice(0, room),
    ];
    return config.length > room
      ? {
          items,
          nextCursor: encodePageCursor('exemptions-config', [room]),
        }
      : { items };
  }

  /** The signed-in user; exemptions need a person (requester and approver must be different people). */
  private static personOf(caller: Caller): string {
    if (!caller.user)
      throw new NotAllowedError(
        'exemptions are requested and approved by signed-in users',
      );
    return caller.user;
  }

  /**
   * Exemption approval is decided by group membership in the catalog, not by the permission alone
   * (a permissive policy grants the permission to everyone, the requester included).
   */
  private async requireExemptionApprover(user: string, what: string) {
    const approvers = this.deps.exemptionApprovers;
    const groups = (await this.userGroups(user)) ?? [];
    if (!groups.some(g => approvers.includes(g))) {
      throw new NotAllowedError(
        approvers.length
          ? `${what} needs a member of ${approvers.join(
              ' or ',
            )}; ${user} is not one`
          : `${what} is disabled: no groups are configured in modelops.scorecards.exemptionApprovers`,
      );
    }
  }

  /**
   * A pending exemption, requested by a catalog User, expiring in the future and within
   * `maxExemptionDays`, for a known check of a Model in the catalog.
   */
  async requestExemption(
    body: {
      entityRef: string;
      checkId: string;
      scorecard?: string | null;
      reason: string;
      expiresAt: string;
    },
    caller: Caller,
  ): Promise<ScorecardExemptionView> {
    const requester = ScorecardService.personOf(caller);
    if (!(await this.userGroups(requester))) {
      throw new NotAllowedError(
        `requesting an exemption needs a User in the catalog; ${requester} is not one`,
      );
    }
    const now = this.now();
    const expires = new Date(body.expiresAt);
    if (expires.getTime() <= now.getTime())
      throw new InputError('expiresAt must be in the future');
    if (
      expires.getTime() - now.getTime() >
      this.deps.maxExemptionDays * 86_400_000
    ) {
      throw new InputError(
        `expiresAt must be within ${this.deps.maxExemptionDays} days`,
      );
    }
    await this.assertExemptable(
      body.entityRef,
      body.checkId,
      body.scorecard ?? null,
    );
    const created = await this.deps.store.createExemption(
      {
        entityRef: body.entityRef,
        checkId: body.checkId,
        scorecard: body.scorecard ?? null,
        reason: body.reason,
        requestedBy: requester,
        expiresAt: expires.toISOString(),
        createdAt: now.toISOString(),
      },
      caller.client,
    );
    await this.invalidate();
    return { ...created, state: 'pending' };
  }

  /** Approves an exemption: an approver group member; the store still refuses the requester, in its transaction. */
  async approveExemption(
    id: string,
    caller: Caller,
  ): Promise<ScorecardExemptionView> {
    const approver = ScorecardService.personOf(caller);
    await this.requireExemptionApprover(approver, 'approving an exemption');
    const approved = await this.deps.store.approveExemption(
      id,
      approver,
      this.now().toISOString(),
      caller.client,
    );
    await this.invalidate();
    return { ...approved, state: 'active' };
  }

  /**
   * Revokes an exemption. Its requester may withdraw it (that only makes the scorecard stricter);
   * anyone else needs to be an approver, so a waiver agreed by the approvers cannot be removed by a
   * bystander.
   */
  async revokeExemption(
    id: string,
    caller: Caller,
  ): Promise<ScorecardExemptionView> {
    const by = ScorecardService.personOf(caller);
    const current = await this.deps.store.getExemption(id);
    if (!current || lower(current.requestedBy) !== by) {
      await this.requireExemptionApprover(by, 'revoking an exemption');
    }
    const revoked = await this.deps.store.revokeExemption(
      id,
      by,
      this.now().toISOString(),
      caller.client,
    );
    await this.invalidate();
    return { ...revoked, state: 'revoked' };
  }

  /** Validates a new exemption request against the engine's checks and the catalog. */
  async assertExemptable(
    entityRef: string,
    checkId: string,
    scorecard: string | null,
  ): Promise<void> {
    const check = this.deps.engine.listChecks().find(c => c.id === checkId);
    if (!check)
      throw new InputError(`checkId "${checkId}" is not a known check`);
    if (
      scorecard &&
      !this.deps.engine.scorecards.some(s => s.id === scorecard)
    ) {
      throw new InputError(`scorecard "${scorecard}" is unknown`);
    }
    const entity = await this.deps.catalog.getEntityByRef(
      lower(entityRef),
      await this.credentials(),
    );
    if (!entity || !isModelEntity(entity))
      throw new NotFoundError(`no Model ${lower(entityRef)} in the catalog`);
  }
}
