import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type {
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
 * `modelops:readiness:gate`: fails unless the model holds at least `minimumLevel` (a level number
 * or name, e.g. `2` or `Silver`) of a scorecard (default `production-readiness`) of the modelops
 * scorecards API. When that API is unavailable (not installed, 404/5xx, network) it fails saying
 * so, unless `onUnavailable: warn` (then it logs a warning and passes with `checked: false`).
 *
 * @public
 */
export function createReadinessGateAction(deps: ModelopsActionDeps) {
  const client = new ModelopsApiClient(deps);
  return createTemplateAction({
    id: 'modelops:readiness:gate',
    description:
      'Fails unless the model holds at least the given level of a scorecard (GET /api/modelops/scorecards/models/:namespace/:name). Fails clearly when the scorecards API is unavailable, unless onUnavailable is warn.',
    supportsDryRun: true,
    examples: [
      {
        description:
          'Require level Silver (Deployable) of the production-readiness scorecard',
        example:
          'steps:\n  - id: gate\n    action: modelops:readiness:gate\n    input:\n      modelRef: model:default/credit-default-scorer\n      scorecard: production-readiness\n      minimumLevel: Silver\n',
      },
    ],
    schema: {
      input: {
        modelRef: z => z.string().describe('Model entity ref'),
        scorecard: z =>
          z
            .string()
            .optional()
            .describe('Scorecard id (default production-readiness)'),
        minimumLevel: z =>
          z
            .union([z.string(), z.number()])
            .describe('Level the model must hold or exceed: number or name'),
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
      },
    },
    async handler(ctx) {
      let path: { namespace: string; name: string };
      try {
        path = modelPath(ctx.input.modelRef);
      } catch (e) {
        throw new InputError(`input.modelRef: ${(e as Error).message}`);
      }
      const scorecardId = ctx.input.scorecard ?? 'production-readiness';
      const url = `/scorecards/models/${encodeURIComponent(
        path.namespace,
      )}/${encodeURIComponent(path.name)}`;
      let view: ModelScorecardResponse;
      let definitions: ScorecardDefinitionsResponse | undefined;
      try {
        const credentials = await client.serviceCredentials();
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
        const status = e instanceof ModelopsApiError ? e.status : undefined;
        const message = `scorecards API unavailable: GET /api/modelops${url} answered ${
          status ?? 'no response'
        } (${serverMessage(
          e,
        )}); install the modelops scorecards feature, or set onUnavailable: warn to let the template continue without this gate`;
        if (ctx.input.onUnavailable === 'warn') {
          ctx.logger.warn(`${message}. Gate NOT checked.`);
          ctx.output('passed', true);
          ctx.output('checked', false);
          ctx.output('level', '');
          return;
        }
        throw new Error(message);
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
      let minimum: number;
      if (
        typeof ctx.input.minimumLevel === 'number' ||
        /^\d+$/.test(ctx.input.minimumLevel)
      ) {
        minimum = Number(ctx.input.minimumLevel);
      } else {
        const wanted = ctx.input.minimumLevel.toLocaleLowerCase('en-US');
        const levels =
          definitions?.scorecards.find(s => s.id === scorecardId)?.levels ?? [];
        const found = levels.find(
          l => l.name.toLocaleLowerCase('en-US') === wanted,
        );
        if (!found) {
          throw new InputError(
            `input.minimumLevel: "${
              ctx.input.minimumLevel
            }" is not a level of ${scorecardId} (levels: ${levels
              .map(l => `${l.level} ${l.name}`)
              .join(', ')})`,
          );
        }
        minimum = found.level;
      }
      const held = `${card.level} (${card.levelName})`;
      const passed = card.level >= minimum;
      ctx.output('passed', passed);
      ctx.output('checked', true);
      ctx.output('level', held);
      if (!passed) {
        throw new Error(
          `${
            ctx.input.modelRef
          } holds ${scorecardId} level ${held}, below the required ${
            ctx.input.minimumLevel
          }${
            card.next
              ? `; to reach ${
                  card.next.name
                }, fix: ${card.next.failingChecks.join(', ')}`
              : ''
          }`,
        );
      }
      ctx.logger.info(
        `${ctx.input.modelRef} holds ${scorecardId} level ${held} (required ${ctx.input.minimumLevel})`,
      );
    },
  });
}
