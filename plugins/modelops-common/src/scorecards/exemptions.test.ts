import { exemptionState, parseExemptionConfig } from './exemptions';
import type { ScorecardExemption } from './types';

const now = new Date('2026-11-22T12:00:00Z');
const ex = (o: Partial<ScorecardExemption> = {}): ScorecardExemption => ({
  entityRef: 'model:default/m',
  checkId: 'model-card-present',
  reason: 'rewrite in progress',
  requestedBy: 'user:default/ada',
  approvedBy: 'user:default/grace',
  expiresAt: '2026-12-01T00:00:00Z',
  ...o,
});

describe('exemptionState', () => {
  it('is active when approved by someone else and not expired', () => {
    expect(exemptionState(ex(), now)).toBe('active');
  });
  it('expires at the expiry instant', () => {
    expect(exemptionState(ex({ expiresAt: '2026-11-22T12:00:00Z' }), now)).toBe(
      'expired',
    );
    expect(exemptionState(ex({ expiresAt: '2026-11-22T12:00:01Z' }), now)).toBe(
      'active',
    );
  });
  it('is pending without approver, invalid when self-approved, without reason or with a bad date', () => {
    expect(exemptionState(ex({ approvedBy: null }), now)).toBe('pending');
    expect(exemptionState(ex({ approvedBy: 'User:default/Ada' }), now)).toBe(
      'invalid',
    );
    expect(exemptionState(ex({ reason: '  ' }), now)).toBe('invalid');
    expect(exemptionState(ex({ expiresAt: 'soon' }), now)).toBe('invalid');
  });
});

describe('parseExemptionConfig', () => {
  const checkIds = ['model-card-present'];
  it('parses exemptions declared in config', () => {
    const [e] = parseExemptionConfig(
      [{ ...ex(), entityRef: 'Model:default/M' }],
      { checkIds },
    );
    expect(e).toMatchObject({
      id: 'config-0',
      entityRef: 'model:default/m',
      approvedBy: 'user:default/grace',
    });
  });
  it('rejects self-approval, unknown checks, bad dates and missing fields', () => {
    expect(() =>
      parseExemptionConfig(
        [
          {
            ...ex(),
            approvedBy: 'user:default/ada',
            checkId: 'nope',
            expiresAt: 'later',
          },
        ],
        { checkIds },
      ),
    ).toThrow(
      'Invalid scorecard configuration: modelops.scorecards.exemptions[0].checkId "nope" is not a known check; modelops.scorecards.exemptions[0].approvedBy must be someone other than the requester (user:default/ada); modelops.scorecards.exemptions[0].expiresAt "later" is not an ISO 8601 date',
    );
    expect(() =>
      parseExemptionConfig([{ entityRef: 'model:default/m' }], { checkIds }),
    ).toThrow('modelops.scorecards.exemptions[0].checkId is required');
  });
});
