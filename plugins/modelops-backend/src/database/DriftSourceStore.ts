import type { DriftSourceAttempt } from '@modelops/plugin-modelops-common';

/** A scheduled source's attempt at one window (the wire type of the drift status). */
export type StoredDriftSourceAttempt = DriftSourceAttempt;

/** What the scheduler claims before it runs a window. */
export interface DriftSourceClaim {
  entityRef: string;
  windowStart: string;
  windowEnd: string;
  connection: string;
  startedAt: string;
  /** A claim still `running` that started before this is taken over (its replica died). */
  staleBefore: string;
}

/**
 * The attempts of scheduled drift sources: at most one per model and window, so two replicas (or
 * two ticks) never run the same window twice. Implemented with knex in
 * {@link DatabaseDriftSourceStore}.
 */
export interface DriftSourceStore {
  /**
   * Claims a window; returns a token when this caller holds it (a new attempt, or a stale
   * `running` one taken over), undefined when the window was attempted already.
   */
  claim(claim: DriftSourceClaim): Promise<string | undefined>;
  /** Records how a claimed attempt ended (only by the holder of the token). */
  finish(
    entityRef: string,
    windowEnd: string,
    token: string,
    outcome: {
      status: 'succeeded' | 'failed' | 'refused';
      error: string | null;
      runId: string | null;
      finishedAt: string;
    },
  ): Promise<void>;
  /** The newest attempt (by window end) of a model. */
  latestAttempt(
    entityRef: string,
  ): Promise<StoredDriftSourceAttempt | undefined>;
}
