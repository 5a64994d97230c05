import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { ApprovalRequestView } from '@modelops/plugin-modelops-common';
import {
  ModelopsActionDeps,
  ModelopsApiClient,
  serverMessage,
} from './ModelopsApiClient';

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Error('cancelled'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(
        new Error('task cancelled while waiting for the approval decision'),
      );
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * `modelops:approval:wait`: waits until an approval request is decided. Bounded by `timeoutMinutes`;
 * the deadline and the outcome are checkpointed, so a task resumed after a backend restart keeps
 * the original deadline and a decided request is not polled again. Fails on rejection, expiry,
 * cancellation and timeout.
 *
 * @public
 */
export function createWaitForApprovalAction(
  deps: ModelopsActionDeps & { minPollMs?: number },
) {
  const client = new ModelopsApiClient(deps);
  return createTemplateAction({
    id: 'modelops:approval:wait',
    description:
      'Waits for an approval request to be decided (polling, bounded by timeoutMinutes, checkpointed so a resumed task keeps its deadline). Fails the task when the request is rejected, cancelled, expires or the wait times out.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Wait up to 8 hours for the approvers',
        example:
          'steps:\n  - id: wait\n    action: modelops:approval:wait\n    input:\n      requestId: ${{ steps.request.output.requestId }}\n      timeoutMinutes: 480\n',
      },
    ],
    schema: {
      input: {
        requestId: z =>
          z.string().describe('Id from modelops:approval:request'),
        timeoutMinutes: z =>
          z
            .number()
            .min(0)
            .max(60 * 24 * 14)
            .optional()
            .describe(
              'Give up after this many minutes (default 60, at most 14 days)',
            ),
        pollIntervalSeconds: z =>
          z
            .number()
            .min(1)
            .max(3600)
            .optional()
            .describe('How often to check (default 10 seconds)'),
      },
      output: {
        state: z => z.string().describe('approved'),
        approvers: z => z.array(z.string()).describe('Who approved'),
      },
    },
    async handler(ctx) {
      const { requestId } = ctx.input;
      if (!requestId) throw new InputError('input.requestId is required');
      if (ctx.isDryRun) {
        ctx.logger.info(
          `dry run: would wait for approval request ${requestId}`,
        );
        ctx.output('state', 'approved');
        ctx.output('approvers', []);
        return;
      }
      const timeoutMs = (ctx.input.timeoutMinutes ?? 60) * 60_000;
      const pollMs = Math.max(
        deps.minPollMs ?? 1000,
        (ctx.input.pollIntervalSeconds ?? 10) * 1000,
      );
      const startedAt = await ctx.checkpoint({
        key: `modelops-approval-wait-start-${requestId}`,
        fn: async () => new Date().toISOString(),
      });
      const deadline = Date.parse(startedAt) + timeoutMs;

      const outcome = await ctx.checkpoint({
        key: `modelops-approval-wait-outcome-${requestId}`,
        fn: async () => {
          let lastLogged = '';
          for (;;) {
            let request: ApprovalRequestView;
            try {
              ({ body: request } = await client.call<ApprovalRequestView>(
                'GET',
                `/approvals/requests/${encodeURIComponent(requestId)}`,
                {
                  credentials: await client.serviceCredentials(),
                },
              ));
            } catch (e) {
              throw new Error(
                `cannot read approval request ${requestId}: ${serverMessage(
                  e,
                )}`,
              );
            }
            const summary = `${request.state}; missing: ${
              request.progress
                .filter(p => p.missing > 0)
                .map(p => `${p.requirementId} (${p.missing})`)
                .join(', ') || 'none'
            }`;
            if (summary !== lastLogged) {
              ctx.logger.info(
                `approval request ${requestId} for ${request.modelRef} ${request.modelVersion} → ${request.toStage}: ${summary}`,
              );
              lastLogged = summary;
            }
            if (request.state !== 'pending') {
              return {
                state: request.state,
                decisions: request.decisions.map(d => ({
                  decider: d.decider,
                  decision: d.decision,
                  comment: d.comment ?? null,
                })),
              };
            }
            if (Date.now() + pollMs > deadline) {
              return {
                state: 'timeout',
                decisions: request.decisions.map(d => ({
                  decider: d.decider,
                  decision: d.decision,
                  comment: d.comment ?? null,
                })),
              };
            }
            await sleep(pollMs, ctx.signal);
          }
        },
      });

      const describe = (d: {
        decider: string;
        decision: string;
        comment: string | null;
      }) =>
        `${d.decider} ${d.decision === 'approve' ? 'approved' : 'rejected'}${
          d.comment ? ` ("${d.comment}")` : ''
        }`;
      if (outcome.state === 'approved') {
        ctx.logger.info(
          `approved: ${outcome.decisions.map(describe).join('; ')}`,
        );
        ctx.output('state', 'approved');
        ctx.output(
          'approvers',
          outcome.decisions
            .filter(d => d.decision === 'approve')
            .map(d => d.decider),
        );
        return;
      }
      if (outcome.state === 'timeout') {
        throw new Error(
          `approval request ${requestId} is still pending after ${
            ctx.input.timeoutMinutes ?? 60
          } minutes; the request stays open in the portal; once it is approved, record the promotion with modelops:model:promote and this request id`,
        );
      }
      throw new Error(
        `approval request ${requestId} was ${outcome.state}${
          outcome.decisions.length
            ? `: ${outcome.decisions.map(describe).join('; ')}`
            : ''
        }`,
      );
    },
  });
}
