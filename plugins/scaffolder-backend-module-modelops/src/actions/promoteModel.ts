import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { ModelPromotionResponse } from '@modelops/plugin-modelops-common';
import {
  ModelopsActionDeps,
  ModelopsApiClient,
  serverMessage,
} from './ModelopsApiClient';

/**
 * `modelops:model:promote`: records the promotion of an approved request (the only way a version
 * becomes production in ModelOps). Refuses, failing the step, when the request is not approved.
 * Given the catalog, it then asks the catalog to refresh the model, so the catalog module puts the
 * approved production version on the entity within seconds instead of at the next processing
 * cycle (a failed refresh is logged, not fatal: the next cycle does it).
 *
 * @public
 */
export function createPromoteModelAction(
  deps: ModelopsActionDeps,
  options: { catalog?: Pick<CatalogService, 'refreshEntity'> } = {},
) {
  const client = new ModelopsApiClient(deps);
  return createTemplateAction({
    id: 'modelops:model:promote',
    description:
      'Records the promotion of a model version through an approved approval request; refuses without approval. The promotion is attributed to the user running the template.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Record the promotion once approved',
        example:
          'steps:\n  - id: promote\n    action: modelops:model:promote\n    input:\n      requestId: ${{ steps.request.output.requestId }}\n',
      },
    ],
    schema: {
      input: {
        requestId: z => z.string().describe('An approved approval request'),
      },
      output: {
        promotionId: z => z.string(),
        modelRef: z => z.string(),
        modelVersion: z => z.string(),
        toStage: z => z.string(),
        created: z =>
          z
            .boolean()
            .describe('False when the promotion had already been recorded'),
      },
    },
    async handler(ctx) {
      const { requestId } = ctx.input;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `dry run: would record the promotion of approval request ${requestId}`,
        );
        ctx.output('promotionId', 'dry-run');
        ctx.output('modelRef', '');
        ctx.output('modelVersion', '');
        ctx.output('toStage', '');
        ctx.output('created', false);
        return;
      }
      let result: ModelPromotionResponse;
      try {
        ({ body: result } = await client.call<ModelPromotionResponse>(
          'POST',
          `/approvals/requests/${encodeURIComponent(requestId)}/promotion`,
          {
            credentials: await ctx.getInitiatorCredentials(),
          },
        ));
      } catch (e) {
        throw new Error(`promotion refused: ${serverMessage(e)}`);
      }
      const { promotion } = result;
      ctx.logger.info(
        `${result.created ? 'recorded' : 'already recorded'}: ${
          promotion.modelRef
        } ${promotion.modelVersion} → ${promotion.toStage} (promotion ${
          promotion.id
        }). Update spec.versions in the model's catalog-info.yaml to match.`,
      );
      if (options.catalog) {
        try {
          await options.catalog.refreshEntity(promotion.modelRef, {
            credentials: await deps.auth.getOwnServiceCredentials(),
          });
          ctx.logger.info(
            `asked the catalog to refresh ${promotion.modelRef}: the Model page shows ${promotion.modelVersion} as the approved ${promotion.toStage} version once it is processed`,
          );
        } catch (e) {
          ctx.logger.warn(
            `could not ask the catalog to refresh ${
              promotion.modelRef
            } (${String(
              (e as Error)?.message ?? e,
            )}); the Model page shows the promotion after the next catalog processing cycle`,
          );
        }
      }
      ctx.output('promotionId', promotion.id);
      ctx.output('modelRef', promotion.modelRef);
      ctx.output('modelVersion', promotion.modelVersion);
      ctx.output('toStage', promotion.toStage);
      ctx.output('created', result.created);
    },
  });
}
