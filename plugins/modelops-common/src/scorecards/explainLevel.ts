import type { CheckResult, ScorecardResult } from './types';

/** A check that keeps a model from the next level of a scorecard, and how to fix it. */
export interface LevelBlocker {
  /** The check's id, e.g. `model-card`. */
  checkId: string;
  /** The check's title. */
  title: string;
  /** The level the check sits at. */
  level: number;
  /** `fail`: fix it; `not-evaluated`: a fact source was absent, it may pass where it is available. */
  status: 'fail' | 'not-evaluated';
  /** A blocking failure pins the model at the floor level and cannot be waived. */
  blocking: boolean;
  /** What the check looked at, one short line each. */
  evidence: string[];
  /** One line: what to change so the check passes. */
  howToFix: string;
}

/** Why a model holds its level on one scorecard and not the next one. */
export interface LevelExplanation {
  /** The scorecard's id, e.g. `production-readiness`. */
  scorecard: string;
  /** The scorecard's title. */
  title: string;
  /** The level held (proven by this evaluation). */
  level: number;
  /** The name of the level held. */
  levelName: string;
  /** The top level of the scorecard. */
  maxLevel: number;
  /** A blocking failure pins the model at the floor level. */
  blocked: boolean;
  /** The next level, or null at the top level. */
  next: { level: number; name: string } | null;
  /** Blocking failures first, then other failures by level, then checks not evaluated here. */
  blockers: LevelBlocker[];
  /** Failures up to the next level that an active exemption waives (they do not hold it back). */
  waived: Array<{ checkId: string; title: string; expiresAt?: string }>;
  /** One or two sentences for people and agents. */
  summary: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function blockerOf(check: CheckResult): LevelBlocker {
  return {
    checkId: check.checkId,
    title: check.title,
    level: check.level,
    status: check.status === 'fail' ? 'fail' : 'not-evaluated',
    blocking: check.blocking,
    evidence: check.evidence,
    howToFix: check.howToFix,
  };
}

/**
 * Explains a scorecard result: the level held, the next level and the checks that stop the model
 * from holding it, each with its evidence and how to fix it. Uses the engine's own `next` (the
 * failing and not-evaluated check ids), so it never disagrees with the level shown elsewhere.
 */
export function explainScorecardLevel(
  result: ScorecardResult,
): LevelExplanation {
  const byId = new Map(result.checks.map(c => [c.checkId, c]));
  const next = result.next;
  const failing = (next?.failingChecks ?? [])
    .map(id => byId.get(id))
    .filter((c): c is CheckResult => !!c)
    .sort(
      (a, b) => Number(b.blocking) - Number(a.blocking) || a.level - b.level,
    );
  const notEvaluated = (next?.notEvaluatedChecks ?? [])
    .map(id => byId.get(id))
    .filter((c): c is CheckResult => !!c);
  const blockers = [...failing, ...notEvaluated].map(blockerOf);
  const waived = result.checks
    .filter(c => c.status === 'waived' && (!next || c.level <= next.level))
    .map(c => ({
      checkId: c.checkId,
      title: c.title,
      ...(c.exemption?.expiresAt ? { expiresAt: c.exemption.expiresAt } : {}),
    }));

  const held = `${result.title}: holds ${result.levelName} (level ${result.level} of ${result.maxLevel})`;
  let summary: string;
  if (!next) {
    summary = `${held}, the top level.`;
  } else if (result.blocked) {
    const ids = failing.filter(c => c.blocking).map(c => c.checkId);
    summary = `${held}, blocked by ${ids.join(
      ', ',
    )}: a blocking failure cannot be waived and pins the model at the floor until it is fixed.`;
  } else if (blockers.length === 0) {
    summary = `${held}; nothing holds back ${next.name}.`;
  } else {
    const parts = [
      ...(failing.length
        ? [
            `fix ${plural(failing.length, 'failing check')} (${failing
              .map(c => c.checkId)
              .join(', ')})`,
          ]
        : []),
      ...(notEvaluated.length
        ? [
            `${plural(
              notEvaluated.length,
              'check',
            )} could not be evaluated here (${notEvaluated
              .map(c => c.checkId)
              .join(', ')})`,
          ]
        : []),
    ];
    summary = `${held}. To reach ${next.name} (level ${
      next.level
    }): ${parts.join('; ')}.`;
  }

  return {
    scorecard: result.scorecard,
    title: result.title,
    level: result.level,
    levelName: result.levelName,
    maxLevel: result.maxLevel,
    blocked: result.blocked,
    next: next ? { level: next.level, name: next.name } : null,
    blockers,
    waived,
    summary,
  };
}
