import { z } from 'zod';
import { ScorecardConfigError } from './customChecks';
import { parseIsoDate } from './modelFacts';
import type { ExemptionState, ScorecardExemption } from './types';

const lower = (s: string) => s.toLocaleLowerCase('en-US');

/**
 * Whether an exemption counts at `now`:
 * - `invalid`: approved by its own requester, without a reason, or with an unreadable expiry;
 * - `pending`: not approved yet;
 * - `expired`: `now` is at or past `expiresAt`;
 * - `active`: it waives the check.
 */
export function exemptionState(
  exemption: ScorecardExemption,
  now: Date,
): ExemptionState {
  const expires = parseIsoDate(exemption.expiresAt);
  if (!expires || !exemption.reason?.trim()) return 'invalid';
  if (
    exemption.approvedBy &&
    lower(exemption.approvedBy) === lower(exemption.requestedBy)
  )
    return 'invalid';
  if (now.getTime() >= expires.getTime()) return 'expired';
  if (!exemption.approvedBy) return 'pending';
  return 'active';
}

/** The active exemption that waives a check of a model on a scorecard, if any. */
export function findActiveExemption(
  exemptions: ScorecardExemption[],
  entityRef: string,
  checkId: string,
  scorecard: string,
  now: Date,
): ScorecardExemption | undefined {
  const ref = lower(entityRef);
  return exemptions.find(
    e =>
      lower(e.entityRef) === ref &&
      e.checkId === checkId &&
      (!e.scorecard || e.scorecard === scorecard) &&
      exemptionState(e, now) === 'active',
  );
}

const exemptionConfigSchema = z.strictObject({
  entityRef: z
    .string({ error: 'is required (e.g. model:default/credit-default-scorer)' })
    .min(1),
  checkId: z.string({ error: 'is required' }).min(1),
  scorecard: z.string().optional(),
  reason: z
    .string({ error: 'is required' })
    .trim()
    .min(1, { error: 'must not be empty' }),
  requestedBy: z.string({ error: 'is required (a user entity ref)' }).min(1),
  approvedBy: z
    .string({ error: 'is required (a user entity ref other than requestedBy)' })
    .min(1),
  expiresAt: z.string({ error: 'is required (ISO 8601 date)' }),
});

/**
 * Parses exemptions declared in config (`modelops.scorecards.exemptions`), e.g. waivers agreed
 * in a governance forum and committed through review. Throws a {@link ScorecardConfigError}.
 */
export function parseExemptionConfig(
  raw: unknown,
  options: { checkIds: string[]; configPath?: string },
): ScorecardExemption[] {
  const base = options.configPath ?? 'modelops.scorecards.exemptions';
  const result = z
    .array(exemptionConfigSchema, { error: 'must be a list' })
    .safeParse(raw ?? []);
  if (!result.success) {
    throw new ScorecardConfigError(
      result.error.issues.map(
        i =>
          `${i.path.reduce<string>(
            (a, p) =>
              typeof p === 'number' ? `${a}[${p}]` : `${a}.${String(p)}`,
            base,
          )} ${i.message}`,
      ),
    );
  }
  const problems: string[] = [];
  result.data.forEach((e, i) => {
    if (!options.checkIds.includes(e.checkId))
      problems.push(
        `${base}[${i}].checkId "${e.checkId}" is not a known check`,
      );
    if (lower(e.approvedBy) === lower(e.requestedBy)) {
      problems.push(
        `${base}[${i}].approvedBy must be someone other than the requester (${e.requestedBy})`,
      );
    }
    if (!parseIsoDate(e.expiresAt))
      problems.push(
        `${base}[${i}].expiresAt "${e.expiresAt}" is not an ISO 8601 date`,
      );
  });
  if (problems.length > 0) throw new ScorecardConfigError(problems);
  return result.data.map((e, i) => ({
    id: `config-${i}`,
    ...e,
    entityRef: lower(e.entityRef),
  }));
}
