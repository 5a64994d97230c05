import type {
  CheckCounts,
  CreateScorecardExemptionRequest,
  ItemsPage,
  ModelHistoryPoint,
  ScorecardSnapshotBatch,
  StoredScorecardExemption,
  TeamHistoryPoint,
} from '@modelops/plugin-modelops-common';

/** One model's result on one scorecard, as a snapshot stores it. */
export interface ScorecardSnapshotRow {
  entityRef: string;
  ownerRef: string | null;
  scorecard: string;
  level: number;
  maxLevel: number;
  blocked: boolean;
  counts: CheckCounts;
  failingChecks: string[];
}

/** Time range and scorecard filter of history queries. */
export interface HistoryQuery {
  scorecard?: string;
  from?: string;
  to?: string;
}

/** A page of a cursor-paged listing: page size (default 50, at most 500) and the previous page's nextCursor. */
export interface PageOptions {
  limit?: number;
  cursor?: string;
}

/**
 * A new exemption request: the API's request body as validated (scorecard null for all scorecards),
 * with who asked and when.
 */
export type NewScorecardExemption = Omit<
  CreateScorecardExemptionRequest,
  'scorecard'
> & {
  scorecard: string | null;
  requestedBy: string;
  createdAt: string;
};

/** Storage of scorecard snapshots and exemptions. Implemented with knex in {@link DatabaseScorecardStore}. */
export interface ScorecardStore {
  /** Writes one batch of rows (all with the same `takenAt`) in one transaction. */
  addSnapshot(input: {
    takenAt: string;
    trigger: 'schedule' | 'manual';
    modelCount: number;
    durationMs: number;
    rows: ScorecardSnapshotRow[];
  }): Promise<ScorecardSnapshotBatch>;
  /** Newest first. */
  listBatches(limit: number): Promise<ScorecardSnapshotBatch[]>;
  /** A page of points, oldest first by (takenAt, scorecard). */
  modelHistory(
    entityRef: string,
    query: HistoryQuery & PageOptions,
  ): Promise<ItemsPage<ModelHistoryPoint>>;
  /**
   * A page of points, oldest first by (takenAt, scorecard); aggregates the models whose owner (at
   * snapshot time) is one of `ownerRefs`.
   */
  teamHistory(
    ownerRefs: string[],
    query: HistoryQuery & PageOptions,
  ): Promise<ItemsPage<TeamHistoryPoint>>;
  /** Deletes batches taken before `before`; returns how many. */
  pruneSnapshots(before: string): Promise<number>;

  /**
   * Records a pending exemption request. This and the two changes below append an
   * `exemption.*` event to the audit chain in the same transaction (`client`: where from).
   */
  createExemption(
    input: NewScorecardExemption,
    client?: string | null,
  ): Promise<StoredScorecardExemption>;
  getExemption(id: string): Promise<StoredScorecardExemption | undefined>;
  /**
   * Approves a pending exemption, conditionally: only when it is not approved, not revoked, and the
   * approver is not the requester. Throws NotFoundError, ConflictError or NotAllowedError.
   */
  approveExemption(
    id: string,
    approver: string,
    now: string,
    client?: string | null,
  ): Promise<StoredScorecardExemption>;
  /** Revokes an exemption (it stops counting at once). */
  revokeExemption(
    id: string,
    by: string,
    now: string,
    client?: string | null,
  ): Promise<StoredScorecardExemption>;
  /** Every exemption, newest first; revoked ones only with `includeRevoked` (for evaluation). */
  listExemptions(options?: {
    entityRef?: string;
    includeRevoked?: boolean;
  }): Promise<StoredScorecardExemption[]>;
  /** A page of exemptions (revoked ones included), newest first by (createdAt, id). */
  pageExemptions(
    options?: { entityRef?: string } & PageOptions,
  ): Promise<ItemsPage<StoredScorecardExemption>>;
}
