import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { MODEL_VERSION_STAGES } from '@modelops/plugin-modelops-common';
import type {
  ApprovalRequestView,
  CreateApprovalRequest,
} from '@modelops/plugin-modelops-common';
import {
  ModelopsActionDeps,
  ModelopsApiClient,
  modelPath,
  serverMessage,
} from './ModelopsApiClient';

/**
 * `modelops:approval:request`: asks for approval of a model version's stage transition, as the user
 * who runs the template. Outputs the request id and its URL in the portal.
 *
 * @public
 */
export function createRequestApprovalAction(deps: ModelopsActionDeps) {
  const client = new ModelopsApiClient(deps);
  return createTemplateAction({
    id: 'modelops:approval:request',
    description:
      'Requests approval to move a model version to a stage (default production). The policy (required groups, quorum, expiry) comes from modelops.approvals in app-config; the requester is the user running the template.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Request promotion of version 3.3.0 to production',
        example:
          'steps:\n  - id: request\n    action: modelops:approval:request\n    input:\n      modelRef: model:default/credit-default-scorer\n      modelVersion: 3.3.0\n      justification: AUC +0.006 on the 2026 holdout\n      links:\n        - url: https://mlflow.acme.example/#/runs/ab12\n          title: Evaluation report\n',
      },
    ],
    schema: {
      input: {
        modelRef: z =>
          z
            .string()
            .describe(
              'Model entity ref, e.g. model:default/credit-default-scorer',
            ),
        modelVersion: z =>
          z.string().describe('The version to move (as in spec.versions)'),
        toStage: z =>
          z
            .enum(MODEL_VERSION_STAGES)
            .optional()
            .describe('Target stage (default production)'),
        justification: z =>
          z
            .string()
            .describe('Why this version should move (at least 10 characters)'),
        links: z =>
          z
            .array(z.object({ url: z.string(), title: z.string().optional() }))
            .optional()
            .describe('Evaluation report, pull request, model card'),
      },
      output: {
        requestId: z => z.string().describe('Id of the approval request'),
        requestUrl: z => z.string().describe('The request in the portal'),
        state: z => z.string().describe('State of the request (pending)'),
        policyId: z => z.string().describe('The policy that applies'),
      },
    },
    async handler(ctx) {
      const { modelRef, modelVersion, justification } = ctx.input;
      const toStage = ctx.input.toStage ?? 'production';
      try {
        modelPath(modelRef);
      } catch (e) {
        throw new InputError(`input.modelRef: ${(e as Error).message}`);
      }
      if (ctx.isDryRun) {
        ctx.logger.info(
          `dry run: would request approval for ${modelRef} ${modelVersion} → ${toStage}`,
        );
        ctx.output('requestId', 'dry-run');
        ctx.output('requestUrl', client.appUrl('/approvals/requests/dry-run'));
        ctx.output('state', 'pending');
        ctx.output('policyId', 'dry-run');
        return;
      }
      // A checkpoint makes a resumed task reuse the request instead of creating a second one.
      const created = await ctx.checkpoint({
        key: `modelops-approval-request-${modelRef}-${modelVersion}-${toStage}`,
        fn: async () => {
          try {
            const request: CreateApprovalRequest = {
              modelRef,
              modelVersion,
              toStage,
              justification,
              links: ctx.input.links,
            };
            const { body } = await client.call<ApprovalRequestView>(
              'POST',
              '/approvals/requests',
              {
                credentials: await ctx.getInitiatorCredentials(),
                body: request,
              },
            );
            return { id: body.id, state: body.state, policyId: body.policyId };
          } catch (e) {
            throw new Error(
              `approval request for ${modelRef} ${modelVersion} → ${toStage} refused: ${serverMessage(
                e,
              )}`,
            );
          }
        },
      });
      const url = client.appUrl(`/approvals/requests/${created.id}`);
      ctx.logger.info(
        `approval request ${created.id} (${created.policyId}) is ${created.state}: ${url}`,
      );
      ctx.output('requestId', created.id);
      ctx.output('requestUrl', url);
      ctx.output('state', created.state);
      ctx.output('policyId', created.policyId);
    },
  });
}
