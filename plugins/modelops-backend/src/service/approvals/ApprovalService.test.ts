import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ModelScorecardResult,
  parseApprovalPolicies,
} from '@modelops/plugin-modelops-common';
import { DatabaseApprovalStore } from '../../database/DatabaseApprovalStore';
import { userEntity } from '../../tests/fixtures';
import { Caller, SCAFFOLDER_SUBJECT } from '../callers';
import { ApprovalService } from './ApprovalService';

jest.setTimeout(60_000);

/*
 * The approval service on a real store (PostgreSQL 15 and SQLite) with the catalog mock: what the
 * routers call, tested without HTTP (issue 12 items 2-4).
 */

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const MRM = 'group:default/model-risk-management';
const COMPLIANCE = 'group:default/compliance';
const OWNER = 'group:default/credit-risk-ds';

const model = {
  apiVersion: 'modelops.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'credit-default-scorer', namespace: 'default' },
  spec: {
    type: 'classification',
    lifecycle: 'production',
    owner: 'credit-risk-ds',
    riskTier: 'high',
    versions: [
      { version: '3.2.0', stage: 'production' },
      { version: '3.3.0', stage: 'staging' },
    ],
  },
  relations: [{ type: 'ownedBy', targetRef: OWNER }],
};

const entities = [
  model,
  userEntity('priya.raman', [OWNER, MRM]), // the requester, also in MRM
  userEntity('tomas.novak', [OWNER, MRM]), // owning team: refused by the policy
  userEntity('fatima.haddad', [MRM]),
  userEntity('grace.liu', [MRM, COMPLIANCE]),
  userEntity('noah.klein', [COMPLIANCE]),
  userEntity('lena.berg', ['group:default/modelops-platform']),
];

const policies = parseApprovalPolicies([
  {
    id: 'high-production',
    riskTiers: ['high'],
    targetStages: ['production'],
    requirements: [
      { id: 'model-risk', group: MRM },
      { id: 'compliance', group: COMPLIANCE },
    ],
    minimumReadiness: { level: 'Silver' },
  },
]);

const caller = (name: string, onBehalfOf?: string): Caller => {
  const user = `user:default/${name}`;
  return {
    credentials: mockCredentials.user(user),
    user,
    onBehalfOf,
    actor: user,
    client: onBehalfOf ?? 'web',
  };
};

/** A scorecard result holding `level` of production-readiness. */
const readinessAt = (level: number): ModelScorecardResult => ({
  entityRef: 'model:default/credit-default-scorer',
  evaluatedAt: '2026-11-28T10:00:00.000Z',
  factSources: [],
  scorecards: [
    {
      scorecard: 'production-readiness',
      title: 'Production readiness',
      level,
      levelName: ['Stone', 'Bronze', 'Silver', 'Gold'][level],
      maxLevel: 3,
      blocked: false,
      next:
        level < 3
          ? {
              level: level + 1,
              name: ['Bronze', 'Silver', 'Gold'][level],
              failingChecks: ['model-card'],
              notEvaluatedChecks: [],
            }
          : null,
      checks: [],
    } as any,
  ],
});

