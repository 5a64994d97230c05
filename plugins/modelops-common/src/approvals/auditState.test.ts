import { createHash } from 'node:crypto';
import type { ApprovalRequest, ModelPromotion } from './ApprovalRequest';
import {
  AUDIT_GENESIS_HASH,
  AuditEvent,
  AuditEventContent,
  chainAuditEvent,
} from './auditChain';
import {
  compareRequestWithAudit,
  missingRequestRow,
  replayAuditedRequests,
} from './auditState';

const sha256 = (s: string) =>
  createHash('sha256').update(s, 'utf8').digest('hex');
const requirements = [
  { id: 'model-risk', groups: ['group:default/mrm'], count: 1 },
];

function chainOf(
  contents: Array<Partial<AuditEventContent> & Pick<AuditEventContent, 'type'>>,
): AuditEvent[] {
  const events: AuditEvent[] = [];
  contents.forEach((c, i) => {
    const content: AuditEventContent = {
      requestId: 'r1',
      modelRef: 'model:default/m',
      actor: 'user:default/a',
      client: null,
      comment: null,
      payload: {},
      createdAt: `2026-11-22T10:0${i}:00.000Z`,
      ...c,
    };
    events.push(
      chainAuditEvent(
        content,
        {
          seq: i + 1,
          id: `e${i + 1}`,
          prevHash: events[i - 1]?.hash ?? AUDIT_GENESIS_HASH,
        },
        sha256,
      ),
    );
  });
  return events;
}

const history = chainOf([
  {
    type: 'request.created',
    actor: 'user:default/Priya',
    payload: {
      modelVersion: '1.0',
      fromStage: 'staging',
      toStage: 'production',
      policyId: 'p',
      requirements,
      expiresAt: '2026-11-23T10:00:00.000Z',
    },
  },
  {
    type: 'decision.recorded',
    actor: 'user:default/fatima',
    payload: {
      decisionId: 'd1',
      decision: 'approve',
      requirementId: 'model-risk',
    },
  },
  { type: 'request.approved', actor: 'user:default/fatima' },
  {
    type: 'promotion.recorded',
    actor: 'user:default/priya',
    payload: { promotionId: 'p1', modelVersion: '1.0', toStage: 'production' },
  },
]);

const row: ApprovalRequest = {
  id: 'r1',
  modelRef: 'model:default/m',
  modelVersion: '1.0',
  fromStage: 'staging',
  toStage: 'production',
  requester: 'user:default/priya',
  justification: 'j',
  links: [],
  ownerRef: null,
  riskTier: null,
  policyId: 'p',
  requirements,
  allowOwnerApproval: false,
  state: 'approved',
  createdAt: '2026-11-22T10:00:00.000Z',
  expiresAt: '2026-11-23T10:00:00.000Z',
  closedAt: '2026-11-22T10:02:00.000Z',
  decisions: [
    {
      id: 'd1',
      requestId: 'r1',
      decider: 'user:default/fatima',
      decision: 'approve',
      requirementId: 'model-risk',
      eligibleRequirementIds: ['model-risk'],
      comment: null,
      createdAt: '2026-11-22T10:01:00.000Z',
    },
  ],
  promotedAt: '2026-11-22T10:03:00.000Z',
};
const promotion: ModelPromotion = {
  id: 'p1',
  requestId: 'r1',
  modelRef: 'model:default/m',
  modelVersion: '1.0',
  fromStage: 'staging',
  toStage: 'production',
  promotedBy: 'user:default/priya',
  createdAt: '2026-11-22T10:03:00.000Z',
};

describe('request state replayed from the audit chain', () => {
  it('replays a request and finds rows that agree with it consistent', () => {
    const audited = replayAuditedRequests(history).get('r1')!;
    expect(audited).toMatchObject({
      state: 'approved',
      closedAt: '2026-11-22T10:02:00.000Z',
      promotion: { id: 'p1' },
      problems: [],
    });
    expect(compareRequestWithAudit(row, promotion, audited)).toEqual([]);
  });

  it('reports each column a database writer changed without events', () => {
    const audited = replayAuditedRequests(history).get('r1')!;
    const tampered: ApprovalRequest = {
      ...row,
      state: 'rejected',
      modelVersion: '2.0',
      requirements: [],
      decisions: [],
    };
    expect(
      compareRequestWithAudit(tampered, null, audited).map(m => m.column),
    ).toEqual([
      'state',
      'model_version',
      'requirements',
      'decisions',
      'promotion',
    ]);
    expect(compareRequestWithAudit(row, promotion, undefined)).toEqual([
      { requestId: 'r1', column: 'row', database: 'approved', chain: null },
    ]);
    expect(missingRequestRow(audited)).toEqual({
      requestId: 'r1',
      column: 'row',
      database: null,
      chain: 'approved',
    });
  });

  it('flags impossible event orders (a promotion of a rejected request)', () => {
    const events = chainOf([
      { type: 'request.created', payload: {} },
      { type: 'request.rejected' },
      { type: 'promotion.recorded', payload: { promotionId: 'p9' } },
    ]);
    expect(replayAuditedRequests(events).get('r1')!.problems).toEqual([
      'event #3 (promotion.recorded) on a request that is rejected',
    ]);
  });
});
