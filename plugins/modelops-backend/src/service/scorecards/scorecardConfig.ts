import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService as Config,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  BuiltinCheckOptions,
  parseExemptionConfig,
  ScorecardConfigError,
  ScorecardEngine,
  ScorecardExemption,
  PlacedScorecardCheck,
} from '@modelops/plugin-modelops-common';
import { parseGroupRefs } from '../callers';

/** Settings of the scorecards feature, read from `modelops.scorecards`. */
export interface ScorecardSettings {
  engine: ScorecardEngine;
  configExemptions: ScorecardExemption[];
  cacheTtlMs: number;
  maxExemptionDays: number;
  snapshots: {
    enabled: boolean;
    schedule: SchedulerServiceTaskScheduleDefinition;
    retentionDays: number;
  };
  /** Approval facts are used only when approval policies are configured. */
  approvalsEnabled: boolean;
  /**
   * Groups whose members approve (and revoke) exemptions, from
   * `modelops.scorecards.exemptionApprovers`; empty = nobody approves through the API.
   */
  exemptionApprovers: string[];
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 6 },
  timeout: { minutes: 15 },
  initialDelay: { minutes: 1 },
};

function thresholds(config: Config): Partial<BuiltinCheckOptions> {
  const t = config.getOptionalConfig('modelops.scorecards.thresholds');
  if (!t) return {};
  const review = t.getOptionalConfig('reviewIntervalMonths');
  const out: Partial<BuiltinCheckOptions> = {};
  const drift = t.getOptionalNumber('driftMaxAgeDays');
  if (drift !== undefined) out.driftMaxAgeDays = drift;
  const min = t.getOptionalNumber('minDocumentationLength');
  if (min !== undefined) out.minDocumentationLength = min;
  if (review) {
    out.reviewIntervalMonths = {
      high: review.getOptionalNumber('high') ?? 12,
      medium: review.getOptionalNumber('medium') ?? 24,
      low: review.getOptionalNumber('low') ?? 36,
    };
  }
  return out;
}

/**
 * Reads `modelops.scorecards` and builds the engine (built-in + custom + module checks). Bad
 * custom checks or exemptions fail backend startup with every problem listed.
 */
export function readScorecardSettings(
  config: Config,
  extraChecks: PlacedScorecardCheck[] = [],
): ScorecardSettings {
  const engine = ScorecardEngine.create({
    builtin: thresholds(config),
    customChecks: config.getOptional('modelops.scorecards.checks'),
    extraChecks,
  });
  const configExemptions = parseExemptionConfig(
    config.getOptional('modelops.scorecards.exemptions'),
    {
      checkIds: engine.listChecks().map(c => c.id),
    },
  );
  const snapshots = config.getOptionalConfig('modelops.scorecards.snapshots');
  const scheduleConfig = snapshots?.getOptionalConfig('schedule');
  const cacheTtlSeconds =
    config.getOptionalNumber('modelops.scorecards.cacheTtlSeconds') ?? 60;
  if (cacheTtlSeconds < 0)
    throw new ScorecardConfigError([
      'modelops.scorecards.cacheTtlSeconds must be ≥ 0',
    ]);
  const policies = config.getOptional('modelops.approvals.policies');
  return {
    engine,
    configExemptions,
    cacheTtlMs: cacheTtlSeconds * 1000,
    maxExemptionDays:
      config.getOptionalNumber('modelops.scorecards.maxExemptionDays') ?? 365,
    snapshots: {
      enabled: snapshots?.getOptionalBoolean('enabled') ?? true,
      schedule: scheduleConfig
        ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
        : DEFAULT_SCHEDULE,
      retentionDays: snapshots?.getOptionalNumber('retentionDays') ?? 400,
    },
    approvalsEnabled: Array.isArray(policies) && policies.length > 0,
    exemptionApprovers: parseGroupRefs(
      config.getOptionalStringArray('modelops.scorecards.exemptionApprovers'),
      'modelops.scorecards.exemptionApprovers',
    ),
  };
}
