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

/** The longest wait the action accepts (and the cap of the default). */
const MAX_WAIT_MINUTES = 60 * 24 * 14;

/**
 * `modelops:approval:wait`: waits until an approval request is decided. By default it waits as long
 * as the request can be decided, i.e. until the request's own expiry (`expiresAt`, from the policy's
 * `expiresAfterHours`; at most 14 days), so the task and the request agree. With a shorter
 * `timeoutMinutes` the task stops waiting before the request expires, and says so (when it starts
 * and when it gives up) with how to resume: the request stays open in the portal, and the promotion
 * is recorded later with `modelops:model:promote`. The deadline and the outcome are checkpointed, so
 * a task resumed after a backend restart keeps the original deadline and a decided request is not
 * polled again. Fails on rejection, expiry, cancellation and timeout.
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
      "Waits for an approval request to be decided: by default until the request expires (the policy's expiresAfterHours, at most 14 days), or for timeoutMinutes (then the request may outlive the task: it stays open, and the promotion is recorded later with modelops:model:promote). Polls; checkpointed so a resumed task keeps its deadline. Fails the task when the request is rejected, cancelled, expires or the wait times out.",
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
            .max(MAX_WAIT_MINUTES)
            .optional()
            .describe(
              "Give up after this many minutes (at most 14 days). Default: until the request expires (the policy's expiresAfterHours). A shorter wait leaves the request open after the task fails; record the promotion later with modelops:model:promote.",
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
      const explicitTimeout = ctx.input.timeoutMinutes;
      const pollMs = Math.max(
        deps.minPollMs ?? 1000,
        (ctx.input.pollIntervalSeconds ?? 10) * 1000,
      );
      const startedAt = await ctx.checkpoint({
        key: `modelops-approval-wait-start-${requestId}`,
        fn: async () => new Date().toISOString(),
      });
      const started = Date.parse(startedAt);
      const cap = started + MAX_WAIT_MINUTES * 60_000;
      const read = async () => {
        try {
          const { body } = await client.call<ApprovalRequestView>(
            'GET',
            `/approvals/requests/${encodeURIComponent(requestId)}`,
            { credentials: await client.serviceCredentials() },
          );
          return body;
        } catch (e) {
          throw new Error(
            `cannot read approval request ${requestId}: ${serverMessage(e)}`,
          );
        }
      };
      const decisionsOf = (request: ApprovalRequestView) =>
        request.decisions.map(d => ({
          decider: d.decider,
          decision: d.decision,
          comment: d.comment ?? null,
        }));
      const resume = `to resume, once it is approved, record the promotion: run the "Record an approved promotion" template (modelops:model:promote) with requestId ${requestId}`;

      const outcome = await ctx.checkpoint({
        key: `modelops-approval-wait-outcome-${requestId}`,
        fn: async () => {
          let lastLogged = '';
          let deadline: number | undefined;
          for (;;) {
            const request = await read();
            const expiresAt = Date.parse(request.expiresAt);
            if (deadline === undefined) {
              // The request's expiry is fixed at creation, so this is the same after a resume.
              deadline =
                explicitTimeout === undefined
                  ? Math.min(expiresAt, cap)
                  : started + explicitTimeout * 60_000;
              ctx.logger.info(
                `waiting for approval request ${requestId} until ${new Date(
                  deadline,
                ).toISOString()}; the request expires at ${request.expiresAt}`,
              );
              if (request.state === 'pending' && deadline < expiresAt) {
                ctx.logger.warn(
                  `this task stops waiting at ${new Date(
                    deadline,
                  ).toISOString()}, before the request expires (${
                    request.expiresAt
                  }): the request stays open after the task ends; ${resume}`,
                );
              }
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
                expiresAt: request.expiresAt,
                decisions: decisionsOf(request),
              };
            }
            const now = Date.now();
            if (now >= expiresAt) {
              // Past its expiry the request takes no decisions; the backend marks it expired
              // within minutes, the task need not wait for that.
              return {
                state: 'expired',
                expiresAt: request.expiresAt,
                decisions: decisionsOf(request),
              };
            }
            // A deadline at or after the expiry ends with the expiry above, never as a timeout.
            if (deadline < expiresAt && now + pollMs > deadline) {
              return {
                state: 'timeout',
                expiresAt: request.expiresAt,
                decisions: decisionsOf(request),
              };
            }
            // Wake just after the deadline (or the expiry) rather than a whole poll interval later.
            await sleep(
              Math.min(
                pollMs,
                Math.max(Math.min(deadline, expiresAt) - now, 0) + 5,
              ),
              ctx.signal,
            );
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
            explicitTimeout === undefined
              ? 'the longest wait (14 days)'
              : `${explicitTimeout} minutes`
          }; the request stays open in the portal until it expires at ${
            outcome.expiresAt
          }; ${resume}`,
        );
      }
      if (outcome.state === 'expired') {
        throw new Error(
          `approval request ${requestId} expired at ${
            outcome.expiresAt
          } without the approvals it needs${
            outcome.decisions.length
              ? ` (${outcome.decisions.map(describe).join('; ')})`
              : ''
          }; make a new request to promote this version`,
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
