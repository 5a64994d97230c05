import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  modelopsApprovalCreatePermission,
  modelopsDriftReadPermission,
  modelopsScorecardReadPermission,
  parseApprovalPolicies,
  ScorecardEngine,
} from '@modelops/plugin-modelops-common';
import { DatabaseApprovalStore } from '../../database/DatabaseApprovalStore';
import { userEntity } from '../../tests/fixtures';
import { ApprovalService } from '../approvals/ApprovalService';
import { registerModelopsActions } from './registerModelopsActions';

jest.setTimeout(60_000);

/*
 * The actions for AI agents, invoked through the actions registry mock (input and output schemas
 * applied as the real registry does) on a real approval store (SQLite) and the catalog mock.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const MRM = 'group:default/model-risk-management';
const OWNER = 'group:default/credit-risk-ds';
const OTHER = 'group:default/marketing-ds';

function model(
  name: string,
  spec: Record<string, unknown>,
  owner = OWNER,
): Record<string, unknown> {
  return {
    apiVersion: 'modelops.io/v1alpha1',
    kind: 'Model',
    metadata: {
      name,
      namespace: 'default',
      title: name.replace(/-/g, ' '),
      // The catalog accepts any URL in metadata.links; an agent is given only http(s) ones.
      ...(name === 'credit-default-scorer'
        ? {
            links: [
              { url: 'https://mlflow.example/models/cds', title: 'MLflow' },
              // eslint-disable-next-line no-script-url -- the script URL is the link that must be left out
              { url: 'javascript:alert(document.cookie)', title: 'Click me' },
              { url: 'data:text/html,<script>alert(1)</script>' },
            ],
          }
        : {}),
    },
    spec: {
      type: 'classification',
      lifecycle: 'production',
      owner,
      ...spec,
    },
    relations: [
      { type: 'ownedBy', targetRef: owner },
      ...(name === 'credit-default-scorer'
        ? [
            {
              type: 'trainedOn',
              targetRef: 'resource:default/loan-applications',
            },
            {
              type: 'servedBy',
              targetRef: 'component:default/credit-scoring-service',
            },
          ]
        : []),
    ],
  };
}

const entities = [
  model('credit-default-scorer', {
    riskTier: 'high',
    intendedUse: 'Decision support for underwriters <b>in the EU</b>',
    versions: [
      { version: '3.2.0', stage: 'production', metrics: { auc: 0.91 } },
      { version: '3.3.0', stage: 'staging' },
    ],
  }),
  model(
    'campaign-uplift',
    {
      riskTier: 'low',
      versions: [{ version: '1.0.0', stage: 'staging' }],
    },
    OTHER,
  ),
  model('churn-unrated', {
    versions: [{ version: '0.1.0', stage: 'development' }],
  }),
  userEntity('priya.raman', [OWNER]),
  userEntity('fatima.haddad', [MRM]),
];

const policies = parseApprovalPolicies([
  {
    id: 'high-production',
    riskTiers: ['high'],
    targetStages: ['production'],
    requirements: [{ id: 'model-risk', group: MRM }],
  },
]);

const PRIYA = mockCredentials.user('user:default/priya.raman');
const FATIMA = mockCredentials.user('user:default/fatima.haddad');

/** Permissions that allow everything except the names in `denied`. */
function permissionsDenying(denied: BasicPermission[] = []) {
  const names = new Set(denied.map(p => p.name));
  return {
    authorize: jest.fn(async (requests: any[]) =>
      requests.map(r => ({
        result: names.has(r.permission.name)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      })),
    ),
    authorizeConditional: jest.fn(),
  } as any;
}

