import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
// The actions are tested against the real modelops backend (test-only; the module does not depend on it).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import modelopsPlugin from '@modelops/plugin-modelops-backend';
import { createPromoteModelAction } from './promoteModel';
import { createReadinessGateAction } from './readinessGate';
import { createRequestApprovalAction } from './requestApproval';
import { createWaitForApprovalAction } from './waitForApproval';

jest.setTimeout(60_000);

/*
 * The actions against a real modelops backend (startTestBackend, in-memory SQLite): the actions
 * reach it through discovery with tokens from the auth service, exactly as in the portal.
 */

const MRM = 'group:default/model-risk-management';
const COMPLIANCE = 'group:default/compliance';
const user = (name: string, groups: string[]) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { memberOf: groups },
  relations: groups.map(g => ({ type: 'memberOf', targetRef: g })),
});
const entities = [
  {
    apiVersion: 'modelops.io/v1alpha1',
    kind: 'Model',
    metadata: { name: 'credit-default-scorer', namespace: 'default' },
    spec: {
      type: 'classification',
      lifecycle: 'production',
      owner: 'credit-risk-ds',
      riskTier: 'high',
      versions: [
        { version: '3.3.0', stage: 'staging' },
        { version: '3.4.0', stage: 'development' },
      ],
    },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/credit-risk-ds' }],
  },
  {
    apiVersion: 'modelops.io/v1alpha1',
    kind: 'Model',
    metadata: { name: 'segmentation', namespace: 'default' },
    spec: {
      type: 'clustering',
      lifecycle: 'experimental',
      owner: 'credit-risk-ds',
      riskTier: 'low',
      versions: [{ version: '1.0.0', stage: 'staging' }],
    },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/credit-risk-ds' }],
  },
  user('priya.raman', ['group:default/credit-risk-ds']),
  user('fatima.haddad', [MRM]),
  user('noah.klein', [COMPLIANCE]),
];

let base: string;
let stop: () => Promise<void>;

beforeAll(async () => {
  const backend = await startTestBackend({
    features: [
      modelopsPlugin,
      catalogServiceMock.factory({ entities: entities as any }),
      mockServices.rootConfig.factory({
        data: {
          modelops: {
            approvals: {
              policies: [
                {
                  id: 'high-production',
                  riskTiers: ['high'],
                  targetStages: ['production'],
                  requirements: [
                    { id: 'model-risk', group: MRM },
                    { id: 'compliance', group: COMPLIANCE },
                  ],
                },
                {
                  // Expires 2 seconds after it is made: the wait's default deadline.
                  id: 'low-production',
                  riskTiers: ['low'],
                  targetStages: ['production'],
                  expiresAfterHours: 2 / 3600,
                  requirements: [{ id: 'model-risk', group: MRM }],
                  minimumReadiness: { level: 'Gold' },
                },
              ],
            },
          },
        },
      }),
    ],
  });
  base = `http://localhost:${backend.server.port()}/api/modelops`;
  stop = () => backend.stop();
});
afterAll(() => stop?.());

/**
 * The scaffolder's auth service. `mockServices.auth()` turns an on-behalf-of token into a plain
 * user token; the real DefaultAuthService yields a user principal whose actor is the calling plugin
 * (`plugin:scaffolder`), which the modelops backend requires to record a promotion. This keeps that.
 */
function scaffolderAuth() {
  const auth = mockServices.auth({ pluginId: 'scaffolder' });
  const issue = auth.getPluginRequestToken.bind(auth);
  auth.getPluginRequestToken = async options => {
    const p = options.onBehalfOf.principal as {
      type: string;
      userEntityRef?: string;
    };
    if (p.type !== 'user' || !p.userEntityRef) return issue(options);
    return {
      token: mockCredentials.user.token(p.userEntityRef, {
        actor: { subject: 'plugin:scaffolder' },
      }),
    };
  };
  return auth;
}

function deps() {
  return {
    discovery: {
      getBaseUrl: async () => base,
      getExternalBaseUrl: async () => base,
    },
    auth: scaffolderAuth(),
    appBaseUrl: 'http://portal.example',
  };
}

