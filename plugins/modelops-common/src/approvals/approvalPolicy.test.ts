import {
  normalizeGroupRef,
  parseApprovalPolicies,
  selectApprovalPolicy,
} from './approvalPolicy';

const config = [
  {
    id: 'high-production',
    riskTiers: ['high'],
    targetStages: ['production'],
    requirements: [
      { id: 'model-risk', group: 'group:default/model-risk-management' },
      { id: 'compliance', group: 'Compliance', count: 1 },
    ],
    expiresAfterHours: 72,
  },
  {
    id: 'medium-production',
    riskTiers: ['medium'],
    targetStages: ['production'],
    requirements: [{ group: 'model-risk-management' }],
  },
  {
    id: 'low-production',
    riskTiers: ['low'],
    targetStages: ['production'],
    allowOwnerApproval: true,
    requirements: [
      {
        id: 'owner-or-platform',
        groups: ['owner', 'group:default/modelops-platform'],
      },
    ],
  },
];

describe('parseApprovalPolicies', () => {
  it('normalizes refs, fills defaults and derives requirement ids', () => {
    const [high, medium, low] = parseApprovalPolicies(config);
    expect(high.requirements).toEqual([
      {
        id: 'model-risk',
        groups: ['group:default/model-risk-management'],
        count: 1,
      },
      { id: 'compliance', groups: ['group:default/compliance'], count: 1 },
    ]);
    expect(high.expiresAfterHours).toBe(72);
    expect(high.allowOwnerApproval).toBe(false);
    expect(medium.requirements[0].id).toBe('model-risk-management');
    expect(medium.expiresAfterHours).toBe(168);
    expect(low.requirements[0].groups).toEqual([
      'owner',
      'group:default/modelops-platform',
    ]);
    expect(low.allowOwnerApproval).toBe(true);
  });

  it('reports every problem with its config path', () => {
    expect(() =>
      parseApprovalPolicies([
        {
          id: 'x',
          riskTiers: ['extreme'],
          requirements: [{ group: 'g', count: 0 }],
        },
      ]),
    ).toThrow(
      /modelops\.approvals\.policies\[0\]\.riskTiers\[0\] must be one of low, medium, high.*modelops\.approvals\.policies\[0\]\.requirements\[0\]\.count must be at least 1/,
    );
    expect(() =>
      parseApprovalPolicies([{ id: 'x', requirements: [{ count: 1 }] }]),
    ).toThrow('policies[0].requirements[0] needs group or groups');
    expect(() => parseApprovalPolicies([config[1], config[1]])).toThrow(
      '"medium-production" is used twice',
    );
    expect(() => parseApprovalPolicies({})).toThrow(
      'must be a list of policies',
    );
    expect(parseApprovalPolicies(undefined)).toEqual([]);
  });
});

describe('selectApprovalPolicy', () => {
  const policies = parseApprovalPolicies(config);
  it('selects by risk tier and target stage, first match wins', () => {
    expect(
      selectApprovalPolicy(policies, {
        riskTier: 'medium',
        toStage: 'production',
      })?.id,
    ).toBe('medium-production');
    expect(
      selectApprovalPolicy(policies, { riskTier: 'low', toStage: 'production' })
        ?.id,
    ).toBe('low-production');
    expect(
      selectApprovalPolicy(policies, { riskTier: 'low', toStage: 'staging' }),
    ).toBeUndefined();
  });
  it('treats an unclassified model as high risk', () => {
    expect(
      selectApprovalPolicy(policies, { riskTier: null, toStage: 'production' })
        ?.id,
    ).toBe('high-production');
  });
  it('an empty match list matches everything', () => {
    const catchAll = parseApprovalPolicies([
      { id: 'all', requirements: [{ group: 'g' }] },
    ]);
    expect(
      selectApprovalPolicy(catchAll, { riskTier: 'low', toStage: 'archived' })
        ?.id,
    ).toBe('all');
  });
});

describe('normalizeGroupRef', () => {
  it('adds default kind and namespace and lowercases', () => {
    expect(normalizeGroupRef('MRM')).toBe('group:default/mrm');
    expect(normalizeGroupRef('risk/Compliance')).toBe('group:risk/compliance');
    expect(normalizeGroupRef('group:default/x')).toBe('group:default/x');
  });
});

describe('minimumReadiness (issue 12 item 2)', () => {
  const policy = (minimumReadiness: unknown) => [
    {
      id: 'high-production',
      riskTiers: ['high'],
      targetStages: ['production'],
      requirements: [{ group: 'model-risk-management' }],
      minimumReadiness,
    },
  ];

  it('resolves the level by name (any case) or number, production-readiness by default', () => {
    expect(
      parseApprovalPolicies(policy({ level: 'silver' }))[0].minimumReadiness,
    ).toEqual({
      scorecard: 'production-readiness',
      level: 2,
      levelName: 'Silver',
    });
    expect(
      parseApprovalPolicies(policy({ scorecard: 'maturity', level: 3 }))[0]
        .minimumReadiness,
    ).toEqual({
      scorecard: 'maturity',
      level: 3,
      levelName: 'Governed release',
    });
    expect(
      parseApprovalPolicies(policy(undefined))[0].minimumReadiness,
    ).toBeNull();
  });

  it('refuses unknown levels and scorecards and bad shapes, naming the key', () => {
    expect(() => parseApprovalPolicies(policy({ level: 'Platinum' }))).toThrow(
      'modelops.approvals.policies[0].minimumReadiness.level "Platinum" is not a level of production-readiness (levels: 0 Stone, 1 Bronze, 2 Silver, 3 Gold)',
    );
    expect(() => parseApprovalPolicies(policy({ level: 7 }))).toThrow(
      'modelops.approvals.policies[0].minimumReadiness.level "7" is not a level of production-readiness',
    );
    expect(() =>
      parseApprovalPolicies(policy({ scorecard: 'readiness', level: 2 })),
    ).toThrow(
      'modelops.approvals.policies[0].minimumReadiness.scorecard "readiness" is not a scorecard (scorecards: maturity, production-readiness)',
    );
    expect(() => parseApprovalPolicies(policy('Silver'))).toThrow(
      'modelops.approvals.policies[0].minimumReadiness must be {scorecard, level}',
    );
    expect(() => parseApprovalPolicies(policy({}))).toThrow(
      'modelops.approvals.policies[0].minimumReadiness.level is required',
    );
  });
});
