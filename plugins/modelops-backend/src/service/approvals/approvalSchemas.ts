import {
  MODEL_VERSION_STAGES,
  APPROVAL_REQUEST_STATES,
  httpUrlSchema,
} from '@modelops/plugin-modelops-common';
import { z } from 'zod';
import { PAGE_DEFAULT_LIMIT, PAGE_MAX_LIMIT } from '../../database/pageCursors';
import { columnMax } from '../inputGuards';
import { modelRefSchema } from '../modelRefSchema';

/*
 * Wire formats of the approvals API, validated at the HTTP edge. Messages read after the field
 * path (the error handler renders `path: message`).
 */

/** Body of `POST /approvals/requests`. */
export const createRequestBodySchema = z.strictObject({
  modelRef: modelRefSchema,
  modelVersion: z
    .string({
      error: 'is required: the version to promote, as in spec.versions',
    })
    .trim()
    .min(1, { error: 'must be a non-empty version string' })
    .max(...columnMax('modelVersion')),
  toStage: z
    .enum(MODEL_VERSION_STAGES, {
      error: `must be one of ${MODEL_VERSION_STAGES.join(', ')}`,
    })
    .default('production'),
  justification: z
    .string({ error: 'is required: why this version should move' })
    .trim()
    .min(10, {
      error: 'must be at least 10 characters: say why this version should move',
    })
    .max(5000, { error: 'must be at most 5000 characters' }),
  links: z
    .array(
      z.strictObject({
        // Rendered as links to approvers: http(s) only, never javascript:/data: URLs.
        url: httpUrlSchema(),
        title: z.string().max(200).optional(),
      }),
      { error: 'must be a list of {url, title}' },
    )
    .max(20, { error: 'must have at most 20 links' })
    .optional(),
});
export type CreateRequestBody = z.infer<typeof createRequestBodySchema>;

/** What a rejection without a reason is told (the field path `comment` comes first). */
export const REJECT_NEEDS_REASON =
  'is required when rejecting: say why, so the requester knows what to fix';

/**
 * Body of `POST /approvals/requests/:id/decisions`. A rejection needs a non-empty comment (its
 * reason); an approval's comment is optional. {@link ApprovalService.decide} checks it again for
 * callers that do not come through this schema.
 */
export const decisionBodySchema = z
  .strictObject({
    decision: z.enum(['approve', 'reject'], {
      error: 'must be "approve" or "reject"',
    }),
    comment: z
      .string({ error: 'must be a string' })
      .trim()
      .max(5000, { error: 'must be at most 5000 characters' })
      .optional(),
  })
  .superRefine((body, ctx) => {
    if (body.decision === 'reject' && !body.comment) {
      ctx.addIssue({
        code: 'custom',
        path: ['comment'],
        message: REJECT_NEEDS_REASON,
      });
    }
  });

/** Body of `POST /approvals/requests/:id/cancel`. */
export const cancelBodySchema = z.strictObject({
  comment: z.string().trim().max(5000).optional(),
});

/** `limit` of a cursor-paged listing: default 50, at most 500. */
export const pageLimitSchema = z.coerce
  .number({ error: 'must be a number' })
  .int({ error: 'must be an integer' })
  .min(1, { error: 'must be at least 1' })
  .max(PAGE_MAX_LIMIT, {
    error: `must be at most ${PAGE_MAX_LIMIT}; follow nextCursor for the next page`,
  })
  .default(PAGE_DEFAULT_LIMIT);

/** `cursor` of a cursor-paged listing (decoded, and checked, by the store). */
export const pageCursorSchema = z
  .string({ error: 'must be the nextCursor value of a previous page' })
  .min(1, { error: 'must be the nextCursor value of a previous page' })
  .max(1000, { error: 'must be the nextCursor value of a previous page' })
  .optional();

/** Query of `GET /approvals/requests`. */
export const listRequestsQuerySchema = z.strictObject({
  modelRef: modelRefSchema.optional(),
  modelVersion: z.string().optional(),
  state: z
    .enum(APPROVAL_REQUEST_STATES, {
      error: `must be one of ${APPROVAL_REQUEST_STATES.join(', ')}`,
    })
    .optional(),
  requester: z.string().optional(),
  limit: pageLimitSchema,
  cursor: pageCursorSchema,
});

/** Query of `GET /approvals/inbox`. */
export const inboxQuerySchema = z.strictObject({
  limit: pageLimitSchema,
  cursor: pageCursorSchema,
});

/**
 * Query of the audit listing and export. `limit` and `cursor` page the JSON listing; the CSV export
 * is every matching event (after `afterSeq` / `cursor`).
 */
export const auditQuerySchema = z.strictObject({
  requestId: z.string().optional(),
  modelRef: modelRefSchema.optional(),
  afterSeq: z.coerce
    .number({ error: 'must be a number' })
    .int()
    .min(0)
    .optional(),
  limit: pageLimitSchema,
  cursor: pageCursorSchema,
  format: z
    .enum(['json', 'csv'], { error: 'must be json or csv' })
    .default('json'),
});

/** Query of `GET /approvals/promotions`: one to 100 model refs (`modelRef` repeated). */
export const promotionsQuerySchema = z.object({
  modelRef: z.preprocess(
    v => (typeof v === 'string' ? [v] : v),
    z
      .array(modelRefSchema, {
        error:
          'is required: one or more Model refs, e.g. ?modelRef=model:default/a&modelRef=model:default/b',
      })
      .min(1, {
        error:
          'is required: one or more Model refs, e.g. ?modelRef=model:default/a&modelRef=model:default/b',
      })
      .max(100, {
        error: 'must list at most 100 models; split the request',
      }),
  ),
});
