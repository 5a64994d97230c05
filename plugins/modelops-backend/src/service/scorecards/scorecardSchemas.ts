import { z } from 'zod';
import {
  pageCursorSchema,
  pageLimitSchema,
} from '../approvals/approvalSchemas';
import { columnMax } from '../inputGuards';
import { modelRefSchema } from '../modelRefSchema';

const isoDate = z.string().refine(v => !Number.isNaN(Date.parse(v)), {
  error: 'must be an ISO 8601 date or date-time',
});

const booleanString = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .transform(v => v === 'true');

/** `?includeDescendants=` of team endpoints (default true: a parent team sees its child teams' models). */
export const teamQuerySchema = z.strictObject({
  includeDescendants: booleanString.optional().default(true),
  /** false: the roll-up only (groups and summary), `models` empty; for overview cards. */
  includeModels: booleanString.optional().default(true),
});

/** Query of a team's models page (`GET /scorecards/teams/:namespace/:name/models`). */
export const teamModelsQuerySchema = z.strictObject({
  includeDescendants: booleanString.optional().default(true),
  sort: z
    .string()
    .min(1, { error: 'must be name, failing or a scorecard id' })
    .max(200)
    .optional()
    .default('name'),
  order: z
    .enum(['asc', 'desc'], { error: 'must be asc or desc' })
    .optional()
    .default('asc'),
  scorecard: z.string().min(1).max(200).optional(),
  level: z.coerce
    .number({ error: 'must be a level number (0, 1, 2, ...)' })
    .int({ error: 'must be a level number (0, 1, 2, ...)' })
    .min(0, { error: 'must be a level number (0, 1, 2, ...)' })
    .max(1000)
    .optional(),
  limit: pageLimitSchema,
  cursor: pageCursorSchema,
});

/** Query of history endpoints. */
export const historyQuerySchema = z.strictObject({
  scorecard: z.string().min(1).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  includeDescendants: booleanString.optional().default(true),
  limit: pageLimitSchema,
  cursor: pageCursorSchema,
});

/** Query of the whole-catalog endpoint. */
export const catalogQuerySchema = z.strictObject({
  limit: pageLimitSchema,
  cursor: pageCursorSchema,
  /** Sort models by this scorecard's level (ascending: least ready first). */
  scorecard: z.string().min(1).optional(),
});

/** Query of the exemption listing. */
export const exemptionsQuerySchema = z.strictObject({
  entityRef: z
    .string()
    .min(1)
    .max(...columnMax('entityRef'))
    .optional(),
  limit: pageLimitSchema,
  cursor: pageCursorSchema,
});

/** Body of an exemption request. */
export const createExemptionBodySchema = z.strictObject({
  entityRef: modelRefSchema,
  checkId: z
    .string({ error: 'is required' })
    .min(1)
    .max(...columnMax('checkId')),
  scorecard: z
    .string()
    .min(1)
    .max(...columnMax('scorecard'))
    .nullable()
    .optional(),
  reason: z
    .string({ error: 'is required' })
    .trim()
    .min(10, { error: 'must explain the waiver (at least 10 characters)' })
    .max(2000),
  expiresAt: isoDate,
});

/** Body of approve / revoke. */
export const exemptionActionBodySchema = z.strictObject({
  comment: z.string().max(2000).optional(),
});
