import type {
  CheckCounts,
  CreateScorecardExemptionRequest,
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
  /** Oldest first. */
  modelHistory(
    entityRef: string,
    query: HistoryQuery,
  ): Promise<ModelHistoryPoint[]>;
  /** Oldest first; aggregates the models whose owner (at snapshot time) is one of `ownerRefs`. */
  teamHistory(
    ownerRefs: string[],
    query: HistoryQuery,
  ): Promise<TeamHistoryPoint[]>;
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
  /** Exemptions, newest first; revoked ones only with `includeRevoked`. */
  listExemptions(options?: {
    entityRef?: string;
    includeRevoked?: boolean;
  }): Promise<StoredScorecardExemption[]>;
}
