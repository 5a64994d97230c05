import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { modelopsPlugin } from '../../plugin';

jest.setTimeout(60_000);

const MRM = 'group:default/model-risk-management';
const COMPLIANCE = 'group:default/compliance';

const model = {
  apiVersion: 'modelops.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'credit-default-scorer', namespace: 'default', title: 'Credit Default Scorer' },
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
  relations: [{ type: 'ownedBy', targetRef: 'group:default/credit-risk-ds' }],
};

const lowModel = {
  ...model,
  metadata: { name: 'segmentation', namespace: 'default' },
  spec: { ...model.spec, riskTier: 'low', owner: 'personalization-ds' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/personalization-ds' }],
};

const userEntity = (name: string, groups: string[]) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { memberOf: groups },
  relations: groups.map(g => ({ type: 'memberOf', targetRef: g })),
});

const entities = [
  model,
  lowModel,
  userEntity('priya.raman', ['group:default/credit-risk-ds']),
  userEntity('tomas.novak', ['group:default/credit-risk-ds', MRM]),
  userEntity('fatima.haddad', [MRM]),
  userEntity('grace.liu', [MRM, COMPLIANCE]),
  userEntity('noah.klein', [COMPLIANCE]),
  userEntity('amara.okafor', ['group:default/personalization-ds']),
];

const policies = [
  { id: 'high-production', riskTiers: ['high'], targetStages: ['production'], requirements: [{ id: 'model-risk', group: MRM }, { id: 'compliance', group: COMPLIANCE }] },
  { id: 'low-production', riskTiers: ['low'], targetStages: ['production'], allowOwnerApproval: true, requirements: [{ groups: ['owner', 'group:default/modelops-platform'] }] },
];

async function start(opts: { deny?: boolean; notifyFails?: boolean } = {}) {
  const send = jest.fn(async (_n: any) => {
    if (opts.notifyFails) throw new Error('notifications backend not installed');
  });
  const { server } = await startTestBackend({
    features: [
      modelopsPlugin,
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
      catalogServiceMock.factory({ entities: entities as any }),
      createServiceFactory({ service: notificationService, deps: {}, factory: () => ({ send }) }),
      mockServices.rootConfig.factory({ data: { modelops: { approvals: { policies } } } }),
      ...(opts.deny ? [mockServices.permissions.factory({ result: AuthorizeResult.DENY })] : []),
    ],
  });
  return { server, send };
}

const as = (name: string) => ({ Authorization: mockCredentials.user.header(`user:default/${name}`) });
const body = { modelRef: 'model:default/credit-default-scorer', modelVersion: '3.3.0', justification: 'AUC +0.006 on the 2026 holdout', links: [{ url: 'https://mlflow.acme.example/runs/1', title: 'evaluation' }] };

