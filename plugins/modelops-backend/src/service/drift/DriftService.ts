import {
  AuthService,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  buildDriftHistorySeries,
  buildReferenceProfile,
  compareToProfile,
  DatasetDriftResult,
  DriftColumns,
  DriftInputError,
  DriftHistorySeriesResponse,
  DriftSettings,
  DriftSourceStatus,
  isModelEntity,
  ownerRefOf,
  ReferenceProfile,
  validateDriftSettings,
  validateReferenceProfile,
} from '@modelops/plugin-modelops-common';
import {
  decodeDriftRunCursor,
  decodeHistoryCursor,
} from '../../database/driftCursors';
import {
  DriftStore,
  FeatureHistoryOptions,
  ListDriftRunsOptions,
  StoredDriftRun,
} from '../../database/DriftStore';
import type { Caller } from '../callers';
import { VersionedResponseCache, versionedEtag } from '../conditionalResponses';
import { catalogUserGroups } from '../catalogUsers';
import type { ModelopsNotifier } from '../ModelopsNotifier';
import {
  DriftReportBody,
  HistorySeriesQuery,
  SetReferenceBody,
  SubmitRunBody,
} from './driftSchemas';

/** Largest page of runs with their full reports (each report may hold maxFeatures features). */
export const MAX_RUNS_WITH_REPORT = 50;

/** A cursor from a previous page, checked before any query (a 400 naming `cursor` otherwise). */
function checkCursor(
  cursor: string | undefined,
  decode: (cursor: string) => unknown,
) {
  if (!cursor) return;
  try {
    decode(cursor);
  } catch (e) {
    throw new InputError(`cursor: ${(e as Error).message}`);
  }
}

/** How long a computed chart history stays in the cache (its key changes with the data anyway). */
export const HISTORY_SERIES_CACHE_TTL_MS = 10 * 60_000;
/** Larger chart histories (hundreds of features at thousands of points) are not cached. */
export const HISTORY_SERIES_CACHE_MAX_CHARS = 4_000_000;

const normRef = (ref: string) => ref.toLocaleLowerCase('en-US');
const normTime = (iso: string | undefined) =>
  iso === undefined ? null : new Date(iso).toISOString();

/** Limits on submitted data. */
export interface DriftLimits {
  maxRows: number;
  maxFeatures: number;
}

type Cell = number | string | boolean | null;

/** Turns rows into columns; a key absent from a row is a missing value. */
export function rowsToColumns(rows: Record<string, Cell>[]): DriftColumns {
  const names = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) names.add(key);
  const columns: Record<string, Cell[]> = {};
  for (const name of names) columns[name] = new Array(rows.length);
  rows.forEach((row, i) => {
    for (const name of names) columns[name][i] = name in row ? row[name] : null;
  });
  return columns;
}

/**
 * Drift monitoring logic: resolves the model in the catalog and its `spec.monitoring.drift`
 * settings, builds/validates reference profiles, evaluates windows with the engine of
 * `@modelops/plugin-modelops-common`, stores runs idempotently and notifies owners when a model
 * starts drifting.
 */
export class DriftService {
  private readonly seriesBodies: VersionedResponseCache;
  /** History version reads in flight, per model: concurrent requests share one query. */
  private readonly versionReads = new Map<string, Promise<number>>();

  constructor(
    private readonly deps: {
      store: DriftStore;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      limits: DriftLimits;
      notifier?: ModelopsNotifier;
      appBaseUrl?: string;
      /** Called after an acknowledgement (the composition root drops cached scorecards). */
      onAcknowledged?: () => void | Promise<void>;
      /** The plugin's cache service: computed chart histories, shared by replicas. */
      cache?: CacheService;
      /** The scheduled source of a model and its newest attempt (DriftSourceRunner.status). */
      sourceStatus?: (entity: Entity) => Promise<DriftSourceStatus | null>;
    },
  ) {
    this.seriesBodies = new VersionedResponseCache({
      cache: deps.cache,
      logger: deps.logger,
      namespace: 'drift-history-series',
      ttlMs: HISTORY_SERIES_CACHE_TTL_MS,
      maxBodyChars: HISTORY_SERIES_CACHE_MAX_CHARS,
    });
  }

  /** The Model entity, or a 404 naming the ref. */
  async getModel(entityRef: string): Promise<Entity> {
    const entity = await this.deps.catalog.getEntityByRef(entityRef, {
      credentials: await this.deps.auth.getOwnServiceCredentials(),
    });
    if (!entity || !isModelEntity(entity)) {
      throw new NotFoundError(
        `${entityRef} is not a Model in the catalog; check the namespace and name`,
      );
    }
    return entity;
  }

