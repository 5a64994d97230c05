/**
 * Persistence of drift monitoring data: reference profiles, drift runs and per-feature results.
 * Entity refs are stored lowercase (as the catalog compares them).
 */

/** The per-feature part of a drift report that the store indexes for history queries. */
export interface DriftFeatureSummary {
  name: string;
  kind: 'numeric' | 'categorical';
  method: string;
  value: number | null;
  threshold: number | null;
  drift: boolean;
  /** `ok`, or why no verdict was possible (e.g. `insufficient-data`). */
  status: string;
}

/** A reference profile as stored. */
export interface StoredDriftReference {
  id: string;
  entityRef: string;
  modelVersion: string | null;
  profile: unknown;
  featureCount: number;
  rowCount: number;
  createdBy: string;
  createdAt: string;
}

/** A new reference profile. */
export type NewDriftReference = Omit<StoredDriftReference, 'id' | 'createdAt'> & {
  createdAt?: string;
};

/** A drift run as stored. */
export interface StoredDriftRun {
  id: string;
  entityRef: string;
  runId: string;
  referenceId: string | null;
  modelVersion: string | null;
  windowStart: string | null;
  windowEnd: string;
  status: string;
  datasetDrift: boolean;
  driftShare: number;
  featureCount: number;
  driftedCount: number;
  source: 'rows' | 'report';
  submittedBy: string;
  createdAt: string;
  /** The full report (features with all metrics); omitted in listings unless asked for. */
  report?: unknown;
}

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

/** One point of a feature's drift history. */
export interface DriftFeatureHistoryPoint {
  runId: string;
  windowEnd: string;
  method: string;
  value: number | null;
  threshold: number | null;
  drift: boolean;
  status: string;
}

/** The latest run of each model, for inventory views. */
export interface DriftModelStatus {
  entityRef: string;
  lastRun: StoredDriftRun;
}

/** Storage of drift data. Implemented with knex in {@link DatabaseDriftStore}. */
export interface DriftStore {
  addReference(reference: NewDriftReference): Promise<StoredDriftReference>;
  /** The newest reference of a model, or a given one by id, or the newest for a model version. */
  getReference(
    entityRef: string,
    options?: { id?: string; modelVersion?: string },
  ): Promise<StoredDriftReference | undefined>;
  listReferences(entityRef: string): Promise<Omit<StoredDriftReference, 'profile'>[]>;

  /**
   * Records a run, idempotently: a second call with the same (entityRef, runId) returns the
   * stored run with `created: false` and changes nothing.
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
  /** Oldest first, within the time range. */
  featureHistory(
    entityRef: string,
    feature: string | undefined,
    options: { from?: string; to?: string },
  ): Promise<(DriftFeatureHistoryPoint & { feature: string })[]>;
}