const requester = mockCredentials.user('user:default/priya.raman');

function context(
  input: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
) {
  const ctx = createMockActionContext({ input: input as any });
  return Object.assign(
    ctx,
    { getInitiatorCredentials: async () => requester },
    overrides,
  ) as any;
}

async function decide(
  requestId: string,
  who: string,
  decision: 'approve' | 'reject',
  comment?: string,
) {
  const res = await fetch(`${base}/approvals/requests/${requestId}/decisions`, {
    method: 'POST',
    headers: {
      Authorization: mockCredentials.user.header(`user:default/${who}`),
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ decision, comment }),
  });
  expect(res.status).toBe(201);
}

describe('approval actions against the modelops backend', () => {
  it('request → wait (polls until approved) → promote, attributed to the initiator', async () => {
    const request = context({
      modelRef: 'model:default/credit-default-scorer',
      modelVersion: '3.3.0',
      justification: 'AUC +0.006 on the 2026 holdout',
    });
    await createRequestApprovalAction(deps()).handler(request);
    const requestId = request.output.mock.calls.find(
      (c: any[]) => c[0] === 'requestId',
    )[1];
    expect(request.output).toHaveBeenCalledWith(
      'requestUrl',
      `http://portal.example/approvals/requests/${requestId}`,
    );
    expect(request.output).toHaveBeenCalledWith('policyId', 'high-production');

    // promote before approval is refused
    const early = context({ requestId });
    await expect(
      createPromoteModelAction(deps()).handler(early),
    ).rejects.toThrow(/promotion refused: .*is pending/);

    const checkpoints = new Map<string, unknown>();
    const checkpoint = async ({
      key,
      fn,
    }: {
      key: string;
      fn: () => Promise<unknown>;
    }) => {
      if (!checkpoints.has(key)) checkpoints.set(key, await fn());
      return checkpoints.get(key);
    };
    const wait = context(
      { requestId, pollIntervalSeconds: 1, timeoutMinutes: 1 },
      { checkpoint },
    );
    const waiting = createWaitForApprovalAction({
      ...deps(),
      minPollMs: 50,
    }).handler(wait);
    await new Promise(r => setTimeout(r, 300));
    await decide(requestId, 'fatima.haddad', 'approve');
    await decide(requestId, 'noah.klein', 'approve', 'ok');
    await waiting;
    expect(wait.output).toHaveBeenCalledWith('state', 'approved');
    expect(wait.output).toHaveBeenCalledWith('approvers', [
      'user:default/fatima.haddad',
      'user:default/noah.klein',
    ]);
    expect([...checkpoints.keys()]).toEqual([
      `modelops-approval-wait-start-${requestId}`,
      `modelops-approval-wait-outcome-${requestId}`,
    ]);

    // a resumed task returns the checkpointed outcome without polling again
    const failingDeps = {
      ...deps(),
      discovery: {
        getBaseUrl: async () => 'http://127.0.0.1:1/nowhere',
        getExternalBaseUrl: async () => '',
      },
    };
    const resumed = context({ requestId }, { checkpoint });
    await createWaitForApprovalAction(failingDeps).handler(resumed);
    expect(resumed.output).toHaveBeenCalledWith('state', 'approved');

    const promote = context({ requestId });
    await createPromoteModelAction(deps()).handler(promote);
    expect(promote.output).toHaveBeenCalledWith('modelVersion', '3.3.0');
    expect(promote.output).toHaveBeenCalledWith('created', true);

    const audit = await (
      await fetch(`${base}/approvals/audit?requestId=${requestId}`, {
        headers: { Authorization: mockCredentials.user.header() },
      })
    ).json();
    // clients come from the verified tokens: on-behalf-of calls name the scaffolder, portal users `web`
    expect(audit.items.map((e: any) => [e.type, e.actor, e.client])).toEqual([
      ['request.created', 'user:default/priya.raman', 'plugin:scaffolder'],
      ['decision.recorded', 'user:default/fatima.haddad', 'web'],
      ['decision.recorded', 'user:default/noah.klein', 'web'],
      ['request.approved', 'user:default/noah.klein', 'web'],
      ['promotion.recorded', 'user:default/priya.raman', 'plugin:scaffolder'],
    ]);
  });

  it("promote refuses another user's template run: only the requester's task records the promotion", async () => {
    const request = context({
      modelRef: 'model:default/credit-default-scorer',
      modelVersion: '3.4.0',
      justification: 'retrained on the 2026 Q3 data',
    });
    await createRequestApprovalAction(deps()).handler(request);
    const requestId = request.output.mock.calls.find(
      (c: any[]) => c[0] === 'requestId',
    )[1];
    await decide(requestId, 'fatima.haddad', 'approve');
    await decide(requestId, 'noah.klein', 'approve');
    const other = context(
      { requestId },
      {
        getInitiatorCredentials: async () =>
          mockCredentials.user('user:default/fatima.haddad'),
      },
    );
    await expect(
      createPromoteModelAction(deps()).handler(other),
    ).rejects.toThrow(/promotion refused: .*did not request/);
    const own = context({ requestId });
    await createPromoteModelAction(deps()).handler(own);
    expect(own.output).toHaveBeenCalledWith('created', true);
  });

  it('wait fails the task on rejection, naming who rejected and why', async () => {
    const request = context({
      modelRef: 'credit-default-scorer',
      modelVersion: '3.4.0',
      justification: 'new features from the bureau feed',
    });
    await createRequestApprovalAction(deps()).handler(request);
    const requestId = request.output.mock.calls.find(
      (c: any[]) => c[0] === 'requestId',
    )[1];
    await decide(
      requestId,
      'noah.klein',
      'reject',
      'missing fairness analysis',
    );
    const wait = context({ requestId });
    await expect(
      createWaitForApprovalAction(deps()).handler(wait),
    ).rejects.toThrow(
      `approval request ${requestId} was rejected: user:default/noah.klein rejected ("missing fairness analysis")`,
    );
  });

  it('wait is bounded: it fails when the request is still pending at the deadline', async () => {
    const request = context({
      modelRef: 'model:default/credit-default-scorer',
      modelVersion: '3.4.0',
      justification: 'second attempt, with fairness analysis',
    });
    await createRequestApprovalAction(deps()).handler(request);
    const requestId = request.output.mock.calls.find(
      (c: any[]) => c[0] === 'requestId',
    )[1];
    const started = Date.now();
    const wait = context({
      requestId,
      timeoutMinutes: 0.01,
      pollIntervalSeconds: 1,
    });
    await expect(
      createWaitForApprovalAction({ ...deps(), minPollMs: 50 }).handler(wait),
    ).rejects.toThrow(/still pending after 0.01 minutes/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("wait's default deadline is the request's expiry, and a shorter wait says the request outlives the task and how to resume (issue 12 item 3)", async () => {
    const request = context({
      modelRef: 'model:default/segmentation',
      modelVersion: '1.0.0',
      justification: 'first production release of the segmentation',
    });
    await createRequestApprovalAction(deps()).handler(request);
    const requestId = request.output.mock.calls.find(
      (c: any[]) => c[0] === 'requestId',
    )[1];

    // A shorter explicit wait: warned at the start, and the failure names the expiry and the way on.
    const short = context({
      requestId,
      timeoutMinutes: 0.005,
      pollIntervalSeconds: 1,
    });
    const shortWarn = jest.spyOn(short.logger, 'warn');
    const shortWait = createWaitForApprovalAction({
      ...deps(),
      minPollMs: 50,
    }).handler(short);
    await expect(shortWait).rejects.toThrow(
      /still pending after 0.005 minutes; the request stays open in the portal until it expires at \S+; to resume, once it is approved, record the promotion: run the "Record an approved promotion" template/,
    );
    expect(shortWarn).toHaveBeenCalledWith(
      expect.stringContaining('before the request expires'),
    );

    // No timeout: the task waits as long as the request can be decided (2 s here, not 60 minutes).
    const started = Date.now();
    const wait = context({ requestId, pollIntervalSeconds: 1 });
    const waitWarn = jest.spyOn(wait.logger, 'warn');
    await expect(
      createWaitForApprovalAction({ ...deps(), minPollMs: 50 }).handler(wait),
    ).rejects.toThrow(
      new RegExp(
        `approval request ${requestId} expired at \\S+ without the approvals it needs; make a new request`,
      ),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(waitWarn).not.toHaveBeenCalled();
  });

  it('request fails with the server message for an unknown version', async () => {
    const request = context({
      modelRef: 'model:default/credit-default-scorer',
      modelVersion: '9.9.9',
      justification: 'does not exist at all',
    });
    await expect(
      createRequestApprovalAction(deps()).handler(request),
    ).rejects.toThrow(/has no version "9.9.9"/);
  });

  it('dry runs call nothing', async () => {
    const nowhere = {
      ...deps(),
      discovery: {
        getBaseUrl: async () => {
          throw new Error('called');
        },
        getExternalBaseUrl: async () => '',
      },
    };
    const ctx = context(
      {
        modelRef: 'model:default/x',
        modelVersion: '1',
        justification: 'dry run only',
      },
      { isDryRun: true },
    );
    await createRequestApprovalAction(nowhere).handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('requestId', 'dry-run');
    const promote = context({ requestId: 'x' }, { isDryRun: true });
    await createPromoteModelAction(nowhere).handler(promote);
    expect(promote.output).toHaveBeenCalledWith('promotionId', 'dry-run');
  });

  it('readiness gate reads the real scorecards API of the backend', async () => {
    const ctx = context({
      modelRef: 'model:default/credit-default-scorer',
      minimumLevel: 0,
    });
    await createReadinessGateAction(deps()).handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('checked', true);
    expect(ctx.output).toHaveBeenCalledWith('passed', true);
  });

  it("readiness gate takes the minimum from the model's approval policy, not from the user (issue 12 item 2)", async () => {
    // segmentation (low risk): policy low-production requires Gold.
    const gate = context({ modelRef: 'model:default/segmentation' });
    await expect(
      createReadinessGateAction(deps()).handler(gate),
    ).rejects.toThrow(
      /^model:default\/segmentation holds production-readiness level \d \(\w+\), below the minimum 3 \(Gold\) that policy low-production requires for production; to reach \w+, fix: /,
    );
    expect(gate.output).toHaveBeenCalledWith('minimumLevel', '3 (Gold)');
    // A lower level in the template does not lower it (and says so).
    const lowered = context({
      modelRef: 'model:default/segmentation',
      minimumLevel: 0,
    });
    const warn = jest.spyOn(lowered.logger, 'warn');
    await expect(
      createReadinessGateAction(deps()).handler(lowered),
    ).rejects.toThrow(
      /below the minimum 3 \(Gold\) that policy low-production/,
    );
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining("the policy's minimum applies"),
    );
    // credit-default-scorer (high risk): policy high-production sets no minimum.
    const none = context({ modelRef: 'model:default/credit-default-scorer' });
    await createReadinessGateAction(deps()).handler(none);
    expect(none.output).toHaveBeenCalledWith('passed', true);
    expect(none.output).toHaveBeenCalledWith('minimumLevel', '');
  });

  it('readiness gate fails clearly when the scorecards API is unavailable, or warns when asked to', async () => {
    const missing = {
      ...deps(),
      discovery: {
        getBaseUrl: async () => `${base}/not-installed`,
        getExternalBaseUrl: async () => '',
      },
    };
    const gate = createReadinessGateAction(missing);
    const ctx = context({
      modelRef: 'model:default/credit-default-scorer',
      minimumLevel: 'Silver',
    });
    await expect(gate.handler(ctx)).rejects.toThrow(
      /approvals API unavailable: GET \/api\/modelops\/approvals\/models\/default\/credit-default-scorer\/policy\?toStage=production answered 404/,
    );
    const warn = context({
      modelRef: 'model:default/credit-default-scorer',
      minimumLevel: 'Silver',
      onUnavailable: 'warn',
    });
    await gate.handler(warn);
    expect(warn.output).toHaveBeenCalledWith('checked', false);
  });
});

describe('modelops:readiness:gate level comparison', () => {
  const definitions = {
    scorecards: [
      {
        id: 'production-readiness',
        levels: [
          { level: 0, name: 'Stone' },
          { level: 1, name: 'Bronze' },
          { level: 2, name: 'Silver' },
          { level: 3, name: 'Gold' },
        ],
      },
    ],
  };
  function gateWith(level: number, levelName: string) {
    const fetchImpl = (async (url: string) => {
      const body = url.endsWith('/scorecards/definitions')
        ? definitions
        : {
            scorecards: [
              {
                scorecard: 'production-readiness',
                level,
                levelName,
                next: { name: 'Gold', failingChecks: ['drift-monitored'] },
              },
            ],
          };
      return new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }) as any;
    return createReadinessGateAction({ ...deps(), fetch: fetchImpl });
  }

  it('passes at or above the minimum level (by name or number)', async () => {
    const ctx = context({
      modelRef: 'model:default/m',
      minimumLevel: 'silver',
    });
    await gateWith(3, 'Gold').handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('passed', true);
    expect(ctx.output).toHaveBeenCalledWith('level', '3 (Gold)');
    const byNumber = context({ modelRef: 'model:default/m', minimumLevel: 2 });
    await gateWith(2, 'Silver').handler(byNumber);
    expect(byNumber.output).toHaveBeenCalledWith('passed', true);
  });

  it('fails below the minimum level, saying what to fix', async () => {
    const ctx = context({ modelRef: 'model:default/m', minimumLevel: 'Gold' });
    await expect(gateWith(2, 'Silver').handler(ctx)).rejects.toThrow(
      'model:default/m holds production-readiness level 2 (Silver), below the required Gold; to reach Gold, fix: drift-monitored',
    );
  });

  it('names unknown levels and scorecards', async () => {
    await expect(
      gateWith(2, 'Silver').handler(
        context({ modelRef: 'model:default/m', minimumLevel: 'Platinum' }),
      ),
    ).rejects.toThrow(
      'input.minimumLevel: "Platinum" is not a level of production-readiness (levels: 0 Stone, 1 Bronze, 2 Silver, 3 Gold)',
    );
    await expect(
      gateWith(2, 'Silver').handler(
        context({
          modelRef: 'model:default/m',
          minimumLevel: 1,
          scorecard: 'nope',
        }),
      ),
    ).rejects.toThrow('input.scorecard: no scorecard "nope"');
  });

  it("with the policy's minimum but no scorecards API: fails saying so, or warns (the backend still enforces it) (issue 12 item 2)", async () => {
    const fetchImpl = (async (url: string) =>
      url.includes('/approvals/')
        ? new Response(
            JSON.stringify({
              id: 'high-risk-production',
              minimumReadiness: {
                scorecard: 'production-readiness',
                level: 2,
                levelName: 'Silver',
              },
            }),
            { status: 200, headers: { 'content-type': 'application/json' } },
          )
        : new Response('{"error":{"message":"down"}}', {
            status: 503,
            headers: { 'content-type': 'application/json' },
          })) as any;
    const gate = createReadinessGateAction({ ...deps(), fetch: fetchImpl });
    await expect(
      gate.handler(context({ modelRef: 'model:default/m' })),
    ).rejects.toThrow(
      /scorecards API unavailable: GET \/api\/modelops\/scorecards\/models\/default\/m answered 503/,
    );
    const warn = context({
      modelRef: 'model:default/m',
      onUnavailable: 'warn',
    });
    await gate.handler(warn);
    expect(warn.output).toHaveBeenCalledWith('checked', false);
    expect(warn.output).toHaveBeenCalledWith('minimumLevel', '2 (Silver)');
  });
});
