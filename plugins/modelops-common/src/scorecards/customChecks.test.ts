import { NOW, readyModel } from './__fixtures__/facts';
import {
  createCustomCheck,
  CustomCheckConfig,
  parseCustomChecks,
  ScorecardConfigError,
} from './customChecks';
import { BUILTIN_SCORECARDS } from './definitions';

const base = {
  id: 'c',
  title: 'C',
  howToFix: 'fix',
  scorecard: 'maturity',
  level: 2,
};
const evaluate = (config: Partial<CustomCheckConfig>, entity = readyModel()) =>
  createCustomCheck({
    ...base,
    path: 'spec.type',
    operator: 'exists',
    ...config,
  } as CustomCheckConfig).evaluate({ entity, now: NOW });

function problems(raw: unknown): string[] {
  try {
    parseCustomChecks(raw, {
      scorecards: BUILTIN_SCORECARDS,
      reservedIds: ['risk-tier-set'],
    });
  } catch (e) {
    if (e instanceof ScorecardConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('custom checks', () => {
  it.each([
    [{ path: 'spec.framework', operator: 'exists' }, 'fail'],
    [{ path: 'spec.framework', operator: 'notExists' }, 'pass'],
    [
      { path: 'spec.type', operator: 'equals', value: 'classification' },
      'pass',
    ],
    [
      { path: 'spec.type', operator: 'notEquals', value: 'classification' },
      'fail',
    ],
    [
      { path: 'spec.riskTier', operator: 'in', value: ['medium', 'high'] },
      'pass',
    ],
    [{ path: 'spec.riskTier', operator: 'notIn', value: ['high'] }, 'fail'],
    [
      {
        path: 'spec.trainingData',
        operator: 'contains',
        value: 'resource:default/loan-applications',
      },
      'pass',
    ],
    [{ path: 'spec.trainingData', operator: 'nonEmpty' }, 'pass'],
    [
      { path: 'spec.servedBy[0]', operator: 'matches', value: '^component:' },
      'pass',
    ],
    [{ path: 'spec.intendedUse', operator: 'minLength', value: 500 }, 'fail'],
    [
      { path: 'spec.versions[*].metrics.auc', operator: 'gte', value: 0.9 },
      'pass',
    ],
    [
      { path: 'spec.versions[*].metrics.auc', operator: 'gt', value: 0.95 },
      'fail',
    ],
    [
      { path: 'spec.versions[1].metrics.auc', operator: 'lt', value: 0.95 },
      'pass',
    ],
    [
      { path: 'spec.versions[1].metrics.auc', operator: 'lte', value: 0.5 },
      'fail',
    ],
    [
      {
        path: "metadata.annotations['modelops.io/last-review-date']",
        operator: 'maxAgeDays',
        value: 365,
      },
      'pass',
    ],
    [
      {
        path: "metadata.annotations['modelops.io/last-review-date']",
        operator: 'maxAgeDays',
        value: 30,
      },
      'fail',
    ],
    [
      { path: 'spec.versions[*].runUrl', operator: 'exists', match: 'all' },
      'fail',
    ],
    [
      {
        path: 'spec.versions[*].stage',
        operator: 'in',
        value: ['archived', 'production'],
        match: 'all',
      },
      'pass',
    ],
  ] as const)('%j → %s', (config, expected) => {
    expect(evaluate(config as Partial<CustomCheckConfig>).status).toBe(
      expected,
    );
  });

  it('reports the evidence it looked at', () => {
    expect(
      evaluate({ path: 'spec.riskTier', operator: 'equals', value: 'low' })
        .evidence,
    ).toEqual(['spec.riskTier = "high" (equals "low")']);
    expect(
      evaluate({ path: 'spec.framework', operator: 'exists' }).evidence,
    ).toEqual(['spec.framework = nothing (exists)']);
  });

  it('is not applicable when its `when` condition does not hold', () => {
    const when = {
      path: 'spec.riskTier',
      operator: 'equals' as const,
      value: 'low',
    };
    const r = evaluate({ path: 'spec.framework', operator: 'exists', when });
    expect(r).toEqual({
      status: 'not-applicable',
      evidence: ['condition not met: spec.riskTier = "high" (equals "low")'],
    });
    expect(
      evaluate({
        path: 'spec.framework',
        operator: 'exists',
        when: { ...when, value: 'high' },
      }).status,
    ).toBe('fail');
  });

  it('parses valid config', () => {
    const checks = parseCustomChecks(
      [
        {
          ...base,
          path: 'spec.framework',
          operator: 'exists',
          citations: ['Internal policy 7'],
        },
      ],
      { scorecards: BUILTIN_SCORECARDS },
    );
    expect(checks).toHaveLength(1);
    expect(checks[0].placements).toEqual([{ scorecard: 'maturity', level: 2 }]);
    expect(checks[0].check.description).toBe(
      'spec.framework exists. Internal policy 7',
    );
  });

  it('reports every bad rule with its config path', () => {
    expect(problems('nope')).toEqual([
      'modelops.scorecards.checks must be a list of checks',
    ]);
    expect(problems([{ ...base, path: 'spec.x', operator: 'like' }])).toEqual([
      'modelops.scorecards.checks[0].operator must be one of exists, notExists, nonEmpty, equals, notEquals, in, notIn, contains, matches, minLength, gt, gte, lt, lte, maxAgeDays',
    ]);
    expect(
      problems([
        { ...base, id: 'Bad Id', path: 'spec.x', operator: 'exists' },
      ])[0],
    ).toBe('modelops.scorecards.checks[0].id must be kebab-case (a-z, 0-9, -)');
    expect(
      problems([{ ...base, path: 'spec.x', operator: 'exists', level: 0 }]),
    ).toEqual(['modelops.scorecards.checks[0].level must be at least 1']);
    expect(
      problems([
        { ...base, path: 'spec.x', operator: 'exists', colour: 'red' },
      ])[0],
    ).toMatch(/^modelops\.scorecards\.checks\[0\] .*colour/);
    expect(
      problems([
        { ...base, id: 'risk-tier-set', path: 'spec.x', operator: 'exists' },
        {
          ...base,
          id: 'a',
          scorecard: 'platinum',
          path: 'spec..x',
          operator: 'gte',
          value: 'high',
        },
        {
          ...base,
          id: 'b',
          level: 7,
          path: 'spec.x',
          operator: 'matches',
          value: '(',
        },
        {
          ...base,
          id: 'b',
          path: 'spec.x',
          operator: 'in',
          value: [],
          when: { path: 'spec[?]', operator: 'exists', value: 1 },
        },
      ]),
    ).toEqual([
      'modelops.scorecards.checks[0].id "risk-tier-set" is already used by another check',
      'modelops.scorecards.checks[1].scorecard "platinum" is unknown; known scorecards are maturity, production-readiness',
      'modelops.scorecards.checks[1].path expected a property name (letters, digits, _ or -), got "." at position 5 of "spec..x"',
      'modelops.scorecards.checks[1].value must be a number with operator gte',
      'modelops.scorecards.checks[2].level 7 does not exist in scorecard maturity (levels 1-4)',
      expect.stringMatching(
        /^modelops\.scorecards\.checks\[2\]\.value is not a valid regular expression/,
      ),
      'modelops.scorecards.checks[3].id "b" is already used by another check',
      'modelops.scorecards.checks[3].value must be a non-empty list with operator in',
      'modelops.scorecards.checks[3].when.path expected [n], [*] or [\'key\'] at position 4 of "spec[?]"',
      'modelops.scorecards.checks[3].when.value takes no value with operator exists',
    ]);
  });
});
