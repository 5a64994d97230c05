import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ExemptionState,
  ModelScorecardResult,
  ModelScorecardRow,
  ScorecardExemption,
  ScorecardSummary,
} from '@modelops/plugin-modelops-common';

/** An exemption as the API returns it, with its current state. */
export type ScorecardExemptionView = ScorecardExemption & {
  id: string;
  state: ExemptionState | 'revoked';
  revokedAt?: string | null;
};

/** `GET /scorecards/models/:namespace/:name`. */
export type ModelScorecardResponse = ModelScorecardResult & { exemptions: ScorecardExemptionView[] };

/** `GET /scorecards/teams/:namespace/:name`. */
export interface TeamScorecardResponse {
  team: { ref: string; title?: string };
  includeDescendants: boolean;
  groups: Array<{ ref: string; title?: string; modelCount: number }>;
  evaluatedAt: string;
  summary: ScorecardSummary[];
  models: ModelScorecardRow[];
}

/** A point of a team's trend: the level distribution of its models in one snapshot. */
export interface TeamHistoryPoint {
  takenAt: string;
  scorecard: string;
  modelCount: number;
  averageLevel: number;
  levels: Record<string, number>;
}

/**
 * Scorecard results from the modelops backend.
 *
 * @public
 */
export interface ScorecardsApi {
  /** A model's results on every scorecard, with its exemptions. */
  getModelScorecard(entityRef: string): Promise<ModelScorecardResponse>;
  /** A team's models and level distributions; child teams included unless `includeDescendants` is false. */
  getTeamScorecard(teamRef: string, options?: { includeDescendants?: boolean }): Promise<TeamScorecardResponse>;
  /** A team's trend from the scheduled snapshots, oldest first. */
  getTeamHistory(teamRef: string, options?: { scorecard?: string; from?: string }): Promise<TeamHistoryPoint[]>;
}

/**
 * API reference of {@link ScorecardsApi}.
 *
 * @public
 */
export const scorecardsApiRef = createApiRef<ScorecardsApi>({ id: 'plugin.modelops.scorecards' });
