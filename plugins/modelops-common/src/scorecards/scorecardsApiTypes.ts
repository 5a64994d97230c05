import type { ScorecardDescription } from './ScorecardEngine';
import type { ModelScorecardRow, ScorecardSummary } from './teams';
import type {
  CheckCounts,
  ExemptionState,
  ModelScorecardResult,
  ScorecardExemption,
} from './types';

/*
 * Wire types of the scorecards API of `@modelops/plugin-modelops-backend` (`/api/modelops/scorecards`),
 * shared by the backend (which serves them), the frontend client and the scaffolder's readiness gate,
 * so each shape is declared once (dates are ISO 8601 strings).
 */

/** An exemption as stored: the waiver plus its id, creation and revocation. */
export interface StoredScorecardExemption extends ScorecardExemption {
  id: string;
  createdAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

/** An exemption as the API returns it, with its state at the time of the request. */
export interface ScorecardExemptionView extends StoredScorecardExemption {
  state: ExemptionState | 'revoked';
}

/** `GET /scorecards/models/:namespace/:name`: a model's results on every scorecard, with its exemptions. */
export interface ModelScorecardResponse extends ModelScorecardResult {
  exemptions: ScorecardExemptionView[];
}

/** `GET /scorecards/definitions`. */
export interface ScorecardDefinitionsResponse {
  scorecards: ScorecardDescription[];
}

/** `GET /scorecards/teams/:namespace/:name`: a team's groups, level distributions and one row per model. */
export interface TeamScorecardResponse {
  team: { ref: string; title?: string };
  includeDescendants: boolean;
  groups: Array<{ ref: string; title?: string; modelCount: number }>;
  evaluatedAt: string;
  summary: ScorecardSummary[];
  models: ModelScorecardRow[];
}

/** A point of a model's history (`GET /scorecards/models/:namespace/:name/history`). */
export interface ModelHistoryPoint {
  takenAt: string;
  scorecard: string;
  level: number;
  blocked: boolean;
  counts: CheckCounts;
  failingChecks: string[];
}

/** A point of a team's trend: the level distribution of its models in one snapshot. */
export interface TeamHistoryPoint {
  takenAt: string;
  scorecard: string;
  modelCount: number;
  averageLevel: number;
  /** Level → number of models. */
  levels: Record<string, number>;
}

/** `GET /scorecards/teams/:namespace/:name/history`: the groups it covers and the points, oldest first. */
export interface TeamHistoryResponse {
  groups: string[];
  items: TeamHistoryPoint[];
  /** Present when more points follow: pass it back as `cursor` for the next page. */
  nextCursor?: string;
}

/**
 * `GET /scorecards/catalog`: the whole catalog's distributions and a page of model rows
 * (`nextCursor` when more follow).
 */
export interface CatalogScorecardResponse {
  evaluatedAt: string;
  modelCount: number;
  summary: ScorecardSummary[];
  /** Models per owner, most models first (`(none)` for models without an owner). */
  owners: Array<{ owner: string; title?: string; modelCount: number }>;
  items: ModelScorecardRow[];
  /** Present when more models follow: pass it back as `cursor` for the next page. */
  nextCursor?: string;
}

/**
 * `GET /scorecards/teams/:namespace/:name/models`: a page of a team's models, sorted and filtered
 * on the server (`nextCursor` when more follow), for a table of any size.
 */
export interface TeamScorecardModelsResponse {
  evaluatedAt: string;
  /** Every model matching the query (all pages). */
  total: number;
  items: ModelScorecardRow[];
  /** Present when more models follow: pass it back as `cursor` for the next page. */
  nextCursor?: string;
}

/**
 * Query of {@link TeamScorecardModelsResponse}: `sort` is `name` (default), `failing` (failing
 * checks) or a scorecard id (least ready first); `scorecard` with `level` keeps the models at that
 * level.
 */
export interface TeamScorecardModelsQuery {
  includeDescendants?: boolean;
  sort?: string;
  order?: 'asc' | 'desc';
  scorecard?: string;
  level?: number;
  limit?: number;
  cursor?: string;
}

/** A snapshot batch (`GET`/`POST /scorecards/snapshots`). */
export interface ScorecardSnapshotBatch {
  id: string;
  takenAt: string;
  trigger: 'schedule' | 'manual';
  modelCount: number;
  durationMs: number;
}

/** Body of `POST /scorecards/exemptions`. */
export interface CreateScorecardExemptionRequest {
  entityRef: string;
  checkId: string;
  /** Restrict to one scorecard; all scorecards when absent. */
  scorecard?: string | null;
  reason: string;
  /** ISO 8601, in the future and within `modelops.scorecards.maxExemptionDays`. */
  expiresAt: string;
}
