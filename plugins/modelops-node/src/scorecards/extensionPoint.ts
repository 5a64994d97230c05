import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type {
  ScorecardCheck,
  ScorecardCheckPlacement,
} from '@modelops/plugin-modelops-common';

/**
 * Lets backend modules add scorecard checks to the modelops backend, e.g. a check that reads a
 * fairness report from an internal system. A check is pure over the facts it is given; declare
 * the fact sources it needs in `requires` and it is reported not-evaluated (holding its level back)
 * where they are absent.
 *
 * @public
 */
export interface ModelopsScorecardChecksExtensionPoint {
  /**
   * Adds a check at one or more scorecard levels (`{ scorecard: 'production-readiness', level: 2 }`).
   * Ids must be unique across built-in, config and module checks; a clash fails backend startup.
   */
  addCheck(
    check: ScorecardCheck,
    placements: ScorecardCheckPlacement | ScorecardCheckPlacement[],
  ): void;
}

/**
 * Extension point for scorecard checks. Use it from a backend module of the `modelops` plugin:
 *
 * ```ts
 * createBackendModule({
 *   pluginId: 'modelops',
 *   moduleId: 'fairness-check',
 *   register(reg) {
 *     reg.registerInit({
 *       deps: { scorecards: modelopsScorecardChecksExtensionPoint },
 *       async init({ scorecards }) {
 *         scorecards.addCheck(fairnessCheck, { scorecard: 'production-readiness', level: 3 });
 *       },
 *     });
 *   },
 * });
 * ```
 *
 * @public
 */
export const modelopsScorecardChecksExtensionPoint =
  createExtensionPoint<ModelopsScorecardChecksExtensionPoint>({
    id: 'modelops.scorecard-checks',
  });
