import type { DatasetDriftResult, NumericDriftMetrics } from './compare';
import type { FeatureKind, ReferenceProfile } from './profile';
import type { DriftMethod } from './settings';

/*
 * Wire types of the drift API of `@modelops/plugin-modelops-backend` (`/api/modelops/drift`),
 * shared by the backend (which stores and serves them) and every client (dates are ISO 8601 strings).
 */

/** Per-feature summary of a drift run, as indexed for history queries. */
export interface DriftFeatureSummary {
  name: string;
  kind: FeatureKind;
  method: DriftMethod;
  value: number | null;
  threshold: number | null;
  drift: boolean;
  /** `ok`, or why no verdict was possible (`insufficient-data`, `no-reference-data`). */
  status: string;
}

/** One feature of a stored report: the summary plus the engine's metrics and counts. */
export interface DriftRunReportFeature extends DriftFeatureSummary {
  nReference?: number;
  nCurrent?: number;
  missingReference?: number;
  missingCurrent?: number;
  /** ks, wasserstein, wassersteinNormed, psi, jensenShannon, chiSquare, discrete (see the engine). */
  metrics?: Partial<NumericDriftMetrics> & Record<string, unknown>;
  /** True when the reference values were a quantile sketch. */
  approximate?: boolean;
}

/**
 * The report stored with a run: the engine's {@link DatasetDriftResult} for runs computed by the
 * portal from rows; a CLI report (same shape, possibly fewer fields) for pushed reports.
 */
export interface DriftRunReport
  extends Partial<
    Omit<DatasetDriftResult, 'features' | 'driftShare' | 'datasetDrift'>
  > {
  features: DriftRunReportFeature[];
  driftShare: number;
  datasetDrift: boolean;
}

/** A drift run: one evaluated window of production data. */
export interface DriftRun {
  id: string;
  entityRef: string;
  /** Client-chosen id; submitting the same id twice stores one run. */
  runId: string;
  referenceId: string | null;
  modelVersion: string | null;
  windowStart: string | null;
  windowEnd: string;
  /** `ok` or `insufficient-data`. */
  status: string;
  datasetDrift: boolean;
  driftShare: number;
  featureCount: number;
  driftedCount: number;
  source: 'rows' | 'report';
  submittedBy: string;
  createdAt: string;
  /** Present from `getRun`, the status, and listings with `includeReport`. */
  report?: DriftRunReport;
  /** Who acknowledged this run's drift, when and why; null until someone does. */
  acknowledgement: DriftAcknowledgement | null;
}

/** The acknowledgement of a run's drift: seen, assessed, and why no action is needed now. */
export interface DriftAcknowledgement {
  /** The user who acknowledged it (entity ref). */
  by: string;
  at: string;
  comment: string;
}

/** Body of `POST /drift/models/:namespace/:name/runs/:runId/acknowledgement`. */
export interface AcknowledgeDriftRequest {
  comment: string;
}

/** A reference profile, without the profile itself (as listed). */
export interface DriftReferenceSummary {
  id: string;
  entityRef: string;
  modelVersion: string | null;
  featureCount: number;
  rowCount: number;
  createdBy: string;
  createdAt: string;
}

/** A reference profile with its data. */
export interface DriftReference extends DriftReferenceSummary {
  profile: ReferenceProfile;
}

/** Latest drift status of a model. */
export interface DriftStatus {
  entityRef: string;
  hasReference: boolean;
  /** The newest reference (without its profile), or null. */
  reference: DriftReferenceSummary | null;
  /** The newest run (by window end) with its report, or null. */
  lastRun: DriftRun | null;
  /** The model's scheduled source (`spec.monitoring.drift.source`) and its newest attempt, or null. */
  source?: DriftSourceStatus | null;
}

/** A scheduled drift source as the status shows it (never its SQL: that stays in the entity). */
export interface DriftSourceStatus {
  /** The app-config connection it runs on. */
  connection: string;
  /** ISO 8601 duration, e.g. `P1D`. */
  cadence: string;
  /** ISO 8601 duration (the cadence when the entity gives none). */
  window: string;
  /** ISO 8601 duration the closing times are shifted by (`P1D` + `PT6H`: 06:00 UTC); absent without. */
  offset?: string;
  /** The newest scheduled attempt, or null before the first. */
  lastAttempt: DriftSourceAttempt | null;
}

/** One scheduled evaluation of a source's window. */
export interface DriftSourceAttempt {
  windowStart: string;
  windowEnd: string;
  /** `running`, `succeeded`, `failed` (the query or the evaluation failed) or `refused` (the connection does not allow the model). */
  status: 'running' | 'succeeded' | 'failed' | 'refused';
  /** The database's or the service's message for a failed or refused attempt. */
  error: string | null;
  /** The stored drift run of a succeeded attempt. */
  runId: string | null;
  connection: string;
  startedAt: string;
  finishedAt: string | null;
}

/** One point of a feature's drift history. */
export interface DriftHistoryPoint {
  feature: string;
  runId: string;
  windowEnd: string;
  method: DriftMethod;
  value: number | null;
  threshold: number | null;
  drift: boolean;
  status: string;
}

/** Options of the runs listing. */
export interface ListDriftRunsRequest {
  /** ISO 8601 date-time: windows ending at or after. */
  from?: string;
  /** ISO 8601 date-time: windows ending at or before. */
  to?: string;
  /** Page size, 1–500 (server default 50). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** Include each run's full report. */
  includeReport?: boolean;
}

/** A page of runs, newest first. */
export interface DriftRunPage {
  items: DriftRun[];
  nextCursor?: string;
}

/** Options of the history query. */
export interface DriftHistoryRequest {
  /** One feature; all features when omitted. */
  feature?: string;
  from?: string;
  to?: string;
}
