import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ModelScorecardResponse,
  TeamHistoryPoint,
  TeamScorecardModelsQuery,
  TeamScorecardModelsResponse,
  TeamScorecardResponse,
} from '@modelops/plugin-modelops-common';

// The wire types live in @modelops/plugin-modelops-common (shared with the backend and the
// scaffolder's readiness gate); re-exported here for the plugin's public surface.
export type {
  ModelScorecardResponse,
  ScorecardExemptionView,
  TeamHistoryPoint,
  TeamScorecardModelsQuery,
  TeamScorecardModelsResponse,
  TeamScorecardResponse,
} from '@modelops/plugin-modelops-common';

/**
 * Scorecard results from the modelops backend.
 *
 * @public
 */
export interface ScorecardsApi {
  /** A model's results on every scorecard, with its exemptions. */
  getModelScorecard(entityRef: string): Promise<ModelScorecardResponse>;
  /** A team's models and level distributions; child teams included unless `includeDescendants` is false. */
  getTeamScorecard(
    teamRef: string,
    options?: {
      includeDescendants?: boolean;
      /** false: the roll-up only (groups and summary), `models` empty. */
      includeModels?: boolean;
    },
  ): Promise<TeamScorecardResponse>;
  /**
   * A page of a team's models with their levels, sorted and filtered on the server (for a table of
   * any size; pass `nextCursor` back as `cursor` for the next page).
   */
  getTeamModels(
    teamRef: string,
    query?: TeamScorecardModelsQuery,
  ): Promise<TeamScorecardModelsResponse>;
  /**
   * A team's trend from the scheduled snapshots, oldest first; child teams included unless
   * `includeDescendants` is false (the same models as {@link ScorecardsApi.getTeamScorecard}).
   * The route is cursor-paged; the client reads every page (500 points each).
   */
  getTeamHistory(
    teamRef: string,
    options?: {
      scorecard?: string;
      from?: string;
      includeDescendants?: boolean;
    },
  ): Promise<TeamHistoryPoint[]>;
}

/**
 * API reference of {@link ScorecardsApi}.
 *
 * @public
 */
export const scorecardsApiRef = createApiRef<ScorecardsApi>({
  id: 'plugin.modelops.scorecards',
});
