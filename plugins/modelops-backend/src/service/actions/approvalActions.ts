import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  ApprovalRequest,
  MODEL_VERSION_STAGES,
  modelopsApprovalCreatePermission,
  modelopsApprovalReadPermission,
} from '@modelops/plugin-modelops-common';
import { z } from 'zod';
import { createRequestBodySchema } from '../approvals/approvalSchemas';
import { ApprovalService } from '../approvals/ApprovalService';
import { authorizeCredentials } from '../authorize';
import { type Zv3, ModelopsActionsDeps } from './actionDeps';
import { documentedInput, parseActionInput } from './actionInput';

/*
 * Approval actions: the calling user's inbox, and a promotion request made as the calling user.
 * Both go through the ApprovalService the HTTP routes use, with the caller read from the verified
 * credentials (`callerOf`): the same permission checks, the same "a catalog user, not a service"
 * rule, the same policy selection and segregation of duties (the requester never approves her own
 * request), the same hash-chained audit trail, plus an event of Backstage's auditor service.
 */

const INBOX_MAX_LIMIT = 100;

const inboxInputSchema = z.strictObject({
  limit: z
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(INBOX_MAX_LIMIT, { error: `must be at most ${INBOX_MAX_LIMIT}` })
    .default(20),
  cursor: z
    .string({ error: 'must be the nextCursor of a previous answer' })
    .max(1000, { error: 'must be the nextCursor of a previous answer' })
    .optional(),
});

/** What an agent needs of a request (the full record is on the approvals page). */
function requestSummary(request: ApprovalRequest) {
  const view = ApprovalService.present(request);
  return {
    id: request.id,
    modelRef: request.modelRef,
    modelVersion: request.modelVersion,
    fromStage: request.fromStage,
    toStage: request.toStage,
    state: request.state,
    requester: request.requester,
    justification: request.justification,
    riskTier: request.riskTier,
    policyId: request.policyId,
    createdAt: request.createdAt,
    expiresAt: request.expiresAt,
    progress: view.progress.map(p => ({
      requirement: p.title,
      approvers: p.approvers,
      missing: p.missing,
    })),
    link: `/approvals/requests/${encodeURIComponent(request.id)}`,
  };
}

function requestSummarySchema(zv3: Zv3) {
  return zv3.object({
    id: zv3.string(),
    modelRef: zv3.string(),
    modelVersion: zv3.string(),
    fromStage: zv3.string().nullable(),
    toStage: zv3.string(),
    state: zv3.string(),
    requester: zv3.string(),
    justification: zv3.string(),
    riskTier: zv3.string().nullable(),
    policyId: zv3.string(),
    createdAt: zv3.string(),
    expiresAt: zv3.string(),
    progress: zv3.array(
      zv3.object({
        requirement: zv3.string(),
        approvers: zv3.array(zv3.string()),
        missing: zv3.number(),
      }),
    ),
    link: zv3
      .string()
      .describe('Path of the request in the portal (after the app base URL)'),
  });
}

/** Registers modelops:list-my-pending-approvals and modelops:request-promotion. */
export function registerApprovalActions(
  registry: ActionsRegistryService,
  deps: ModelopsActionsDeps,
): void {
  registry.register({
    name: 'list-my-pending-approvals',
    title: 'List my pending approvals',
    description:
      'The pending promotion requests the calling user may approve or reject now (as "My approvals" in ' +
      'the portal): requests of other people, for approver groups the user is in, not yet decided by ' +
      'them. Newest first; pass nextCursor back as cursor for more. Needs a signed-in user and ' +
      'modelops.approval.read. Deciding is done in the portal, not by an agent.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: zv3 =>
        documentedInput(
          zv3.object({
            limit: zv3
              .number()
              .int()
              .min(1)
              .max(INBOX_MAX_LIMIT)
              .describe('At most this many requests (default 20)')
              .optional(),
            cursor: zv3
              .string()
              .describe('nextCursor of a previous answer')
              .optional(),
          }),
        ),
      output: zv3 =>
        zv3.object({
          user: zv3.string(),
          items: zv3.array(requestSummarySchema(zv3)),
          nextCursor: zv3.string().optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      const page = parseActionInput(inboxInputSchema, input);
      const caller = await authorizeCredentials(
        deps,
        credentials,
        modelopsApprovalReadPermission,
      );
      const result = await deps.approvals.inbox(caller, page);
      return {
        output: {
          user: caller.user ?? caller.actor,
          items: result.items.map(requestSummary),
          ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
        },
      };
    },
  });

  registry.register({
    name: 'request-promotion',
    title: 'Request a promotion',
    description:
      'Asks for approval to move a version of a model to another stage (default production), as the ' +
      'calling user: the same as "Request promotion" in the portal. The approval policy is chosen from ' +
      "the model's risk tier; the request then waits for the policy's approvers (never the requester). " +
      'Refused for a service token, a user who is not in the catalog, a version already in that stage, ' +
      'a stage no policy covers, or while the same version already has a pending request. Needs ' +
      'modelops.approval.create. Creates a record; it does not change the model.',
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: zv3 =>
        documentedInput(
          zv3.object({
            modelRef: zv3
              .string()
              .describe(
                'Model entity ref, e.g. model:default/credit-default-scorer',
              ),
            modelVersion: zv3
              .string()
              .describe('The version to promote, as in spec.versions'),
            toStage: zv3
              .enum(MODEL_VERSION_STAGES)
              .describe('Target stage (default production)')
              .optional(),
            justification: zv3
              .string()
              .min(10)
              .max(5000)
              .describe(
                'Why this version should move (at least 10 characters)',
              ),
            links: zv3
              .array(
                zv3.object({
                  url: zv3
                    .string()
                    .describe('http(s) URL, e.g. a validation report'),
                  title: zv3.string().optional(),
                }),
              )
              .max(20)
              .describe('Evidence for approvers')
              .optional(),
          }),
        ),
      output: zv3 => zv3.object({ request: requestSummarySchema(zv3) }),
    },
    action: async ({ input, credentials }) => {
      const body = parseActionInput(createRequestBodySchema, input);
      const caller = await authorizeCredentials(
        deps,
        credentials,
        modelopsApprovalCreatePermission,
      );
      const meta = {
        actionType: 'create',
        modelRef: body.modelRef,
        modelVersion: body.modelVersion,
        toStage: body.toStage,
        via: 'actions',
        actor: caller.actor,
      };
      const event = await deps.auditor.createEvent({
        eventId: 'approval-request',
        severityLevel: 'medium',
        meta,
      });
      let request: ApprovalRequest;
      try {
        request = await deps.approvals.createRequest(body, caller);
      } catch (error) {
        await event.fail({ error: error as Error, meta });
        throw error;
      }
      await event.success({
        meta: { ...meta, requestId: request.id, policyId: request.policyId },
      });
      return { output: { request: requestSummary(request) } };
    },
  });
}
