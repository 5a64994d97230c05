import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ownerRefOf } from '../model/ownerRef';
import { BuiltinCheckOptions, createBuiltinChecks } from './builtinChecks';
import {
  PlacedScorecardCheck,
  parseCustomChecks,
  ScorecardConfigError,
} from './customChecks';
import { BUILTIN_SCORECARDS } from './definitions';
import { findActiveExemption } from './exemptions';
import type {
  CheckOutcome,
  CheckResult,
  ModelScorecardResult,
  ScorecardCheck,
  ScorecardCheckInfo,
  ScorecardDefinition,
  ScorecardExemption,
  ScorecardFacts,
  ScorecardFactSource,
  ScorecardResult,
} from './types';

/** Options of {@link ScorecardEngine.create}. */
export interface ScorecardEngineOptions {
  /** Thresholds of the built-in checks. */
  builtin?: Partial<BuiltinCheckOptions>;
  /** Raw `modelops.scorecards.checks` config (validated here). */
  customChecks?: unknown;
  /** Checks added by backend modules (extension point), with their placements. */
  extraChecks?: PlacedScorecardCheck[];
}

/** A scorecard as the API describes it: its levels and the checks at each level. */
export interface ScorecardDescription
  extends Omit<ScorecardDefinition, 'checks'> {
  checks: Array<ScorecardCheckInfo & { level: number }>;
}

/** The lowercase entity ref of an entity. */
export function entityRefOf(entity: Entity): string {
  return stringifyEntityRef(entity).toLocaleLowerCase('en-US');
}

function info(check: ScorecardCheck): ScorecardCheckInfo {
  const { evaluate: _evaluate, ...rest } = check;
  return rest;
}

/**
 * Evaluates models against scorecards. A model holds level N of a scorecard when every applicable
 * check at levels ≤ N passes (a waived failure counts as passing); a check that could not be
 * evaluated (a fact source is absent) does not prove anything, so it holds the level back too; a
 * blocking failure pins the model at the floor level. Pure: no I/O, time comes from the facts.
 */
export class ScorecardEngine {
  private readonly checks = new Map<string, ScorecardCheck>();
  readonly scorecards: ScorecardDefinition[];

  /** Builds the engine with the built-in checks and scorecards, custom config checks and module checks. */
  static create(options: ScorecardEngineOptions = {}): ScorecardEngine {
    const builtin = createBuiltinChecks(options.builtin);
    const extra = options.extraChecks ?? [];
    const custom = parseCustomChecks(options.customChecks, {
      scorecards: BUILTIN_SCORECARDS,
      reservedIds: [...builtin.map(c => c.id), ...extra.map(e => e.check.id)],
    });
    return new ScorecardEngine(BUILTIN_SCORECARDS, builtin, [
      ...extra,
      ...custom,
    ]);
  }

  constructor(
    scorecards: ScorecardDefinition[],
    checks: ScorecardCheck[],
    placed: PlacedScorecardCheck[] = [],
  ) {
    const problems: string[] = [];
    for (const check of [...checks, ...placed.map(p => p.check)]) {
      if (this.checks.has(check.id))
        problems.push(`check id "${check.id}" is used twice`);
      this.checks.set(check.id, check);
    }
    const defs = scorecards.map(s => ({
      ...s,
      levels: [...s.levels].sort((a, b) => a.level - b.level),
      checks: [...s.checks],
    }));
    for (const { check, placements } of placed) {
      for (const p of placements) {
        const def = defs.find(s => s.id === p.scorecard);
        if (!def)
          problems.push(
            `check ${check.id}: unknown scorecard "${p.scorecard}"`,
          );
        else if (
          !def.levels.some(l => l.level === p.level) ||
          p.level === def.levels[0].level
        ) {
          problems.push(
            `check ${check.id}: scorecard ${def.id} has no level ${p.level} that takes checks`,
          );
        } else def.checks.push({ checkId: check.id, level: p.level });
      }
    }
    for (const def of defs) {
      for (const c of def.checks) {
        if (!this.checks.has(c.checkId))
          problems.push(
            `scorecard ${def.id} lists unknown check "${c.checkId}"`,
          );
      }
    }
    if (problems.length > 0) throw new ScorecardConfigError(problems);
    this.scorecards = defs;
  }

  /** Every check's description. */
  listChecks(): ScorecardCheckInfo[] {
    return [...this.checks.values()].map(info);
  }

  /** The scorecards with their levels and checks, for documentation and UIs. */
  describe(): ScorecardDescription[] {
    return this.scorecards.map(s => ({
      ...s,
      checks: s.checks.map(c => ({
        ...info(this.checks.get(c.checkId)!),
        level: c.level,
      })),
    }));
  }

