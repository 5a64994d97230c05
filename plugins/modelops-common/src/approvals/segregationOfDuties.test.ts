import { ApprovalDecision, ApprovalRequest } from './ApprovalRequest';
import {
  approvalProgress,
  assignApprovers,
  checkDecision,
  openApproverGroups,
  stateAfterDecisions,
} from './segregationOfDuties';

const NOW = new Date('2026-11-22T12:00:00Z');
const MRM = 'group:default/model-risk-management';
const COMPLIANCE = 'group:default/compliance';
const OWNER = 'group:default/credit-risk-ds';

function request(overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: 'r1',
    modelRef: 'model:default/credit-default-scorer',
    modelVersion: '3.3.0',
    fromStage: 'staging',
    toStage: 'production',
    requester: 'user:default/priya.raman',
    justification: 'better AUC',
    links: [],
    ownerRef: OWNER,
    riskTier: 'high',
    policyId: 'high-production',
    requirements: [
      { id: 'model-risk', groups: [MRM], count: 1 },
      { id: 'compliance', groups: [COMPLIANCE], count: 1 },
    ],
    allowOwnerApproval: false,
    state: 'pending',
    createdAt: '2026-11-22T10:00:00Z',
    expiresAt: '2026-11-25T10:00:00Z',
    closedAt: null,
    decisions: [],
    promotedAt: null,
    ...overrides,
  };
}

function approval(
  decider: string,
  eligible: string[],
  decision: 'approve' | 'reject' = 'approve',
): ApprovalDecision {
  return {
    id: decider,
    requestId: 'r1',
    decider,
    decision,
    requirementId: null,
    eligibleRequirementIds: eligible,
    comment: null,
    createdAt: NOW.toISOString(),
  };
}

const fatima = { userRef: 'user:default/fatima.haddad', groupRefs: [MRM] };
const grace = {
  userRef: 'user:default/grace.liu',
  groupRefs: [MRM, COMPLIANCE],
};
const noah = { userRef: 'user:default/noah.klein', groupRefs: [COMPLIANCE] };

describe('checkDecision', () => {
  it('never lets the requester decide, even as a member of a required group', () => {
    const r = request({ requester: fatima.userRef });
    const check = checkDecision(r, fatima, 'approve', NOW);
    expect(check).toMatchObject({ allowed: false, reason: 'self-decision' });
    expect(checkDecision(r, fatima, 'reject', NOW)).toMatchObject({
      allowed: false,
      reason: 'self-decision',
    });
  });

  it('compares user refs case-insensitively', () => {
    const r = request({ requester: 'User:default/Fatima.Haddad' });
    expect(checkDecision(r, fatima, 'approve', NOW)).toMatchObject({
      reason: 'self-decision',
    });
  });

  it('refuses a second decision by the same person, so one person never fills two roles', () => {
    const r = request({
      decisions: [approval(grace.userRef, ['model-risk', 'compliance'])],
    });
    expect(checkDecision(r, grace, 'approve', NOW)).toMatchObject({
      allowed: false,
      reason: 'already-decided',
    });
    expect(stateAfterDecisions(r, r.decisions)).toBe('pending');
  });

  it('refuses people outside the required groups, naming the groups', () => {
    const r = request();
    const check = checkDecision(
      r,
      { userRef: 'user:default/x', groupRefs: ['group:default/genai-lab'] },
      'approve',
      NOW,
    );
    expect(check).toMatchObject({ allowed: false, reason: 'not-eligible' });
    expect((check as any).message).toContain(MRM);
  });

  it('refuses owners unless the policy allows owner approval', () => {
    const ownerInMrm = {
      userRef: 'user:default/tomas.novak',
      groupRefs: [OWNER, MRM],
    };
    expect(checkDecision(request(), ownerInMrm, 'approve', NOW)).toMatchObject({
      allowed: false,
      reason: 'owner-not-allowed',
    });
    const lowRisk = request({
      allowOwnerApproval: true,
      requirements: [{ id: 'owner', groups: ['owner'], count: 1 }],
    });
    expect(checkDecision(lowRisk, ownerInMrm, 'approve', NOW)).toMatchObject({
      allowed: true,
      requirementId: 'owner',
      nextState: 'approved',
    });
  });

  it('refuses decisions on final or expired requests', () => {
    expect(
      checkDecision(request({ state: 'approved' }), fatima, 'approve', NOW),
    ).toMatchObject({ reason: 'not-pending' });
    expect(
      checkDecision(
        request({ expiresAt: '2026-11-22T11:59:59Z' }),
        fatima,
        'approve',
        NOW,
      ),
    ).toMatchObject({ reason: 'expired' });
  });

  it('refuses an approval when the roles the approver qualifies for are full', () => {
    const r = request({
      decisions: [approval(fatima.userRef, ['model-risk'])],
    });
    const other = { userRef: 'user:default/james.oconnor', groupRefs: [MRM] };
    expect(checkDecision(r, other, 'approve', NOW)).toMatchObject({
      allowed: false,
      reason: 'roles-filled',
    });
    // ... but an eligible person may still reject
    expect(checkDecision(r, other, 'reject', NOW)).toMatchObject({
      allowed: true,
      nextState: 'rejected',
    });
  });

  it('approves when every role has its quorum of distinct people', () => {
    let r = request();
    const first = checkDecision(r, fatima, 'approve', NOW);
    expect(first).toMatchObject({
      allowed: true,
      requirementId: 'model-risk',
      nextState: 'pending',
    });
    r = request({ decisions: [approval(fatima.userRef, ['model-risk'])] });
    expect(checkDecision(r, noah, 'approve', NOW)).toMatchObject({
      allowed: true,
      requirementId: 'compliance',
      nextState: 'approved',
    });
  });

  it('re-routes a person who qualifies for two roles instead of blocking the request', () => {
    // grace (MRM + compliance) approves first and is placed on model-risk; fatima (MRM only) still fits
    // because grace moves to compliance.
    const r = request({
      decisions: [approval(grace.userRef, ['model-risk', 'compliance'])],
    });
    const check = checkDecision(r, fatima, 'approve', NOW);
    expect(check).toMatchObject({
      allowed: true,
      requirementId: 'model-risk',
      nextState: 'approved',
    });
  });
});

describe('assignApprovers and progress', () => {
  it('honours quorum counts and uses each person once', () => {
    const reqs = [
      { id: 'a', groups: ['g'], count: 2 },
      { id: 'b', groups: ['h'], count: 1 },
    ];
    const assignment = assignApprovers(reqs, [
      { decider: 'u1', eligibleRequirementIds: ['a', 'b'] },
      { decider: 'u2', eligibleRequirementIds: ['a'] },
      { decider: 'u3', eligibleRequirementIds: ['a'] },
    ]);
    expect([...assignment.values()].sort()).toEqual(['a', 'a', 'b']);
    expect(assignment.get('u1')).toBe('b');
  });

  it('reports missing approvals per role and the groups still needed', () => {
    const r = request({
      decisions: [approval(fatima.userRef, ['model-risk'])],
    });
    expect(
      approvalProgress(r, r.decisions).map(p => [
        p.requirement.id,
        p.approvers,
        p.missing,
      ]),
    ).toEqual([
      ['model-risk', [fatima.userRef], 0],
      ['compliance', [], 1],
    ]);
    expect(openApproverGroups(r)).toEqual([COMPLIANCE]);
  });

  it('any rejection rejects', () => {
    const r = request();
    expect(
      stateAfterDecisions(r, [
        approval(fatima.userRef, ['model-risk']),
        approval(noah.userRef, ['compliance'], 'reject'),
      ]),
    ).toBe('rejected');
  });
});
