import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type {
  ApprovalPolicy,
  ModelScorecardResponse,
  ScorecardDefinitionsResponse,
} from '@modelops/plugin-modelops-common';
import {
  ModelopsActionDeps,
  ModelopsApiClient,
  ModelopsApiError,
  modelPath,
  serverMessage,
} from './ModelopsApiClient';

/**
 * `modelops:readiness:gate`: fails unless the model holds the minimum readiness that the approval
 * policy for its risk tier and the target stage sets (`minimumReadiness` in
 * `modelops.approvals.policies`, read from `GET /api/modelops/approvals/models/:ns/:name/policy`),
 * so the requester does not choose her own gate. `minimumLevel` (a level number or name) can only
 * raise it. The model's level comes from the scorecards API; when that is unavailable (not
 * installed, 404/5xx, network) the gate fails saying so, unless `onUnavailable: warn` (then it logs
 * a warning and passes with `checked: false`; the backend still enforces the policy's minimum when
 * the promotion is recorded).
 *
 * @public
 */
export function createReadinessGateAction(deps: ModelopsActionDeps) {
  const client = new ModelopsApiClient(deps);
  return createTemplateAction({
    id: 'modelops:readiness:gate',
    description:
      'Fails unless the model holds the minimum readiness of the approval policy for its risk tier and the target stage (modelops.approvals.policies[].minimumReadiness); minimumLevel can only raise it. Reads GET /api/modelops/scorecards/models/:namespace/:name; fails clearly when the scorecards API is unavailable, unless onUnavailable is warn.',
    supportsDryRun: true,
    examples: [
      {
        description:
          "Require the minimum readiness of the model's approval policy for production",
        example:
          'steps:\n  - id: gate\n    action: modelops:readiness:gate\n    input:\n      modelRef: model:default/credit-default-scorer\n      toStage: production\n',
      },
    ],
    schema: {
      input: {
        modelRef: z => z.string().describe('Model entity ref'),
        toStage: z =>
          z
            .string()
            .optional()
            .describe(
              'Target stage whose approval policy sets the minimum (default production)',
            ),
        scorecard: z =>
          z
            .string()
            .optional()
            .describe(
              "Scorecard id when the policy sets no minimum (default production-readiness); the policy's scorecard otherwise",
            ),
        minimumLevel: z =>
          z
            .union([z.string(), z.number()])
            .optional()
            .describe(
              "A stricter level (number or name) than the policy's; it never lowers the policy's minimum",
            ),
        onUnavailable: z =>
          z
            .enum(['fail', 'warn'])
            .optional()
            .describe(
              'What to do when the scorecards API is unavailable (default fail)',
            ),
      },
      output: {
        passed: z => z.boolean().describe('True when the gate passed'),
        checked: z =>
          z
            .boolean()
            .describe(
              'False when the scorecards API was unavailable and onUnavailable is warn',
            ),
        level: z =>
          z
            .string()
            .describe(
              'The level the model holds, e.g. "2 (Silver)" ("" when unknown)',
            ),
        minimumLevel: z =>
          z
            .string()
            .describe(
              'The minimum that applied, e.g. "2 (Silver)" ("" when none)',
            ),
      },
    },
    async handler(ctx) {
      let path: { namespace: string; name: string };
      try {
        path = modelPath(ctx.input.modelRef);
      } catch (e) {
        throw new InputError(`input.modelRef: ${(e as Error).message}`);
      }
      const toStage = ctx.input.toStage ?? 'production';
      const modelPathPart = `/models/${encodeURIComponent(
        path.namespace,
      )}/${encodeURIComponent(path.name)}`;
      const credentials = await client.serviceCredentials();

      // The policy's minimum: set by the platform in config, not by whoever runs the template.
      let url = `/approvals${modelPathPart}/policy?toStage=${encodeURIComponent(
        toStage,
      )}`;
      const unavailable = (what: string, e: unknown) => {
        const status = e instanceof ModelopsApiError ? e.status : undefined;
        const message = `${what} unavailable: GET /api/modelops${url} answered ${
          status ?? 'no response'
        } (${serverMessage(e)}); install the modelops ${what.replace(
          / API$/,
          '',
        )} feature, or set onUnavailable: warn to let the template continue without this gate (the backend still enforces the policy's minimum when the promotion is recorded)`;
        if (ctx.input.onUnavailable !== 'warn') throw new Error(message);
        ctx.logger.warn(`${message}. Gate NOT checked.`);
        ctx.output('passed', true);
        ctx.output('checked', false);
        ctx.output('level', '');
        ctx.output('minimumLevel', '');
      };
      let policy: ApprovalPolicy;
      try {
        ({ body: policy } = await client.call<ApprovalPolicy>('GET', url, {
          credentials,
        }));
      } catch (e) {
        unavailable('approvals API', e);
        return;
      }
      const fromPolicy = policy.minimumReadiness ?? null;
      const scorecardId =
        fromPolicy?.scorecard ?? ctx.input.scorecard ?? 'production-readiness';
      if (
        fromPolicy &&
        ctx.input.scorecard &&
        ctx.input.scorecard !== fromPolicy.scorecard
      ) {
        ctx.logger.warn(
          `input.scorecard ${ctx.input.scorecard} ignored: policy ${policy.id} sets its minimum on ${fromPolicy.scorecard}`,
        );
      }

      url = `/scorecards${modelPathPart}`;
      let view: ModelScorecardResponse;
      let definitions: ScorecardDefinitionsResponse | undefined;
      try {
        ({ body: view } = await client.call<ModelScorecardResponse>(
          'GET',
          url,
          { credentials },
        ));
        if (
          typeof ctx.input.minimumLevel === 'string' &&
          !/^\d+$/.test(ctx.input.minimumLevel)
        ) {
          ({ body: definitions } =
            await client.call<ScorecardDefinitionsResponse>(
              'GET',
              '/scorecards/definitions',
              { credentials },
            ));
        }
      } catch (e) {
        unavailable('scorecards API', e);
        if (fromPolicy)
          ctx.output(
            'minimumLevel',
            `${fromPolicy.level} (${fromPolicy.levelName})`,
          );
        return;
      }
      const card = (view.scorecards ?? []).find(
        s => s.scorecard === scorecardId,
      );
      if (!card) {
        throw new InputError(
          `input.scorecard: no scorecard "${scorecardId}" for ${
            ctx.input.modelRef
          } (available: ${
            (view.scorecards ?? []).map(s => s.scorecard).join(', ') || 'none'
          })`,
        );
      }
      let fromInput: number | undefined;
      const asked = ctx.input.minimumLevel;
      if (typeof asked === 'number' || /^\d+$/.test(asked ?? '')) {
        fromInput = Number(asked);
      } else if (asked !== undefined) {
        const wanted = asked.toLocaleLowerCase('en-US');
        const levels =
          definitions?.scorecards.find(s => s.id === scorecardId)?.levels ?? [];
        const found = levels.find(
          l => l.name.toLocaleLowerCase('en-US') === wanted,
        );
        if (!found) {
          throw new InputError(
            `input.minimumLevel: "${asked}" is not a level of ${scorecardId} (levels: ${levels
              .map(l => `${l.level} ${l.name}`)
              .join(', ')})`,
          );
        }
        fromInput = found.level;
      }
      const held = `${card.level} (${card.levelName})`;
      ctx.output('level', held);
      if (fromPolicy === null && fromInput === undefined) {
        ctx.logger.info(
          `policy ${policy.id} sets no minimum readiness for ${toStage}; ${ctx.input.modelRef} holds ${scorecardId} level ${held}`,
        );
        ctx.output('passed', true);
        ctx.output('checked', true);
        ctx.output('minimumLevel', '');
        return;
      }
      if (
        fromPolicy &&
        fromInput !== undefined &&
        fromInput < fromPolicy.level
      ) {
        ctx.logger.warn(
          `input.minimumLevel ${asked} is below the minimum of policy ${policy.id} (${fromPolicy.level} ${fromPolicy.levelName}); the policy's minimum applies`,
        );
      }
      const policyRules =
        fromPolicy !== null &&
        (fromInput === undefined || fromPolicy.level >= fromInput);
      const minimum = policyRules ? fromPolicy!.level : fromInput!;
      const required = policyRules
        ? `minimum ${fromPolicy!.level} (${
            fromPolicy!.levelName
          }) that policy ${policy.id} requires for ${toStage}`
        : `required ${asked}`;
      const passed = card.level >= minimum;
      ctx.output('passed', passed);
      ctx.output('checked', true);
      ctx.output(
        'minimumLevel',
        policyRules
          ? `${fromPolicy!.level} (${fromPolicy!.levelName})`
          : String(minimum),
      );
      if (!passed) {
        throw new Error(
          `${
            ctx.input.modelRef
          } holds ${scorecardId} level ${held}, below the ${required}${
            card.next
              ? `; to reach ${
                  card.next.name
                }, fix: ${card.next.failingChecks.join(', ')}`
              : ''
          }`,
        );
      }
      ctx.logger.info(
        `${ctx.input.modelRef} holds ${scorecardId} level ${held} (${required})`,
      );
    },
  });
}