  /** Drift settings of a model from its catalog entity (already validated by the catalog). */
  settingsOf(entity: Entity): DriftSettings {
    const raw = (entity.spec as any)?.monitoring?.drift;
    const result = validateDriftSettings(raw);
    if (!result.success) {
      throw new InputError(
        `${stringifyEntityRef(
          entity,
        )} has invalid drift settings: ${result.problems
          .map(p => `${p.path} ${p.message}`)
          .join('; ')}`,
      );
    }
    return result.settings;
  }

  private toColumns(
    body: { rows?: Record<string, Cell>[]; columns?: Record<string, Cell[]> },
    what: string,
  ): DriftColumns {
    const { maxRows, maxFeatures } = this.deps.limits;
    if (body.rows) {
      if (body.rows.length > maxRows) {
        throw new InputError(
          `rows: ${body.rows.length} rows is more than the limit of ${maxRows} per request; split the ${what} or send a profile/report computed with yarn modelops drift`,
        );
      }
      const columns = rowsToColumns(body.rows);
      if (Object.keys(columns).length > maxFeatures) {
        throw new InputError(
          `rows: ${
            Object.keys(columns).length
          } columns is more than the limit of ${maxFeatures} features`,
        );
      }
      return columns;
    }
    const columns = body.columns ?? {};
    const names = Object.keys(columns);
    if (names.length === 0)
      throw new InputError('columns: must contain at least one column');
    if (names.length > maxFeatures) {
      throw new InputError(
        `columns: ${names.length} columns is more than the limit of ${maxFeatures} features`,
      );
    }
    const lengths = new Set(names.map(n => columns[n].length));
    if (lengths.size > 1) {
      throw new InputError(
        `columns: every column must have the same number of values (got ${[
          ...lengths,
        ].join(', ')})`,
      );
    }
    const n = columns[names[0]].length;
    if (n > maxRows) {
      throw new InputError(
        `columns: ${n} values per column is more than the limit of ${maxRows}; split the ${what} or send a profile/report computed with yarn modelops drift`,
      );
    }
    return columns;
  }

  async setReference(
    entityRef: string,
    body: SetReferenceBody,
    submittedBy: string,
  ) {
    const entity = await this.getModel(entityRef);
    const settings = this.settingsOf(entity);
    let profile: ReferenceProfile;
    let rowCount: number;
    if (body.profile) {
      // Fully validated by the body schema (referenceProfileSchema); only the count limit is config.
      profile = body.profile;
      if (profile.features.length > this.deps.limits.maxFeatures) {
        throw new InputError(
          `profile.features: ${profile.features.length} features is more than the limit of ${this.deps.limits.maxFeatures}`,
        );
      }
      // A loop, not Math.max(...spread): the argument count of a spread is bounded by the stack.
      rowCount = 0;
      for (const f of profile.features)
        rowCount = Math.max(rowCount, f.n + f.missing);
    } else {
      const columns = this.toColumns(body, 'reference');
      try {
        profile = buildReferenceProfile(columns, {
          settings,
          categorical: body.categorical,
        });
      } catch (e) {
        if (e instanceof DriftInputError) throw new InputError(e.message);
        throw e;
      }
      rowCount = Object.values(columns)[0]?.length ?? 0;
    }
    const stored = await this.deps.store.addReference({
      entityRef: stringifyEntityRef(entity),
      modelVersion: body.modelVersion ?? null,
      profile,
      featureCount: profile.features.length,
      rowCount,
      createdBy: submittedBy,
    });
    const { profile: _omit, ...summary } = stored;
    return summary;
  }

