/*
 * The shape of a model's scorecard result as the portal's API returns it
 * (`GET /api/modelops/scorecards/models/:namespace/:name`), for clients that read it (the CLI's
 * `score --portal`). Fields a portal older than this client lacks get their neutral default.
 */
import { z } from 'zod';
import type { ModelScorecardResult } from './types';

const checkResultSchema = z.object({
  checkId: z.string(),
  title: z.string(),
  description: z.string(),
  citations: z.array(z.string()),
  howToFix: z.string(),
  level: z.number().int(),
  status: z.enum(['pass', 'fail', 'not-applicable', 'not-evaluated', 'waived']),
  evidence: z.array(z.string()),
  blocking: z.boolean(),
  exemption: z
    .object({
      id: z.string().optional(),
      reason: z.string(),
      requestedBy: z.string(),
      approvedBy: z.string().nullable().optional(),
      expiresAt: z.string(),
    })
    .optional(),
});

const scorecardResultSchema = z.object({
  scorecard: z.string(),
  title: z.string(),
  level: z.number().int(),
  levelName: z.string(),
  maxLevel: z.number().int(),
  blocked: z.boolean(),
  next: z
    .object({
      level: z.number().int(),
      name: z.string(),
      failingChecks: z.array(z.string()),
      notEvaluatedChecks: z.array(z.string()).default([]),
    })
    .nullable(),
  ceiling: z.object({ level: z.number().int(), name: z.string() }).optional(),
  counts: z.object({
    pass: z.number().int(),
    fail: z.number().int(),
    notApplicable: z.number().int(),
    notEvaluated: z.number().int().default(0),
    waived: z.number().int(),
  }),
  checks: z.array(checkResultSchema),
});

/** Zod schema of a {@link ModelScorecardResult} read from the scorecards API. */
export const modelScorecardResultSchema = z.object({
  entityRef: z.string(),
  title: z.string().optional(),
  owner: z.string().optional(),
  evaluatedAt: z.string(),
  factSources: z.array(z.enum(['catalog', 'drift', 'approvals'])),
  scorecards: z.array(scorecardResultSchema),
});

/**
 * Validates a scorecards API response; returns the result, or the first problem as
 * `path: message` (e.g. `scorecards.0.level: Invalid input: expected number`).
 */
export function parseModelScorecardResult(
  value: unknown,
):
  | { success: true; result: ModelScorecardResult }
  | { success: false; problem: string } {
  const parsed = modelScorecardResultSchema.safeParse(value);
  // No cast: the compiler checks that the schema yields the engine's own result type.
  if (parsed.success) return { success: true, result: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    success: false,
    problem: `${issue.path.join('.') || '(body)'}: ${issue.message}`,
  };
}
