import { BUILTIN_CHECK_IDS as C } from './builtinChecks';
import { fullFacts, readyModel } from './__fixtures__/facts';
import { MATURITY_SCORECARD_ID, READINESS_SCORECARD_ID } from './definitions';
import { explainScorecardLevel } from './explainLevel';
import { ScorecardEngine } from './ScorecardEngine';
import type { ModelScorecardResult } from './types';

const engine = ScorecardEngine.create();
const card = (r: ModelScorecardResult, id: string) =>
  r.scorecards.find(s => s.scorecard === id)!;

describe('explainScorecardLevel', () => {
  it('says the top level is the top level, with nothing to fix', () => {
    const e = explainScorecardLevel(
      card(engine.evaluate(fullFacts()), MATURITY_SCORECARD_ID),
    );
    expect(e).toMatchObject({
      level: 4,
      levelName: 'Monitored',
      next: null,
      blockers: [],
      waived: [],
    });
    expect(e.summary).toMatch(
      /holds Monitored \(level 4 of 4\), the top level/,
    );
  });

  it('names the failing checks of the next level with their evidence and fix', () => {
    const noCard = readyModel({
      metadata: {
        annotations: { 'modelops.io/last-review-date': '2026-03-01' },
      },
    });
    const result = card(
      engine.evaluate(fullFacts(noCard)),
      MATURITY_SCORECARD_ID,
    );
    const e = explainScorecardLevel(result);
    expect(e.next).toEqual({
      level: result.next!.level,
      name: result.next!.name,
    });
    expect(e.blockers.map(b => b.checkId)).toEqual(result.next!.failingChecks);
    expect(e.blockers[0]).toMatchObject({
      checkId: C.modelCard,
      status: 'fail',
      blocking: false,
    });
    expect(e.blockers[0].howToFix).toMatch(/techdocs-ref/);
    expect(e.blockers[0].evidence.length).toBeGreaterThan(0);
    expect(e.summary).toContain(`fix 1 failing check (${C.modelCard})`);
  });

  it('lists checks not evaluated here after the failures, and says they may pass elsewhere', () => {
    const r = engine.evaluate({
      ...fullFacts(),
      drift: undefined,
      approvals: undefined,
    });
    const e = explainScorecardLevel(card(r, MATURITY_SCORECARD_ID));
    expect(e.blockers).toEqual([
      expect.objectContaining({
        checkId: C.productionApproved,
        status: 'not-evaluated',
      }),
    ]);
    expect(e.summary).toContain('1 check could not be evaluated here');
  });

  it('puts a blocking failure first and says it cannot be waived', () => {
    const r = engine.evaluate(
      fullFacts(readyModel({ spec: { euAiActCategory: 'prohibited' } })),
    );
    const e = explainScorecardLevel(card(r, READINESS_SCORECARD_ID));
    expect(e.blocked).toBe(true);
    expect(e.level).toBe(0);
    expect(e.blockers[0].blocking).toBe(true);
    expect(e.summary).toMatch(/blocked by .*cannot be waived/);
  });

  it('reports waived failures separately (they do not hold the level back)', () => {
    const noCard = readyModel({
      metadata: {
        annotations: { 'modelops.io/last-review-date': '2026-03-01' },
      },
    });
    const r = engine.evaluate(fullFacts(noCard), [
      {
        id: 'w1',
        entityRef: 'model:default/credit-default-scorer',
        checkId: C.modelCard,
        reason: 'being rewritten',
        requestedBy: 'user:default/ada',
        approvedBy: 'user:default/grace',
        expiresAt: '2026-12-31T00:00:00Z',
      },
    ]);
    const e = explainScorecardLevel(card(r, MATURITY_SCORECARD_ID));
    expect(e.blockers).toEqual([]);
    expect(e.waived).toEqual([
      {
        checkId: C.modelCard,
        title: expect.any(String),
        expiresAt: '2026-12-31T00:00:00Z',
      },
    ]);
  });
});
