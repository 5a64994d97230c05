import { z } from 'zod';
import {
  MODEL_RISK_TIERS,
  MODEL_VERSION_STAGES,
  ModelRiskTier,
  ModelVersionStage,
} from '../model';
import {
  BUILTIN_SCORECARDS,
  READINESS_SCORECARD_ID,
} from '../scorecards/definitions';
import type { ScorecardDefinition } from '../scorecards/types';
import type { ApprovalRequirement } from './ApprovalRequest';

/** The pseudo group that stands for the model's owning group in a requirement. */
export const OWNER_PSEUDO_GROUP = 'owner';

/**
 * The lowest scorecard level a model must hold for a promotion under a policy (e.g. Silver of
 * production-readiness). Set by the platform in config, never by the requester; enforced by the
 * backend when a promotion is recorded and read by the `modelops:readiness:gate` action.
 */
export interface ApprovalReadinessRequirement {
  /** Scorecard id, e.g. `production-readiness`. */
  scorecard: string;
  /** The minimum level number. */
  level: number;
  /** The level's name, e.g. `Silver`. */
  levelName: string;
}

/** An approval policy: which approvals a stage transition of a model needs. */
export interface ApprovalPolicy {
  id: string;
  title?: string;
  /** Risk tiers the policy applies to; all when empty. Models without a tier count as `high`. */
  riskTiers: ModelRiskTier[];
  /** Target stages the policy applies to; all when empty. */
  targetStages: ModelVersionStage[];
  requirements: ApprovalRequirement[];
  /** Whether members of the model's owning group may approve (default false). */
  allowOwnerApproval: boolean;
  /** Hours after which a pending request expires. */
  expiresAfterHours: number;
  /** The minimum readiness of the model for the promotion; null: no minimum. */
  minimumReadiness: ApprovalReadinessRequirement | null;
}

const DEFAULT_EXPIRY_HOURS = 24 * 7;

const groupRef = z
  .string({
    error:
      'must be a group entity ref such as group:default/model-risk-management, or "owner"',
  })
  .trim()
  .min(1, { error: 'must not be empty' })
  .transform(v => (v === OWNER_PSEUDO_GROUP ? v : normalizeGroupRef(v)));

const requirementSchema = z.strictObject({
  id: z.string().trim().min(1, { error: 'must be a non-empty id' }).optional(),
  title: z.string().optional(),
  group: groupRef.optional(),
  groups: z
    .array(groupRef)
    .min(1, { error: 'must list at least one group' })
    .optional(),
  count: z
    .number({ error: 'must be a number' })
    .int({ error: 'must be an integer' })
    .min(1, { error: 'must be at least 1' })
    .default(1),
});

const policySchema = z.strictObject({
  id: z
    .string({ error: 'is required' })
    .trim()
    .min(1, { error: 'must be a non-empty id' }),
  title: z.string().optional(),
  riskTiers: z
    .array(
      z.enum(MODEL_RISK_TIERS, {
        error: `must be one of ${MODEL_RISK_TIERS.join(', ')}`,
      }),
    )
    .default([]),
  targetStages: z
    .array(
      z.enum(MODEL_VERSION_STAGES, {
        error: `must be one of ${MODEL_VERSION_STAGES.join(', ')}`,
      }),
    )
    .default([]),
  requirements: z
    .array(requirementSchema)
    .min(1, { error: 'must list at least one requirement' }),
  allowOwnerApproval: z
    .boolean({ error: 'must be true or false' })
    .default(false),
  expiresAfterHours: z
    .number({ error: 'must be a number' })
    .positive({ error: 'must be positive' })
    .default(DEFAULT_EXPIRY_HOURS),
  minimumReadiness: z
    .strictObject(
      {
        scorecard: z
          .string({ error: 'must be a scorecard id' })
          .trim()
          .min(1, { error: 'must be a scorecard id' })
          .default(READINESS_SCORECARD_ID),
        level: z.union(
          [
            z.number().int({ error: 'must be an integer' }),
            z.string().trim().min(1),
          ],
          {
            error:
              'is required: a level number or name of the scorecard, e.g. Silver',
          },
        ),
      },
      {
        error:
          'must be {scorecard, level}, e.g. {level: Silver} (scorecard defaults to production-readiness)',
      },
    )
    .optional(),
});