async function setup(denied: BasicPermission[] = []) {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseApprovalStore.create({
    database: { getClient: async () => knex, migrations: { skip: false } },
  });
  const catalog = catalogServiceMock({ entities: entities as any });
  const permissions = permissionsDenying(denied);
  const approvals = new ApprovalService({
    store,
    catalog,
    auth: mockServices.auth(),
    permissions,
    logger: mockServices.logger.mock(),
    policies,
    adminGroups: [],
  });
  const engine = ScorecardEngine.create();
  const scorecards = {
    evaluateModel: jest.fn(async (_ref: string) =>
      engine.evaluate({
        entity: entities[0] as any,
        now: new Date('2026-11-28T00:00:00Z'),
      }),
    ),
  };
  const lastRun = {
    id: 'r1',
    entityRef: 'model:default/credit-default-scorer',
    runId: 'nightly-2026-11-27',
    referenceId: 'ref1',
    modelVersion: '3.2.0',
    windowStart: null,
    windowEnd: '2026-11-27T00:00:00.000Z',
    status: 'ok',
    datasetDrift: true,
    driftShare: 0.5,
    featureCount: 2,
    driftedCount: 1,
    source: 'rows' as const,
    submittedBy: 'service:modelops-cli',
    createdAt: '2026-11-27T01:00:00.000Z',
    acknowledgement: null,
    report: {
      datasetDrift: true,
      driftShare: 0.5,
      features: [
        {
          name: 'income',
          kind: 'numerical',
          method: 'ks',
          value: 0.31,
          threshold: 0.1,
          drift: true,
          status: 'ok',
        },
        {
          name: 'age',
          kind: 'numerical',
          method: 'ks',
          value: 0.02,
          threshold: 0.1,
          drift: false,
          status: 'ok',
        },
      ],
    },
  };
  const drift = {
    status: jest.fn(async (ref: string) => ({
      entityRef: ref,
      hasReference: true,
      reference: null,
      lastRun: ref === lastRun.entityRef ? lastRun : null,
    })),
    listRuns: jest.fn(async (ref: string) => ({
      items: ref === lastRun.entityRef ? [lastRun] : [],
    })),
    latestStatusAll: jest.fn(async () => [
      { entityRef: lastRun.entityRef, lastRun },
      {
        entityRef: 'model:default/campaign-uplift',
        lastRun: { ...lastRun, datasetDrift: false },
      },
    ]),
  };
  const events: any[] = [];
  const auditor = {
    createEvent: jest.fn(async (options: any) => {
      const event = {
        options,
        success: jest.fn(async () => {}),
        fail: jest.fn(async () => {}),
      };
      events.push(event);
      return event;
    }),
  };
  const registry = actionsRegistryServiceMock();
  registerModelopsActions(registry, {
    catalog,
    auth: mockServices.auth(),
    permissions,
    auditor: auditor as any,
    scorecards: scorecards as any,
    drift: drift as any,
    approvals,
  });
  const { actions } = await registry.list();
  const idOf = (name: string) => actions.find(a => a.name === name)!.id;
  const invoke = (
    name: string,
    input: Record<string, unknown>,
    credentials: BackstageCredentials = PRIYA,
  ) =>
    registry
      .invoke({ id: idOf(name), input: input as any, credentials })
      .then(r => r.output as any);
  return { registry, actions, invoke, catalog, events, approvals, drift };
}

