import { BUILTIN_CHECK_IDS as C } from './builtinChecks';
import { fullFacts, NOW, readyModel } from './__fixtures__/facts';
import { ScorecardConfigError } from './customChecks';
import { MATURITY_SCORECARD_ID, READINESS_SCORECARD_ID } from './definitions';
import { ScorecardEngine } from './ScorecardEngine';
import type {
  ModelScorecardResult,
  ScorecardCheck,
  ScorecardExemption,
} from './types';

const engine = ScorecardEngine.create();
const card = (r: ModelScorecardResult, id: string) =>
  r.scorecards.find(s => s.scorecard === id)!;

describe('ScorecardEngine', () => {
  it('ships two scorecards with every built-in check placed', () => {
    const described = engine.describe();
    expect(described.map(s => [s.id, s.levels.map(l => l.level)])).toEqual([
      [MATURITY_SCORECARD_ID, [0, 1, 2, 3, 4]],
      [READINESS_SCORECARD_ID, [0, 1, 2, 3]],
    ]);
    for (const s of described) {
      expect(new Set(s.checks.map(c => c.id))).toEqual(
        new Set(Object.values(C)),
      );
    }
  });

  it('gives a complete model the top level of both scorecards', () => {
    const r = engine.evaluate(fullFacts());
    expect(r.entityRef).toBe('model:default/credit-default-scorer');
    expect(r.owner).toBe('group:default/credit-risk-ds');
    expect(r.factSources).toEqual(['catalog', 'drift', 'approvals']);
    expect(card(r, MATURITY_SCORECARD_ID)).toMatchObject({
      level: 4,
      levelName: 'Monitored',
      next: null,
      blocked: false,
    });
    expect(card(r, READINESS_SCORECARD_ID)).toMatchObject({
      level: 3,
      levelName: 'Gold',
      counts: {
        pass: 14,
        fail: 0,
        notApplicable: 0,
        notEvaluated: 0,
        waived: 0,
      },
    });
  });

  it('holds level N only when every check at levels ≤ N passes', () => {
    // a level-2 failure (no model card) caps maturity at 1 even though level 3-4 checks pass
    const r = engine.evaluate(
      fullFacts(
        readyModel({
          metadata: {
            annotations: { 'modelops.io/last-review-date': '2026-03-01' },
          },
        }),
      ),
    );
    expect(card(r, MATURITY_SCORECARD_ID)).toMatchObject({
      level: 1,
      levelName: 'Managed',
      next: { level: 2, failingChecks: [C.modelCard] },
    });
    expect(card(r, READINESS_SCORECARD_ID)).toMatchObject({
      level: 1,
      levelName: 'Bronze',
    });
  });

  it('never raises a level with a check it could not evaluate (offline: no catalog, drift, approvals)', () => {
    const r = engine.evaluate({ entity: readyModel(), now: NOW });
    const readiness = card(r, READINESS_SCORECARD_ID);
    const maturity = card(r, MATURITY_SCORECARD_ID);
    const notEvaluated = [
      C.driftAcknowledged,
      C.driftRecent,
      C.ownerIsGroup,
      C.productionApproved,
    ].sort();
    expect(
      readiness.checks
        .filter(c => c.status === 'not-evaluated')
        .map(c => c.checkId)
        .sort(),
    ).toEqual(notEvaluated);
    expect(readiness.checks.filter(c => c.status === 'not-applicable')).toEqual(
      [],
    );
    // owner-is-group (level 1) is unproven offline: the proven level is the floor
    expect(readiness).toMatchObject({
      level: 0,
      levelName: 'Stone',
      ceiling: { level: 3, name: 'Gold' },
      next: {
        level: 1,
        failingChecks: [],
        notEvaluatedChecks: [C.ownerIsGroup],
      },
      counts: {
        pass: 10,
        fail: 0,
        notApplicable: 0,
        notEvaluated: 4,
        waived: 0,
      },
    });
    expect(maturity).toMatchObject({
      level: 0,
      ceiling: { level: 4, name: 'Monitored' },
    });
    expect(r.factSources).toEqual([]);
  });

  it('a check not evaluated blocks its level only: with catalog facts, approval and drift checks cap the level', () => {
    const r = engine.evaluate({
      ...fullFacts(),
      drift: undefined,
      approvals: undefined,
    });
    expect(card(r, MATURITY_SCORECARD_ID)).toMatchObject({
      level: 2,
      next: {
        level: 3,
        failingChecks: [],
        notEvaluatedChecks: [C.productionApproved],
      },
      ceiling: { level: 4 },
    });
    expect(card(r, READINESS_SCORECARD_ID)).toMatchObject({
      level: 2,
      levelName: 'Silver',
    });
  });

  it('genuinely not-applicable checks do not block: a rules model in development, offline', () => {
    const model = readyModel({
      spec: {
        type: 'rules',
        trainingData: [],
        lifecycle: 'experimental',
        versions: [
          {
            version: '0.1',
            stage: 'development',
            metrics: { auc: 0.7 },
            runUrl: 'https://r/1',
          },
        ],
      },
    });
    const r = engine.evaluate({
      ...fullFacts(model),
      drift: undefined,
      approvals: undefined,
    });
    const maturity = card(r, MATURITY_SCORECARD_ID);
    // serving, approval, drift configured/recent and review do not apply before production;
    // only "no unacknowledged drift" needs drift facts for any model
    expect(
      maturity.checks
        .filter(c => c.status === 'not-applicable')
        .map(c => c.checkId)
        .sort(),
    ).toEqual(
      [
        C.trainingData,
        C.serving,
        C.productionApproved,
        C.driftConfigured,
        C.driftRecent,
        C.periodicReview,
      ].sort(),
    );
    expect(maturity).toMatchObject({
      level: 3,
      next: { level: 4, notEvaluatedChecks: [C.driftAcknowledged] },
    });
  });

  it('keeps results unchanged when every fact source is present (no ceiling, nothing not evaluated)', () => {
    const r = engine.evaluate(fullFacts());
    for (const s of r.scorecards) {
      expect(s.ceiling).toBeUndefined();
      expect(s.counts.notEvaluated).toBe(0);
    }
  });

  it('reports a check of a module whose fact source is absent as not evaluated, without calling it', () => {
    const evaluate = jest.fn(() => ({ status: 'pass' as const, evidence: [] }));
    const e = ScorecardEngine.create({
      extraChecks: [
        {
          check: {
            id: 'needs-drift',
            title: 'T',
            description: 'D',
            citations: [],
            howToFix: 'F',
            requires: ['drift'],
            origin: 'module',
            evaluate,
          },
          placements: [{ scorecard: READINESS_SCORECARD_ID, level: 1 }],
        },
      ],
    });
    const r = e.evaluate({ ...fullFacts(), drift: undefined });
    const check = card(r, READINESS_SCORECARD_ID).checks.find(
      c => c.checkId === 'needs-drift',
    )!;
    expect(check).toMatchObject({
      status: 'not-evaluated',
      evidence: ['needs drift facts, not available here'],
    });
    expect(evaluate).not.toHaveBeenCalled();
    expect(card(r, READINESS_SCORECARD_ID).level).toBe(0);
  });

  it('lists checks ordered by level with evidence and how to fix', () => {
    const r = engine.evaluate(
      fullFacts(readyModel({ spec: { servedBy: [] } })),
    );
    const levels = card(r, MATURITY_SCORECARD_ID).checks.map(c => c.level);
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
    const serving = card(r, MATURITY_SCORECARD_ID).checks.find(
      c => c.checkId === C.serving,
    )!;
    expect(serving).toMatchObject({
      status: 'fail',
      level: 3,
      evidence: ['spec.servedBy is empty'],
    });
    expect(serving.howToFix).toContain('spec.servedBy');
    expect(card(r, MATURITY_SCORECARD_ID).level).toBe(2);
  });

  it('pins a prohibited model at the floor level on every scorecard', () => {
    const r = engine.evaluate(
      fullFacts(readyModel({ spec: { euAiActCategory: 'prohibited' } })),
    );
    for (const s of r.scorecards) {
      expect(s).toMatchObject({ level: 0, blocked: true });
      expect(s.next?.failingChecks).toContain(C.euAiAct);
    }
  });

  describe('exemptions', () => {
    const noCard = readyModel({
      metadata: {
        annotations: { 'modelops.io/last-review-date': '2026-03-01' },
      },
    });
    const waiver = (
      overrides: Partial<ScorecardExemption> = {},
    ): ScorecardExemption => ({
      id: 'w1',
      entityRef: 'Model:default/credit-default-scorer',
      checkId: C.modelCard,
      reason: 'Model card is being rewritten for the EU AI Act template',
      requestedBy: 'user:default/ada',
      approvedBy: 'user:default/grace',
      expiresAt: '2026-12-31T00:00:00Z',
      ...overrides,
    });

    it('an active waiver turns a failure into waived and restores the level', () => {
      const r = engine.evaluate(fullFacts(noCard), [waiver()]);
      const maturity = card(r, MATURITY_SCORECARD_ID);
      expect(maturity.level).toBe(4);
      expect(maturity.counts.waived).toBe(1);
      expect(
        maturity.checks.find(c => c.checkId === C.modelCard),
      ).toMatchObject({
        status: 'waived',
        exemption: { id: 'w1', approvedBy: 'user:default/grace' },
      });
    });

    it('an expired, pending or self-approved waiver stops counting', () => {
      for (const w of [
        waiver({ expiresAt: '2026-11-22T11:59:59Z' }),
        waiver({ approvedBy: null }),
        waiver({ approvedBy: 'user:default/ADA' }),
      ]) {
        expect(
          card(engine.evaluate(fullFacts(noCard), [w]), MATURITY_SCORECARD_ID)
            .level,
        ).toBe(1);
      }
    });

    it('can be limited to one scorecard and to one model', () => {
      const r = engine.evaluate(fullFacts(noCard), [
        waiver({ scorecard: READINESS_SCORECARD_ID }),
      ]);
      expect(card(r, READINESS_SCORECARD_ID).level).toBe(3);
      expect(card(r, MATURITY_SCORECARD_ID).level).toBe(1);
      const other = engine.evaluate(fullFacts(noCard), [
        waiver({ entityRef: 'model:default/other' }),
      ]);
      expect(card(other, MATURITY_SCORECARD_ID).level).toBe(1);
    });

    it('never waives a blocking failure', () => {
      const prohibited = readyModel({
        spec: { euAiActCategory: 'prohibited' },
      });
      const r = engine.evaluate(fullFacts(prohibited), [
        waiver({ checkId: C.euAiAct }),
      ]);
      expect(card(r, MATURITY_SCORECARD_ID)).toMatchObject({
        level: 0,
        blocked: true,
      });
    });
  });

  describe('checks from modules and config', () => {
    const moduleCheck: ScorecardCheck = {
      id: 'fairness-report',
      title: 'Fairness report',
      description: 'EU AI Act Art. 10(2)(f)',
      citations: ['EU AI Act Art. 10(2)(f)'],
      howToFix: 'Attach a fairness report',
      requires: ['drift'],
      origin: 'module',
      evaluate: f => ({
        status: f.entity.metadata.tags?.includes('fair') ? 'pass' : 'fail',
        evidence: ['tags'],
      }),
    };

    it('places a module check and marks it not evaluated when its facts are absent', () => {
      const e = ScorecardEngine.create({
        extraChecks: [
          {
            check: moduleCheck,
            placements: [{ scorecard: READINESS_SCORECARD_ID, level: 2 }],
          },
        ],
      });
      expect(card(e.evaluate(fullFacts()), READINESS_SCORECARD_ID).level).toBe(
        1,
      );
      const offline = card(
        e.evaluate({ entity: readyModel(), now: NOW }),
        READINESS_SCORECARD_ID,
      );
      expect(
        offline.checks.find(c => c.checkId === 'fairness-report'),
      ).toMatchObject({
        status: 'not-evaluated',
        evidence: ['needs drift facts, not available here'],
      });
      expect(card(e.evaluate(fullFacts()), MATURITY_SCORECARD_ID).level).toBe(
        4,
      );
    });

    it('turns a throwing check into a failure instead of failing the evaluation', () => {
      const throwing = {
        ...moduleCheck,
        requires: [],
        evaluate: () => {
          throw new Error('boom');
        },
      };
      const e = ScorecardEngine.create({
        extraChecks: [
          {
            check: throwing,
            placements: [{ scorecard: MATURITY_SCORECARD_ID, level: 4 }],
          },
        ],
      });
      const c = card(e.evaluate(fullFacts()), MATURITY_SCORECARD_ID);
      expect(c.level).toBe(3);
      expect(
        c.checks.find(x => x.checkId === 'fairness-report')?.evidence,
      ).toEqual(['check failed to evaluate: boom']);
    });

    it('rejects duplicate ids and bad placements', () => {
      expect(() =>
        ScorecardEngine.create({
          extraChecks: [
            { check: { ...moduleCheck, id: C.riskTier }, placements: [] },
          ],
        }),
      ).toThrow('check id "risk-tier-set" is used twice');
      expect(() =>
        ScorecardEngine.create({
          extraChecks: [
            {
              check: moduleCheck,
              placements: [{ scorecard: 'maturity', level: 0 }],
            },
          ],
        }),
      ).toThrow('scorecard maturity has no level 0 that takes checks');
      expect(() =>
        ScorecardEngine.create({
          extraChecks: [
            {
              check: moduleCheck,
              placements: [{ scorecard: 'gold', level: 1 }],
            },
          ],
        }),
      ).toThrow(ScorecardConfigError);
    });

    it('evaluates custom checks from config', () => {
      const e = ScorecardEngine.create({
        customChecks: [
          {
            id: 'framework-declared',
            title: 'Framework declared',
            howToFix: 'Set spec.framework',
            scorecard: 'maturity',
            level: 2,
            path: 'spec.framework',
            operator: 'exists',
          },
        ],
      });
      expect(card(e.evaluate(fullFacts()), MATURITY_SCORECARD_ID).level).toBe(
        1,
      );
      expect(
        card(
          e.evaluate(fullFacts(readyModel({ spec: { framework: 'xgboost' } }))),
          MATURITY_SCORECARD_ID,
        ).level,
      ).toBe(4);
      expect(
        e.listChecks().find(c => c.id === 'framework-declared')?.origin,
      ).toBe('config');
    });
  });
});
