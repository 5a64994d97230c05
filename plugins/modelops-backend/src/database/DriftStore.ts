import type {
  DriftFeatureSummary,
  DriftHistoryPoint,
  DriftHistoryRow,
  DriftReference,
  DriftRun,
} from '@modelops/plugin-modelops-common';

/** A reference profile as stored (the wire type of the drift API). */
export type StoredDriftReference = DriftReference;
/** A drift run as stored (the wire type of the drift API). */
export type StoredDriftRun = DriftRun;
/** One point of a feature's history (the wire type of the drift API). */
export type DriftFeatureHistoryPoint = DriftHistoryPoint;
export type { DriftFeatureSummary };

/**
 * Persistence of drift monitoring data: reference profiles, drift runs and per-feature results.
 * Entity refs are stored lowercase (as the catalog compares them).
 */

/** A new reference profile. */
export type NewDriftReference = Omit<
  StoredDriftReference,
  'id' | 'createdAt'
> & {
  createdAt?: string;
};

/** A new drift run. */
export interface NewDriftRun {
  entityRef: string;
  runId: string;
  referenceId: string | null;
  modelVersion: string | null;
  windowStart: string | null;
  windowEnd: string;
  status: string;
  datasetDrift: boolean;
  driftShare: number;
  features: DriftFeatureSummary[];
  report: unknown;
  source: 'rows' | 'report';
  submittedBy: string;
  createdAt?: string;
}

/** Paging and time range for run listings. */
export interface ListDriftRunsOptions {
  from?: string;
  to?: string;
  limit: number;
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
  includeReport?: boolean;
}

/** Time range and paging of a feature history query. */
export interface FeatureHistoryOptions {
  from?: string;
  to?: string;
  /** Page size (points). */
  limit: number;
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
}

/** Time range and feature of a chart history read. */
export interface HistoryRowsOptions {
  /** One feature; every feature when omitted. */
  feature?: string;
  from?: string;
  to?: string;
}

/** The latest run of each model, for inventory views. */
export interface DriftModelStatus {
  entityRef: string;
  lastRun: StoredDriftRun;
}

/** Storage of drift data. Implemented with knex in {@link DatabaseDriftStore}. */
/** An acknowledgement to record on a drifting run. */
export interface NewDriftAcknowledgement {
  /** The acknowledging user (entity ref). */
  by: string;
  /** Where the call came from, for the audit chain (`web`, a plugin, ...). */
  client: string | null;
  comment: string;
  at: string;
}

export interface DriftStore {
  /**
   * Acknowledges a run's drift, once: a conditional update (only a run with dataset drift and no
   * acknowledgement yet) and a `drift.acknowledged` audit event in one transaction. NotFoundError
   * for an unknown run, InputError for a run without drift, ConflictError when already acknowledged.
   */
  acknowledgeRun(
    entityRef: string,
    runId: string,
    ack: NewDriftAcknowledgement,
  ): Promise<StoredDriftRun>;
  addReference(reference: NewDriftReference): Promise<StoredDriftReference>;
  /** The newest reference of a model, or a given one by id, or the newest for a model version. */
  getReference(
    entityRef: string,
    options?: { id?: string; modelVersion?: string },
  ): Promise<StoredDriftReference | undefined>;
  listReferences(
    entityRef: string,
  ): Promise<Omit<StoredDriftReference, 'profile'>[]>;

  /**
   * Records a run, idempotently: a second call with the same (entityRef, runId) returns the
   * stored run with `created: false` and changes nothing. A `referenceId` that is not a
   * reference of the same model is an InputError naming `referenceId` (checked in the transaction).
   */
  addRun(run: NewDriftRun): Promise<{ run: StoredDriftRun; created: boolean }>;
  getRun(entityRef: string, runId: string): Promise<StoredDriftRun | undefined>;
  /** Newest first (by window end), cursor-paged. */
  listRuns(
    entityRef: string,
    options: ListDriftRunsOptions,
  ): Promise<{ items: StoredDriftRun[]; nextCursor?: string }>;
  latestRun(entityRef: string): Promise<StoredDriftRun | undefined>;
  /** The two newest runs, to detect a transition from "no drift" to "drift". */
  latestRuns(entityRef: string, count: number): Promise<StoredDriftRun[]>;
  latestStatusAll(): Promise<DriftModelStatus[]>;
  /**
   * Oldest first, within the time range, at most `limit` points; `nextCursor` continues after the
   * last point when there are more.
   */
  featureHistory(
    entityRef: string,
    feature: string | undefined,
    options: FeatureHistoryOptions,
  ): Promise<{ items: DriftFeatureHistoryPoint[]; nextCursor?: string }>;

  /**
   * The version of a model's drift history: a number that changes whenever a run adds points
   * (bumped in the run's transaction, so a reader that sees a version also sees its points); 0 for
   * a model without history. Cheap (one primary-key read): ETags and shared caches key on it.
   */
  historyVersion(entityRef: string): Promise<number>;
  /**
   * Every history point in the range (no paging), with only the columns a chart needs: by
   * feature, then oldest first. Callers bound the result by down-sampling it.
   */
  historyRows(
    entityRef: string,
    options: HistoryRowsOptions,
  ): Promise<DriftHistoryRow[]>;
}
