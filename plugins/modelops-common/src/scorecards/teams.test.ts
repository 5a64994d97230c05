import { fullFacts, readyModel } from './__fixtures__/facts';
import { ScorecardEngine } from './ScorecardEngine';
import {
  GroupHierarchy,
  modelsOfTeam,
  summarizeScorecards,
  toModelScorecardRow,
} from './teams';

const groups = new GroupHierarchy([
  {
    ref: 'group:default/acme',
    children: ['group:default/data-science', 'group:default/risk-office'],
  },
  { ref: 'group:default/data-science', parent: 'group:default/acme' },
  { ref: 'group:default/credit-risk-ds', parent: 'group:default/data-science' },
  { ref: 'Group:default/GenAI-Lab', parent: 'group:default/data-science' },
  { ref: 'group:default/risk-office', parent: 'group:default/acme' },
  // a cycle must not hang the walk
  { ref: 'group:default/loop-a', parent: 'group:default/loop-b' },
  { ref: 'group:default/loop-b', parent: 'group:default/loop-a' },
]);

describe('GroupHierarchy', () => {
  it('rolls up children declared either way, case-insensitively', () => {
    expect(groups.withDescendants('group:default/acme')).toEqual([
      'group:default/acme',
      'group:default/data-science',
      'group:default/risk-office',
      'group:default/credit-risk-ds',
      'group:default/genai-lab',
    ]);
    expect(groups.ancestors('group:default/genai-lab')).toEqual([
      'group:default/data-science',
      'group:default/acme',
    ]);
  });
  it('survives cycles', () => {
    expect(groups.withDescendants('group:default/loop-a').sort()).toEqual([
      'group:default/loop-a',
      'group:default/loop-b',
    ]);
    expect(groups.ancestors('group:default/loop-a')).toEqual([
      'group:default/loop-b',
    ]);
  });
  it('selects the models of a team and of its child teams', () => {
    const models = [
      { id: 1, owner: 'group:default/credit-risk-ds' },
      { id: 2, owner: 'group:default/genai-lab' },
      { id: 3, owner: 'group:default/risk-office' },
      { id: 4 },
    ];
    expect(
      modelsOfTeam(groups, 'group:default/data-science', models).map(m => m.id),
    ).toEqual([1, 2]);
    expect(
      modelsOfTeam(groups, 'group:default/acme', models).map(m => m.id),
    ).toEqual([1, 2, 3]);
    expect(
      modelsOfTeam(groups, 'group:default/data-science', models, {
        includeDescendants: false,
      }),
    ).toEqual([]);
  });
});

describe('summarizeScorecards', () => {
  it('counts levels, averages and ranks failing checks', () => {
    const engine = ScorecardEngine.create();
    const results = [
      engine.evaluate(fullFacts()),
      engine.evaluate(
        fullFacts(readyModel({ metadata: { name: 'b', annotations: {} } })),
      ),
      engine.evaluate(
        fullFacts(
          readyModel({
            metadata: { name: 'c' },
            spec: { euAiActCategory: 'prohibited' },
          }),
        ),
      ),
    ];
    const [maturity] = summarizeScorecards(results, engine.scorecards);
    expect(maturity.modelCount).toBe(3);
    expect(maturity.levels.map(l => l.count)).toEqual([1, 1, 0, 0, 1]);
    expect(maturity.averageLevel).toBe(1.67);
    expect(maturity.blockedCount).toBe(1);
    expect(maturity.failingChecks).toEqual([
      {
        checkId: 'eu-ai-act-category',
        title: 'EU AI Act category set, not prohibited',
        count: 1,
      },
      {
        checkId: 'model-card-present',
        title: 'Model card or TechDocs',
        count: 1,
      },
      {
        checkId: 'periodic-review-current',
        title: 'Periodic review not overdue',
        count: 1,
      },
    ]);
    expect(
      summarizeScorecards([], engine.scorecards)[0].averageLevel,
    ).toBeNull();
    const row = toModelScorecardRow(results[1]);
    expect(row).toMatchObject({
      entityRef: 'model:default/b',
      failingCheckCount: 2,
    });
    expect(row.scorecards.map(s => s.level)).toEqual([1, 1]);
  });
});
