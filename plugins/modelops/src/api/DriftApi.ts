import { createApiRef } from '@backstage/core-plugin-api';
import type {
  DriftHistoryPoint,
  DriftHistoryRequest,
  DriftHistorySeriesRequest,
  DriftHistorySeriesResponse,
  DriftReference,
  DriftRun,
  DriftRunPage,
  DriftStatus,
  ListDriftRunsRequest,
} from '@modelops/plugin-modelops-common';

// The wire types live in @modelops/plugin-modelops-common (shared with the backend).
export type {
  DriftFeatureSummary,
  DriftHistoryPoint,
  DriftHistoryRequest,
  DriftHistorySeries,
  DriftHistorySeriesRequest,
  DriftHistorySeriesResponse,
  DriftReference,
  DriftReferenceSummary,
  DriftRun,
  DriftRunPage,
  DriftRunReport,
  DriftRunReportFeature,
  DriftStatus,
  ListDriftRunsRequest,
} from '@modelops/plugin-modelops-common';

/**
 * Reads drift monitoring data of Model entities from the modelops backend.
 *
 * @public
 */
export interface DriftApi {
  /** Latest status: newest reference and newest run. */
  getStatus(entityRef: string): Promise<DriftStatus>;
  /** Runs, newest first, paged. */
  listRuns(
    entityRef: string,
    request?: ListDriftRunsRequest,
  ): Promise<DriftRunPage>;
  /** One run with its full report, or undefined when there is none with that id. */
  getRun(entityRef: string, runId: string): Promise<DriftRun | undefined>;
  /** Per-feature history, oldest first: every point (for exports; charts use getHistorySeries). */
  getHistory(
    entityRef: string,
    request?: DriftHistoryRequest,
  ): Promise<DriftHistoryPoint[]>;
  /**
   * The history for charts: one column-oriented series per feature and method, down-sampled by
   * the server to `maxPoints` per series (drift onsets and the latest window are always kept).
   */
  getHistorySeries(
    entityRef: string,
    request?: DriftHistorySeriesRequest,
  ): Promise<DriftHistorySeriesResponse>;
  /** A reference profile by id, or the newest (`latest`); undefined when there is none. */
  getReference(
    entityRef: string,
    id: 'latest' | string,
  ): Promise<DriftReference | undefined>;
  /**
   * Acknowledges the drift of a run with a comment (members of the owning team); returns the run.
   * Optional, so existing implementations keep compiling; the UI hides the action without it.
   */
  acknowledgeRun?(
    entityRef: string,
    runId: string,
    comment: string,
  ): Promise<DriftRun>;
}

/**
 * API ref of the {@link DriftApi}.
 *
 * @public
 */
export const driftApiRef = createApiRef<DriftApi>({
  id: 'plugin.modelops.drift',
});