  async submitRun(entityRef: string, body: SubmitRunBody, submittedBy: string) {
    const entity = await this.getModel(entityRef);
    const ref = stringifyEntityRef(entity);
    // Idempotency first: a retry returns the stored run without recomputing.
    const existing = await this.deps.store.getRun(ref, body.runId);
    if (existing) return { run: existing, created: false };

    let report: DatasetDriftResult | DriftReportBody;
    let referenceId: string | null = null;
    if (body.report) {
      report = body.report;
      referenceId = body.referenceId ?? null;
    } else {
      const reference =
        (await this.deps.store.getReference(ref, {
          id: body.referenceId,
          modelVersion: body.referenceId ? undefined : body.modelVersion,
        })) ??
        (body.referenceId || !body.modelVersion
          ? undefined
          : await this.deps.store.getReference(ref));
      if (!reference) {
        throw new InputError(
          body.referenceId
            ? `referenceId: no reference ${body.referenceId} for ${ref}`
            : `${ref} has no reference data yet; POST the reference first to /api/modelops/drift/models/${
                entity.metadata.namespace ?? 'default'
              }/${entity.metadata.name}/references`,
        );
      }
      referenceId = reference.id;
      // References stored before profiles were fully validated may be unusable; say so (a 400 on
      // this request) rather than failing inside the engine.
      const valid = validateReferenceProfile(reference.profile);
      if (!valid.success) {
        const first = valid.problems[0];
        throw new InputError(
          `referenceId: reference ${
            reference.id
          } has an invalid profile (${first.path.join('.')}: ${
            first.message
          }); POST a new reference and submit again`,
        );
      }
      const columns = this.toColumns(body, 'window');
      try {
        report = compareToProfile(valid.profile, columns, {
          settings: this.settingsOf(entity),
        });
      } catch (e) {
        if (e instanceof DriftInputError) throw new InputError(e.message);
        throw e;
      }
    }

    const features = report.features.map(f => ({
      name: f.name,
      kind: f.kind,
      method: f.method,
      value:
        typeof f.value === 'number' && Number.isFinite(f.value)
          ? f.value
          : null,
      threshold:
        typeof f.threshold === 'number' && Number.isFinite(f.threshold)
          ? f.threshold
          : null,
      drift: f.drift,
      status: (f as { status?: string }).status ?? 'ok',
    }));
    const status =
      (report as { status?: string }).status ??
      (features.every(f => f.status !== 'ok') ? 'insufficient-data' : 'ok');
    const result = await this.deps.store.addRun({
      entityRef: ref,
      runId: body.runId,
      referenceId,
      modelVersion: body.modelVersion ?? null,
      windowStart: body.windowStart ?? null,
      windowEnd: body.windowEnd ?? new Date().toISOString(),
      status,
      datasetDrift: report.datasetDrift,
      driftShare: report.driftShare,
      features,
      report,
      source: body.report ? 'report' : 'rows',
      submittedBy,
    });
    if (result.created) {
      await this.notifyIfDriftStarted(entity, result.run);
    }
    return result;
  }

  /** Notifies the owners when this run is the newest and turns the model from "no drift" to "drift". */
  private async notifyIfDriftStarted(entity: Entity, run: StoredDriftRun) {
    if (!this.deps.notifier || !run.datasetDrift) return;
    const [latest, previous] = await this.deps.store.latestRuns(
      run.entityRef,
      2,
    );
    if (latest?.id !== run.id || (previous && previous.datasetDrift)) return;
    const owner = ownerRefOf(entity);
    if (!owner) return;
    const owners = [owner];
    const name = entity.metadata.title ?? entity.metadata.name;
    const drifted =
      (run.report as any)?.features
        ?.filter((f: any) => f.drift)
        .map((f: any) => f.name) ?? [];
    try {
      await this.deps.notifier.send({
        recipients: { type: 'entity', entityRef: owners },
        payload: {
          title: `Data drift detected on ${name}`,
          description: `${run.driftedCount} of ${
            run.featureCount
          } features drifted in the window ending ${run.windowEnd}${
            drifted.length ? `: ${drifted.slice(0, 5).join(', ')}` : ''
          }.`,
          link: `/catalog/${entity.metadata.namespace ?? 'default'}/model/${
            entity.metadata.name
          }/drift`,
          severity: 'high',
          topic: 'modelops-drift',
        },
      });
    } catch (e) {
      this.deps.logger.warn(
        `could not notify the owners of ${run.entityRef} about drift (is the notifications backend installed?): ${e}`,
      );
    }
  }

  // Reads: the router authorizes and serialises, the service owns paging rules and 404s.

  listReferences(entityRef: string) {
    return this.deps.store.listReferences(entityRef);
  }

  /** One reference by id, or the newest (`latest`); a 404 naming both otherwise. */
  async getReference(entityRef: string, id: string) {
    const reference = await this.deps.store.getReference(
      entityRef,
      id === 'latest' ? {} : { id },
    );
    if (!reference)
      throw new NotFoundError(`no reference ${id} for ${entityRef}`);
    return reference;
  }

  /** Runs, newest first; pages with reports are at most {@link MAX_RUNS_WITH_REPORT} runs. */
  listRuns(entityRef: string, options: ListDriftRunsOptions) {
    checkCursor(options.cursor, decodeDriftRunCursor);
    // Reports are up to maxFeatures features each: pages with reports are smaller, and nextCursor
    // continues as usual (a client following the cursor sees every run).
    const limit = options.includeReport
      ? Math.min(options.limit, MAX_RUNS_WITH_REPORT)
      : options.limit;
    return this.deps.store.listRuns(entityRef, { ...options, limit });
  }