describe.each(databases.eachSupportedId())(
  'ApprovalService on %s',
  databaseId => {
    async function setup() {
      const knex = await databases.init(databaseId);
      const store = await DatabaseApprovalStore.create({
        database: { getClient: async () => knex, migrations: { skip: false } },
      });
      const send = jest.fn(async (_n: any) => {});
      let level = 1;
      const readiness = jest.fn(async (_ref: string) => readinessAt(level));
      const service = new ApprovalService({
        store,
        catalog: catalogServiceMock({ entities: entities as any }),
        auth: mockServices.auth(),
        permissions: mockServices.permissions(),
        logger: mockServices.logger.mock(),
        policies,
        adminGroups: [],
        notifier: { send },
        readiness,
      });
      const request = await service.createRequest(
        {
          modelRef: 'model:default/credit-default-scorer',
          modelVersion: '3.3.0',
          toStage: 'production',
          justification: 'AUC +0.006 on the 2026 holdout',
        },
        caller('priya.raman'),
      );
      return {
        service,
        store,
        send,
        readiness,
        request,
        setLevel: (l: number) => {
          level = l;
        },
      };
    }

    it('notifies each eligible approver by name: not the requester, not the owning team (issue 12 item 4)', async () => {
      const { send, request, service } = await setup();
      expect(send).toHaveBeenCalledTimes(1);
      expect(send.mock.calls[0][0]).toMatchObject({
        recipients: {
          type: 'entity',
          entityRef: [
            'user:default/fatima.haddad',
            'user:default/grace.liu',
            'user:default/noah.klein',
          ],
        },
        payload: {
          title: 'Approval requested: credit-default-scorer 3.3.0 → production',
          link: `/approvals/requests/${request.id}`,
          topic: `modelops-approval-${request.id}`,
        },
      });
      // After fatima fills model-risk, only compliance is open: grace and noah remain.
      await service.decide(request.id, caller('fatima.haddad'), {
        decision: 'approve',
      });
      expect(
        await service.eligibleApprovers(
          (await service.getRequest(request.id))!,
        ),
      ).toEqual(['user:default/grace.liu', 'user:default/noah.klein']);
    });

    it('refuses a rejection without a reason before anything is recorded (issue 12 item 3)', async () => {
      const { service, request, store } = await setup();
      for (const comment of [undefined, null, '', '  ']) {
        await expect(
          service.decide(request.id, caller('fatima.haddad'), {
            decision: 'reject',
            comment,
          }),
        ).rejects.toThrow(
          'comment: is required when rejecting: say why, so the requester knows what to fix',
        );
      }
      expect((await store.getRequest(request.id))?.decisions).toEqual([]);
      const { request: rejected } = await service.decide(
        request.id,
        caller('fatima.haddad'),
        { decision: 'reject', comment: ' no fairness analysis ' },
      );
      expect(rejected.state).toBe('rejected');
      expect(rejected.decisions[0].comment).toBe('no fairness analysis');
    });

    it("refuses to record a promotion below the policy's minimum readiness, and records it once the model meets it (issue 12 item 2)", async () => {
      const { service, request, readiness, setLevel } = await setup();
      expect(
        service.policyFor(
          await service.getModel('model:default/credit-default-scorer'),
          'production',
        )?.minimumReadiness,
      ).toEqual({
        scorecard: 'production-readiness',
        level: 2,
        levelName: 'Silver',
      });
      await service.decide(request.id, caller('fatima.haddad'), {
        decision: 'approve',
      });
      await service.decide(request.id, caller('noah.klein'), {
        decision: 'approve',
      });
      const viaTask = caller('priya.raman', SCAFFOLDER_SUBJECT);
      await expect(service.promote(request.id, viaTask)).rejects.toThrow(
        'model:default/credit-default-scorer holds production-readiness level 1 (Bronze), below the minimum production-readiness level 2 (Silver) that policy high-production requires for production; to reach Silver, fix: model-card; the request stays approved',
      );
      expect(readiness).toHaveBeenCalledWith(
        'model:default/credit-default-scorer',
      );
      const after = await service.getRequest(request.id);
      expect(after).toMatchObject({ state: 'approved', promotedAt: null });
      expect(
        await service.listPromotions('model:default/credit-default-scorer'),
      ).toEqual([]);

      setLevel(2);
      const { created, promotion } = await service.promote(request.id, viaTask);
      expect(created).toBe(true);
      expect(promotion.modelVersion).toBe('3.3.0');
      // Recorded already: the same answer, whatever the readiness is now.
      setLevel(0);
      await expect(service.promote(request.id, viaTask)).resolves.toMatchObject(
        { created: false },
      );
    });
  },
);