describe('approvals router', () => {
  it('runs request → decisions → promotion, with SoD, viewer status, inbox, notifications and a verifiable audit trail', async () => {
    const { server, send } = await start();
    const created = await request(server).post('/api/modelops/approvals/requests').set(as('priya.raman')).set('x-modelops-client', 'scaffolder').send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'pending', requester: 'user:default/priya.raman', fromStage: 'staging', toStage: 'production', policyId: 'high-production', ownerRef: 'group:default/credit-risk-ds' });
    expect(created.body.progress.map((p: any) => [p.requirementId, p.missing])).toEqual([['model-risk', 1], ['compliance', 1]]);
    expect(send).toHaveBeenCalledWith(expect.objectContaining({ recipients: { type: 'entity', entityRef: [MRM, COMPLIANCE] } }));
    const id = created.body.id;

    // The requester sees no buttons; an eligible approver does; an owner in MRM is refused by policy.
    const asRequester = await request(server).get(`/api/modelops/approvals/requests/${id}`).set(as('priya.raman'));
    expect(asRequester.body.viewer).toMatchObject({ canApprove: false, isRequester: true });
    const asFatima = await request(server).get(`/api/modelops/approvals/requests/${id}`).set(as('fatima.haddad'));
    expect(asFatima.body.viewer).toMatchObject({ canApprove: true, canReject: true });
    const ownerTry = await request(server).post(`/api/modelops/approvals/requests/${id}/decisions`).set(as('tomas.novak')).send({ decision: 'approve' });
    expect(ownerTry.status).toBe(403);
    expect(ownerTry.body.error.message).toContain('owning team');

    // Inbox: fatima and noah see it, priya does not.
    expect((await request(server).get('/api/modelops/approvals/inbox').set(as('fatima.haddad'))).body.items.map((r: any) => r.id)).toEqual([id]);
    expect((await request(server).get('/api/modelops/approvals/inbox').set(as('priya.raman'))).body.items).toEqual([]);

    const self = await request(server).post(`/api/modelops/approvals/requests/${id}/decisions`).set(as('priya.raman')).send({ decision: 'approve' });
    expect(self.status).toBe(403);
    expect(self.body.error.message).toContain('requester cannot decide');

    // Promotion before approval is refused.
    const early = await request(server).post(`/api/modelops/approvals/requests/${id}/promotion`).set(as('priya.raman'));
    expect(early.status).toBe(403);

    const d1 = await request(server).post(`/api/modelops/approvals/requests/${id}/decisions`).set(as('grace.liu')).send({ decision: 'approve', comment: 'validation report reviewed' });
    expect(d1.status).toBe(201);
    expect(d1.body.request.state).toBe('pending');
    const again = await request(server).post(`/api/modelops/approvals/requests/${id}/decisions`).set(as('grace.liu')).send({ decision: 'approve' });
    expect(again.status).toBe(409);
    const d2 = await request(server).post(`/api/modelops/approvals/requests/${id}/decisions`).set(as('fatima.haddad')).send({ decision: 'approve' });
    expect(d2.status).toBe(201);
    expect(d2.body.request.state).toBe('approved');
    // grace (MRM + compliance) was moved to compliance so fatima (MRM only) could fill model-risk
    expect(Object.fromEntries(d2.body.request.progress.map((p: any) => [p.requirementId, p.approvers]))).toEqual({
      'model-risk': ['user:default/fatima.haddad'],
      compliance: ['user:default/grace.liu'],
    });
    expect(send).toHaveBeenLastCalledWith(expect.objectContaining({ recipients: { type: 'entity', entityRef: ['user:default/priya.raman'] } }));

    const promoted = await request(server).post(`/api/modelops/approvals/requests/${id}/promotion`).set(as('priya.raman'));
    expect(promoted.status).toBe(201);
    expect(promoted.body.promotion).toMatchObject({ modelVersion: '3.3.0', toStage: 'production' });
    const promotedAgain = await request(server).post(`/api/modelops/approvals/requests/${id}/promotion`).set(as('priya.raman'));
    expect(promotedAgain.status).toBe(200);
    const promotions = await request(server).get('/api/modelops/approvals/models/default/credit-default-scorer/promotions').set(as('noah.klein'));
    expect(promotions.body.items).toHaveLength(1);

    const audit = await request(server).get(`/api/modelops/approvals/audit?requestId=${id}`).set(as('noah.klein'));
    expect(audit.body.items.map((e: any) => [e.type, e.actor, e.client])).toEqual([
      ['request.created', 'user:default/priya.raman', 'scaffolder'],
      ['decision.recorded', 'user:default/grace.liu', 'api'],
      ['decision.recorded', 'user:default/fatima.haddad', 'api'],
      ['request.approved', 'user:default/fatima.haddad', 'api'],
      ['promotion.recorded', 'user:default/priya.raman', 'api'],
    ]);
    const csv = await request(server).get('/api/modelops/approvals/audit?format=csv').set(as('noah.klein'));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toBe('seq,id,createdAt,type,actor,client,requestId,modelRef,comment,payload,prevHash,hash');
    expect(csv.text.trim().split('\r\n')).toHaveLength(6);
    const verify = await request(server).get('/api/modelops/approvals/audit/verify').set(as('noah.klein'));
    expect(verify.body).toMatchObject({ valid: true, checked: 5, firstBroken: null });
  });

  it('rejects bad input with 400 naming the field', async () => {
    const { server } = await start();
    const missing = await request(server).post('/api/modelops/approvals/requests').set(as('priya.raman')).send({ modelRef: 'model:default/credit-default-scorer' });
    expect(missing.status).toBe(400);
    expect(missing.body.problems.map((p: any) => p.path)).toEqual(['modelVersion', 'justification']);
    const stage = await request(server).post('/api/modelops/approvals/requests').set(as('priya.raman')).send({ ...body, toStage: 'prod' });
    expect(stage.status).toBe(400);
    expect(stage.body.error.message).toContain('toStage: must be one of none, development, staging, production, archived');
    const version = await request(server).post('/api/modelops/approvals/requests').set(as('priya.raman')).send({ ...body, modelVersion: '9.9.9' });
    expect(version.status).toBe(400);
    expect(version.body.error.message).toContain('modelVersion: model:default/credit-default-scorer has no version "9.9.9" (known: 3.2.0, 3.3.0)');
    const noPolicy = await request(server).post('/api/modelops/approvals/requests').set(as('priya.raman')).send({ ...body, toStage: 'archived' });
    expect(noPolicy.status).toBe(400);
    expect(noPolicy.body.error.message).toContain('no approval policy applies');
    const unknownModel = await request(server).post('/api/modelops/approvals/requests').set(as('priya.raman')).send({ ...body, modelRef: 'model:default/nope' });
    expect(unknownModel.status).toBe(404);
    const created = await request(server).post('/api/modelops/approvals/requests').set(as('priya.raman')).send(body);
    const decision = await request(server).post(`/api/modelops/approvals/requests/${created.body.id}/decisions`).set(as('fatima.haddad')).send({ decision: 'maybe' });
    expect(decision.status).toBe(400);
    expect(decision.body.problems).toEqual([{ path: 'decision', message: 'must be "approve" or "reject"' }]);
    expect((await request(server).get('/api/modelops/approvals/requests/nope').set(as('fatima.haddad'))).status).toBe(404);
    expect((await request(server).get('/api/modelops/approvals/audit?limit=0').set(as('fatima.haddad'))).status).toBe(400);
  });

  it('answers 403 without permission and for service callers on user-only actions', async () => {
    const { server } = await start({ deny: true });
    expect((await request(server).post('/api/modelops/approvals/requests').set(as('priya.raman')).send(body)).status).toBe(403);
    expect((await request(server).get('/api/modelops/approvals/audit/verify').set(as('priya.raman'))).status).toBe(403);
    expect((await request(server).get('/api/modelops/approvals/requests').set(as('priya.raman'))).status).toBe(403);
    const { server: open } = await start();
    const service = await request(open).post('/api/modelops/approvals/requests').set('Authorization', mockCredentials.service.header()).send(body);
    expect(service.status).toBe(403);
    expect(service.body.error.message).toContain('signed-in user');
  });

  it('lets the owning team approve when the policy allows it, and survives a failing notifications backend', async () => {
    const { server, send } = await start({ notifyFails: true });
    const created = await request(server).post('/api/modelops/approvals/requests').set(as('amara.okafor')).send({ ...body, modelRef: 'model:default/segmentation' });
    expect(created.status).toBe(201);
    expect(send).toHaveBeenCalled();
    expect(created.body.progress[0].groups).toEqual(['owner', 'group:default/modelops-platform']);
    const teammate = entities.find(e => e.metadata.name === 'amara.okafor');
    expect(teammate).toBeDefined();
    // the requester is in the owning team but still cannot approve their own request
    const self = await request(server).post(`/api/modelops/approvals/requests/${created.body.id}/decisions`).set(as('amara.okafor')).send({ decision: 'approve' });
    expect(self.status).toBe(403);
    const cancel = await request(server).post(`/api/modelops/approvals/requests/${created.body.id}/cancel`).set(as('fatima.haddad')).send({});
    // mock permissions allow everything, so fatima passes as admin
    expect(cancel.status).toBe(200);
    expect(cancel.body.state).toBe('cancelled');
  });
});