  /**
   * Acknowledges the drift of a run, with a comment: only a person (not a service or plugin token)
   * who is a member of the model's owning team. Once per run (the store enforces it).
   */
  async acknowledge(
    entityRef: string,
    runId: string,
    caller: Caller,
    body: { comment: string },
    now: Date = new Date(),
  ): Promise<StoredDriftRun> {
    if (!caller.user || caller.onBehalfOf) {
      throw new NotAllowedError(
        'drift is acknowledged by a person: sign in as a member of the owning team (a service or plugin token cannot acknowledge)',
      );
    }
    const model = await this.getModel(entityRef);
    const owner = ownerRefOf(model);
    const groups = await catalogUserGroups(
      this.deps.catalog,
      await this.deps.auth.getOwnServiceCredentials(),
      caller.user,
    );
    if (!owner || !groups?.includes(owner)) {
      throw new NotAllowedError(
        `only members of the owning team ${
          owner ?? '(the model has no owner)'
        } may acknowledge the drift of ${stringifyEntityRef(model)}`,
      );
    }
    const run = await this.deps.store.acknowledgeRun(
      stringifyEntityRef(model),
      runId,
      {
        by: caller.user,
        client: caller.client,
        comment: body.comment,
        at: now.toISOString(),
      },
    );
    await this.deps.onAcknowledged?.();
    return run;
  }

  async getRun(entityRef: string, runId: string) {
    const run = await this.deps.store.getRun(entityRef, runId);
    if (!run) throw new NotFoundError(`no drift run ${runId} for ${entityRef}`);
    return run;
  }

  /** The newest reference and run of a model. */
  async status(entityRef: string) {
    const lastRun = await this.deps.store.latestRun(entityRef);
    const references = await this.deps.store.listReferences(entityRef);
    return {
      entityRef,
      hasReference: references.length > 0,
      reference: references[0] ?? null,
      lastRun: lastRun ?? null,
      source: await this.sourceStatus(entityRef),
    };
  }

  /** The model's scheduled source, or null (no source, not a Model in the catalog, no runner). */
  private async sourceStatus(
    entityRef: string,
  ): Promise<DriftSourceStatus | null> {
    if (!this.deps.sourceStatus) return null;
    let entity: Entity;
    try {
      entity = await this.getModel(entityRef);
    } catch (e) {
      if (e instanceof NotFoundError) return null;
      throw e;
    }
    return this.deps.sourceStatus(entity);
  }

  /** Bounded: at most `limit` points; `nextCursor` continues after the last one. */
  featureHistory(
    entityRef: string,
    feature: string | undefined,
    options: FeatureHistoryOptions,
  ) {
    checkCursor(options.cursor, decodeHistoryCursor);
    return this.deps.store.featureHistory(entityRef, feature, options);
  }

  /**
   * The model's history version. Coalesced, not cached: a request that arrives while a read for
   * the same model is in flight shares it (50 readers of one chart cost one primary-key query).
   * Such a request can miss a run committed while that read was running (milliseconds); its next
   * request sees it.
   */
  private historyVersion(ref: string): Promise<number> {
    const running = this.versionReads.get(ref);
    if (running) return running;
    const read = this.deps.store
      .historyVersion(ref)
      .finally(() => this.versionReads.delete(ref));
    this.versionReads.set(ref, read);
    return read;
  }

  /** The ETag of a history page: the model's history version and the query. */
  async featureHistoryEtag(
    entityRef: string,
    feature: string | undefined,
    options: FeatureHistoryOptions,
  ): Promise<string> {
    const ref = normRef(entityRef);
    const version = await this.historyVersion(ref);
    return versionedEtag([
      'drift-history-1',
      ref,
      version,
      feature,
      normTime(options.from),
      normTime(options.to),
      options.limit,
      options.cursor,
    ]);
  }

  /**
   * The compact history for charts: one column-oriented series per feature and method, each
   * down-sampled to `maxPoints` (keeping the first and latest window, drift onsets and threshold
   * changes). Returns the ETag at once (one primary-key read) and the body on demand, computed
   * once per history version and query and kept in the cache service.
   */
  async historySeries(
    entityRef: string,
    query: HistorySeriesQuery,
  ): Promise<{ etag: string; body: () => Promise<string> }> {
    const ref = normRef(entityRef);
    const from = normTime(query.from);
    const to = normTime(query.to);
    const version = await this.historyVersion(ref);
    const etag = versionedEtag([
      'drift-series-1',
      ref,
      version,
      query.feature,
      from,
      to,
      query.maxPoints,
    ]);
    return {
      etag,
      body: () =>
        this.seriesBodies.get(
          etag,
          async (): Promise<DriftHistorySeriesResponse> => {
            const rows = await this.deps.store.historyRows(ref, {
              feature: query.feature,
              from: from ?? undefined,
              to: to ?? undefined,
            });
            return {
              entityRef: ref,
              from,
              to,
              maxPoints: query.maxPoints,
              series: buildDriftHistorySeries(rows, query.maxPoints),
            };
          },
        ),
    };
  }

  latestStatusAll() {
    return this.deps.store.latestStatusAll();
  }
}