describe('modelops actions', () => {
  it('registers five actions; only request-promotion is not read-only', async () => {
    const { actions } = await setup();
    expect(
      actions.map(a => [
        a.name,
        a.attributes.readOnly,
        a.attributes.destructive,
      ]),
    ).toEqual([
      ['find-models', true, false],
      ['describe-model', true, false],
      ['explain-level', true, false],
      ['list-my-pending-approvals', true, false],
      ['request-promotion', false, false],
    ]);
    const request = actions.find(a => a.name === 'request-promotion')!;
    expect(request.schema.input).toMatchObject({
      type: 'object',
      properties: {
        modelRef: { type: 'string' },
        modelVersion: { type: 'string' },
        toStage: {
          enum: ['none', 'development', 'staging', 'production', 'archived'],
        },
        justification: { type: 'string', minLength: 10 },
      },
      required: ['modelRef', 'modelVersion', 'justification'],
    });
    for (const a of actions) expect(a.description.length).toBeGreaterThan(80);
  });

  describe('find-models', () => {
    it('filters by owner, risk tier, stage and drift status', async () => {
      const { invoke } = await setup();
      const all = await invoke('find-models', {});
      expect(all.items.map((m: any) => m.ref)).toEqual([
        'model:default/campaign-uplift',
        'model:default/churn-unrated',
        'model:default/credit-default-scorer',
      ]);
      expect(all.items[2]).toMatchObject({
        owner: OWNER,
        riskTier: 'high',
        productionVersion: '3.2.0',
        driftStatus: 'drifting',
      });
      expect(all.items[1]).toMatchObject({
        riskTier: 'unclassified',
        driftStatus: 'no-runs',
      });
      const refs = async (input: Record<string, unknown>) =>
        (await invoke('find-models', input)).items.map((m: any) => m.ref);
      expect(await refs({ owner: 'marketing-ds' })).toEqual([
        'model:default/campaign-uplift',
      ]);
      expect(await refs({ riskTier: 'unclassified' })).toEqual([
        'model:default/churn-unrated',
      ]);
      expect(await refs({ stage: 'production' })).toEqual([
        'model:default/credit-default-scorer',
      ]);
      expect(await refs({ driftStatus: 'stable' })).toEqual([
        'model:default/campaign-uplift',
      ]);
      expect(await refs({ text: 'uplift' })).toEqual([
        'model:default/campaign-uplift',
      ]);
      // every word must match, in any order (the catalog gets the longest one)
      expect(await refs({ text: 'Scorer default' })).toEqual([
        'model:default/credit-default-scorer',
      ]);
      expect(await refs({ text: 'scorer uplift' })).toEqual([]);
      const limited = await invoke('find-models', { limit: 2 });
      expect(limited.items).toHaveLength(2);
      expect(limited.more).toBe(true);
    });

    it('reads the catalog with the caller credentials', async () => {
      const { invoke, catalog } = await setup();
      const spy = jest.spyOn(catalog, 'queryEntities');
      await invoke('find-models', {}, FATIMA);
      expect(spy.mock.calls[0][1]).toEqual({ credentials: FATIMA });
    });

    it('names the field of bad input, and refuses unknown fields', async () => {
      const { invoke } = await setup();
      await expect(
        invoke('find-models', { riskTier: 'extreme' }),
      ).rejects.toThrow(
        /riskTier: must be one of low, medium, high, unclassified/,
      );
      await expect(invoke('find-models', { limit: 1000 })).rejects.toThrow(
        /limit: must be at most 100/,
      );
      await expect(invoke('find-models', { owner: 42 })).rejects.toThrow(
        /owner: must be a group entity ref/,
      );
      await expect(invoke('find-models', { color: 'red' })).rejects.toThrow(
        /color: unknown field/,
      );
    });

    it('withholds drift status without modelops.drift.read, and refuses to filter by it', async () => {
      const { invoke } = await setup([modelopsDriftReadPermission]);
      const out = await invoke('find-models', {});
      expect(out.items[0].driftStatus).toBeUndefined();
      expect(out.withheld).toEqual([
        'driftStatus: missing permission modelops.drift.read',
      ]);
      await expect(
        invoke('find-models', { driftStatus: 'drifting' }),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
    });
  });

  describe('describe-model', () => {
    it('gives card, lineage, production approval, scorecards and drift verdicts', async () => {
      const { invoke, approvals } = await setup();
      const before = await invoke('describe-model', {
        modelRef: 'credit-default-scorer',
      });
      expect(before).toMatchObject({
        ref: 'model:default/credit-default-scorer',
        card: {
          owner: OWNER,
          riskTier: 'high',
          // returned as data, not rendered: the client decides how to show it
          intendedUse: 'Decision support for underwriters <b>in the EU</b>',
          versions: [
            { version: '3.2.0', stage: 'production', metrics: { auc: 0.91 } },
            { version: '3.3.0', stage: 'staging' },
          ],
          links: [
            { url: 'https://mlflow.example/models/cds', title: 'MLflow' },
          ],
        },
        lineage: {
          trainedOn: ['resource:default/loan-applications'],
          servedBy: ['component:default/credit-scoring-service'],
        },
        production: {
          status: 'unverified',
          version: '3.2.0',
          approved: false,
        },
        drift: {
          status: 'drifting',
          hasReference: true,
          latestRuns: [
            {
              runId: 'nightly-2026-11-27',
              datasetDrift: true,
              acknowledged: false,
            },
          ],
          driftedFeatures: [
            { name: 'income', method: 'ks', value: 0.31, threshold: 0.1 },
          ],
        },
        withheld: [],
      });
      expect(before.scorecards.map((s: any) => s.scorecard)).toEqual([
        'maturity',
        'production-readiness',
      ]);
      expect(before.scorecards[0]).toHaveProperty('summary');

      // a recorded promotion makes the production version approved
      jest.spyOn(approvals, 'listPromotions').mockResolvedValue([
        {
          id: 'p1',
          requestId: 'req-1',
          modelRef: 'model:default/credit-default-scorer',
          modelVersion: '3.2.0',
          fromStage: 'staging',
          toStage: 'production',
          promotedBy: 'user:default/priya.raman',
          createdAt: '2026-09-02T00:00:00.000Z',
        },
      ]);
      const after = await invoke('describe-model', {
        modelRef: 'model:default/credit-default-scorer',
      });
      expect(after.production).toMatchObject({
        status: 'approved',
        version: '3.2.0',
        approved: true,
        approvedRequestId: 'req-1',
      });
    });

    it('withholds the sections the caller may not read', async () => {
      const { invoke } = await setup([
        modelopsDriftReadPermission,
        modelopsScorecardReadPermission,
      ]);
      const out = await invoke('describe-model', {
        modelRef: 'model:default/credit-default-scorer',
      });
      expect(out.drift).toBeUndefined();
      expect(out.scorecards).toBeUndefined();
      expect(out.production).toBeDefined();
      expect(out.withheld).toEqual([
        'scorecards: missing permission modelops.scorecard.read',
        'drift: missing permission modelops.drift.read',
      ]);
    });

    it('is a NotFoundError for an unknown model, an InputError for a ref of another kind', async () => {
      const { invoke } = await setup();
      await expect(
        invoke('describe-model', { modelRef: 'model:default/nope' }),
      ).rejects.toMatchObject({
        name: 'NotFoundError',
        message: expect.stringContaining('model:default/nope'),
      });
      await expect(
        invoke('describe-model', { modelRef: 'user:default/priya.raman' }),
      ).rejects.toThrow(/modelRef: must be a Model entity ref/);
      await expect(invoke('describe-model', {})).rejects.toThrow(
        /modelRef: is required/,
      );
    });
  });

  describe('explain-level', () => {
    it('explains one scorecard or all, and names an unknown scorecard', async () => {
      const { invoke } = await setup();
      const one = await invoke('explain-level', {
        modelRef: 'credit-default-scorer',
        scorecard: 'production-readiness',
      });
      expect(one.explanations).toHaveLength(1);
      expect(one.explanations[0]).toMatchObject({
        scorecard: 'production-readiness',
        blockers: expect.any(Array),
        summary: expect.stringContaining('Production readiness'),
      });
      await expect(
        invoke('explain-level', {
          modelRef: 'credit-default-scorer',
          scorecard: 'vibes',
        }),
      ).rejects.toThrow(/scorecard: no scorecard "vibes"; known: /);
    });

    it('needs modelops.scorecard.read', async () => {
      const { invoke } = await setup([modelopsScorecardReadPermission]);
      await expect(
        invoke('explain-level', { modelRef: 'credit-default-scorer' }),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: 'missing permission modelops.scorecard.read',
      });
    });
  });

  describe('request-promotion and list-my-pending-approvals', () => {
    const body = {
      modelRef: 'model:default/credit-default-scorer',
      modelVersion: '3.3.0',
      justification: 'AUC +0.006 on the 2026 holdout',
    };

    it('requests as the calling user; the approver sees it, the requester does not (segregation of duties)', async () => {
      const { invoke, events } = await setup();
      const { request } = await invoke('request-promotion', body);
      expect(request).toMatchObject({
        modelRef: 'model:default/credit-default-scorer',
        modelVersion: '3.3.0',
        fromStage: 'staging',
        toStage: 'production',
        state: 'pending',
        requester: 'user:default/priya.raman',
        policyId: 'high-production',
        progress: [{ requirement: 'model-risk', approvers: [], missing: 1 }],
      });
      expect(events[0].options).toMatchObject({
        eventId: 'approval-request',
        meta: { via: 'actions', actor: 'user:default/priya.raman' },
      });
      expect(events[0].success).toHaveBeenCalled();

      const mine = await invoke('list-my-pending-approvals', {}, PRIYA);
      expect(mine).toEqual({ user: 'user:default/priya.raman', items: [] });
      const fatima = await invoke('list-my-pending-approvals', {}, FATIMA);
      expect(fatima.items.map((r: any) => r.id)).toEqual([request.id]);

      // a cursor that is not one of ours is an InputError naming cursor (never a crash)
      await expect(
        invoke('list-my-pending-approvals', { cursor: 'garbage' }, FATIMA),
      ).rejects.toThrow(/cursor: is not valid for this listing/);

      // the same version twice while one is pending
      await expect(invoke('request-promotion', body)).rejects.toMatchObject({
        name: 'ConflictError',
      });
      expect(events[1].fail).toHaveBeenCalled();
    });

    it('refuses what the HTTP API refuses, naming the field', async () => {
      const { invoke } = await setup();
      await expect(
        invoke('request-promotion', { ...body, modelVersion: '3.2.0' }),
      ).rejects.toThrow(/toStage: version 3.2.0 .* is already in production/);
      await expect(
        invoke('request-promotion', { ...body, modelVersion: '9.9.9' }),
      ).rejects.toThrow(/modelVersion: .* has no version "9.9.9"/);
      await expect(
        invoke('request-promotion', { ...body, justification: 'pls' }),
      ).rejects.toThrow(/justification: must be at least 10 characters/);
      await expect(
        invoke('request-promotion', {
          ...body,
          // eslint-disable-next-line no-script-url -- the script URL is the input that must be refused
          links: [{ url: 'javascript:alert(1)' }],
        }),
      ).rejects.toThrow(/links\[0\]\.url/);
      await expect(
        invoke('request-promotion', {
          ...body,
          modelRef: 'model:default/nope',
        }),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
      await expect(
        invoke('request-promotion', {
          ...body,
          justification: `long enough\u0000with a NUL`,
        }),
      ).rejects.toThrow(/justification: contains a NUL byte/);
    });

    it('refuses a service and a user without modelops.approval.create', async () => {
      const { invoke } = await setup();
      await expect(
        invoke(
          'request-promotion',
          body,
          mockCredentials.service('external:modelops-cli'),
        ),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringMatching(/signed-in user/),
      });
      await expect(
        invoke(
          'list-my-pending-approvals',
          {},
          mockCredentials.service('external:modelops-cli'),
        ),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });

      const denied = await setup([modelopsApprovalCreatePermission]);
      await expect(
        denied.invoke('request-promotion', body),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: 'missing permission modelops.approval.create',
      });
    });
  });
});