  private run(check: ScorecardCheck, facts: ScorecardFacts): CheckOutcome {
    const missing = check.requires.filter(
      source => facts[source] === undefined,
    );
    if (missing.length > 0 && !check.handlesMissingSources) {
      // Not "not applicable": the check concerns the model, it just cannot be proven here.
      return {
        status: 'not-evaluated',
        evidence: [`needs ${missing.join(', ')} facts, not available here`],
      };
    }
    try {
      return check.evaluate(facts);
    } catch (e) {
      return {
        status: 'fail',
        evidence: [`check failed to evaluate: ${(e as Error).message}`],
      };
    }
  }

  /** Evaluates one model on every scorecard. */
  evaluate(
    facts: ScorecardFacts,
    exemptions: ScorecardExemption[] = [],
  ): ModelScorecardResult {
    const entityRef = entityRefOf(facts.entity);
    const outcomes = new Map<string, CheckOutcome>();
    const outcomeOf = (id: string) => {
      let o = outcomes.get(id);
      if (!o) {
        o = this.run(this.checks.get(id)!, facts);
        outcomes.set(id, o);
      }
      return o;
    };

    const scorecards = this.scorecards.map((def): ScorecardResult => {
      const checks = def.checks
        .map((placement, order) => ({ placement, order }))
        .sort(
          (a, b) => a.placement.level - b.placement.level || a.order - b.order,
        )
        .map(({ placement }): CheckResult => {
          const check = this.checks.get(placement.checkId)!;
          const outcome = outcomeOf(check.id);
          const blocking = outcome.status === 'fail' && !!outcome.blocking;
          const result: CheckResult = {
            checkId: check.id,
            title: check.title,
            description: check.description,
            citations: check.citations,
            howToFix: check.howToFix,
            level: placement.level,
            status: outcome.status,
            evidence: outcome.evidence,
            blocking,
          };
          if (outcome.status === 'fail' && !blocking) {
            const waiver = findActiveExemption(
              exemptions,
              entityRef,
              check.id,
              def.id,
              facts.now,
            );
            if (waiver) {
              result.status = 'waived';
              result.exemption = {
                id: waiver.id,
                reason: waiver.reason,
                requestedBy: waiver.requestedBy,
                approvedBy: waiver.approvedBy,
                expiresAt: waiver.expiresAt,
              };
            }
          }
          return result;
        });

      const floor = def.levels[0];
      const top = def.levels[def.levels.length - 1];
      const blocked = checks.some(c => c.blocking);
      // A level is held only when proven: a check not evaluated holds it back like a failure.
      const highest = (holdsBack: (c: CheckResult) => boolean) => {
        let held = floor;
        if (!blocked) {
          for (const level of def.levels.slice(1)) {
            if (checks.some(c => c.level <= level.level && holdsBack(c))) break;
            held = level;
          }
        }
        return held;
      };
      const held = highest(
        c => c.status === 'fail' || c.status === 'not-evaluated',
      );
      const ceiling = highest(c => c.status === 'fail');
      const notEvaluated = checks.filter(c => c.status === 'not-evaluated');
      const nextLevel = def.levels.find(l => l.level > held.level);
      return {
        scorecard: def.id,
        title: def.title,
        level: held.level,
        levelName: held.name,
        maxLevel: top.level,
        blocked,
        next: nextLevel
          ? {
              level: nextLevel.level,
              name: nextLevel.name,
              failingChecks: checks
                .filter(
                  c =>
                    c.status === 'fail' &&
                    (c.blocking || c.level <= nextLevel.level),
                )
                .map(c => c.checkId),
              notEvaluatedChecks: notEvaluated
                .filter(c => c.level <= nextLevel.level)
                .map(c => c.checkId),
            }
          : null,
        ...(notEvaluated.length > 0
          ? { ceiling: { level: ceiling.level, name: ceiling.name } }
          : {}),
        counts: {
          pass: checks.filter(c => c.status === 'pass').length,
          fail: checks.filter(c => c.status === 'fail').length,
          notApplicable: checks.filter(c => c.status === 'not-applicable')
            .length,
          notEvaluated: notEvaluated.length,
          waived: checks.filter(c => c.status === 'waived').length,
        },
        checks,
      };
    });

    const sources: ScorecardFactSource[] = (
      ['catalog', 'drift', 'approvals'] as const
    ).filter(s => facts[s] !== undefined);
    const owner = ownerRefOf(facts.entity);
    return {
      entityRef,
      ...(facts.entity.metadata.title
        ? { title: facts.entity.metadata.title }
        : {}),
      ...(owner ? { owner } : {}),
      evaluatedAt: facts.now.toISOString(),
      factSources: sources,
      scorecards,
    };
  }
}