/** Lowercases a group ref and adds the default kind/namespace: `mrm` → `group:default/mrm`. */
export function normalizeGroupRef(ref: string): string {
  let kind = 'group';
  let rest = ref.trim();
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    kind = rest.slice(0, colon);
    rest = rest.slice(colon + 1);
  }
  const slash = rest.indexOf('/');
  const namespace = slash >= 0 ? rest.slice(0, slash) : 'default';
  const name = slash >= 0 ? rest.slice(slash + 1) : rest;
  return `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US');
}

/** A problem in the `modelops.approvals.policies` configuration. */
export interface ApprovalPolicyProblem {
  path: string;
  message: string;
}

/**
 * A policy's `minimumReadiness` with its level resolved against the scorecards (a name such as
 * `Silver`, case-insensitive, or a number); an Error naming the key when the scorecard or the level
 * does not exist.
 */
function resolveReadiness(
  raw: { scorecard: string; level: number | string } | undefined,
  key: string,
  scorecards: ScorecardDefinition[],
): ApprovalReadinessRequirement | null {
  if (!raw) return null;
  const card = scorecards.find(s => s.id === raw.scorecard);
  if (!card) {
    throw new Error(
      `Invalid approval policies: ${key}.scorecard "${
        raw.scorecard
      }" is not a scorecard (scorecards: ${scorecards
        .map(s => s.id)
        .join(', ')})`,
    );
  }
  const wanted = String(raw.level).toLocaleLowerCase('en-US');
  const level = card.levels.find(
    l =>
      String(l.level) === wanted ||
      l.name.toLocaleLowerCase('en-US') === wanted,
  );
  if (!level) {
    throw new Error(
      `Invalid approval policies: ${key}.level "${
        raw.level
      }" is not a level of ${card.id} (levels: ${card.levels
        .map(l => `${l.level} ${l.name}`)
        .join(', ')})`,
    );
  }
  return { scorecard: card.id, level: level.level, levelName: level.name };
}

/**
 * Parses `modelops.approvals.policies` (the raw config value). Throws an Error listing every
 * problem with its path (e.g. `policies[1].requirements[0].count must be at least 1`).
 * `minimumReadiness.level` is resolved against `scorecards` (default: the built-in scorecards).
 */
export function parseApprovalPolicies(
  raw: unknown,
  options: { scorecards?: ScorecardDefinition[] } = {},
): ApprovalPolicy[] {
  const scorecards = options.scorecards ?? BUILTIN_SCORECARDS;
  const result = z
    .array(policySchema, { error: 'must be a list of policies' })
    .safeParse(raw ?? []);
  if (!result.success) {
    const problems = result.error.issues.map(i => {
      const path = i.path.reduce<string>(
        (acc, p) =>
          typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${String(p)}`,
        'modelops.approvals.policies',
      );
      return `${path} ${i.message}`;
    });
    throw new Error(`Invalid approval policies: ${problems.join('; ')}`);
  }
  const ids = new Set<string>();
  return result.data.map((p, index) => {
    if (ids.has(p.id)) {
      throw new Error(
        `Invalid approval policies: modelops.approvals.policies[${index}].id "${p.id}" is used twice`,
      );
    }
    ids.add(p.id);
    const requirementIds = new Set<string>();
    const requirements = p.requirements.map((r, ri) => {
      const groups = [...(r.groups ?? []), ...(r.group ? [r.group] : [])];
      if (groups.length === 0) {
        throw new Error(
          `Invalid approval policies: modelops.approvals.policies[${index}].requirements[${ri}] needs group or groups`,
        );
      }
      const id =
        r.id ??
        (groups.length === 1
          ? groups[0].replace(/^group:default\//, '')
          : `requirement-${ri + 1}`);
      if (requirementIds.has(id)) {
        throw new Error(
          `Invalid approval policies: modelops.approvals.policies[${index}].requirements[${ri}].id "${id}" is used twice`,
        );
      }
      requirementIds.add(id);
      return {
        id,
        ...(r.title ? { title: r.title } : {}),
        groups,
        count: r.count,
      };
    });
    return {
      id: p.id,
      ...(p.title ? { title: p.title } : {}),
      riskTiers: p.riskTiers,
      targetStages: p.targetStages,
      requirements,
      allowOwnerApproval: p.allowOwnerApproval,
      expiresAfterHours: p.expiresAfterHours,
      minimumReadiness: resolveReadiness(
        p.minimumReadiness,
        `modelops.approvals.policies[${index}].minimumReadiness`,
        scorecards,
      ),
    };
  });
}

/**
 * The policy for a model's transition: the first policy (in config order) whose risk tiers and
 * target stages match. A model without a risk tier is treated as `high` (the strictest), so
 * forgetting to classify a model never makes its promotion easier. Undefined when none matches.
 */
export function selectApprovalPolicy(
  policies: ApprovalPolicy[],
  target: { riskTier?: ModelRiskTier | null; toStage: ModelVersionStage },
): ApprovalPolicy | undefined {
  const tier: ModelRiskTier = target.riskTier ?? 'high';
  return policies.find(
    p =>
      (p.riskTiers.length === 0 || p.riskTiers.includes(tier)) &&
      (p.targetStages.length === 0 || p.targetStages.includes(target.toStage)),
  );
}
