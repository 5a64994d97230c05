import type { Entity } from '@backstage/catalog-model';
import {
  ScorecardEngine,
  summarizeScorecards,
  toModelScorecardRow,
} from '@modelops/plugin-modelops-common';
import type {
  ModelScorecardRow,
  TeamScorecardModelsQuery,
  TeamScorecardModelsResponse,
} from '@modelops/plugin-modelops-common';
import type {
  ModelScorecardResponse,
  TeamScorecardResponse,
} from '../../api/ScorecardsApi';

const engine = ScorecardEngine.create();
export const NOW = new Date('2026-11-22T12:00:00Z');

export function modelEntity(
  name: string,
  owner: string,
  spec: Record<string, unknown> = {},
): Entity {
  return {
    apiVersion: 'modelops.io/v1alpha1',
    kind: 'Model',
    metadata: {
      name,
      namespace: 'default',
      title: name,
      annotations: { 'modelops.io/last-review-date': '2026-05-01' },
    },
    spec: {
      type: 'classification',
      lifecycle: 'production',
      owner,
      riskTier: 'high',
      euAiActCategory: 'high-risk',
      intendedUse:
        'Decision support for underwriters on consumer loan applications.',
      limitations:
        'Not validated for thin-file applicants or business lending.',
      trainingData: ['resource:default/loans'],
      servedBy: ['component:default/scoring'],
      versions: [
        {
          version: '1.0.0',
          stage: 'production',
          metrics: { auc: 0.9 },
          runUrl: 'https://mlflow/runs/1',
        },
      ],
      ...spec,
    },
  };
}

/** A real engine result (no hand-written levels). */
export function modelScorecard(entity: Entity): ModelScorecardResponse {
  const result = engine.evaluate({
    entity,
    now: NOW,
    catalog: { owner: { ref: String(entity.spec!.owner), kind: 'Group' } },
    drift: { hasReference: false, latestRun: null },
  });
  return { ...result, exemptions: [] };
}

export function teamScorecard(entities: Entity[]): TeamScorecardResponse {
  const results = entities.map(e => modelScorecard(e));
  return {
    team: { ref: 'group:default/data-science', title: 'Data Science' },
    includeDescendants: true,
    groups: [
      {
        ref: 'group:default/data-science',
        title: 'Data Science',
        modelCount: results.length,
      },
    ],
    evaluatedAt: NOW.toISOString(),
    summary: summarizeScorecards(results, engine.scorecards),
    models: results.map(toModelScorecardRow),
  };
}

/**
 * `getTeamModels` over `rows` with the backend's semantics (docs/scorecards.md, "A team's models"):
 * sort by name, failing checks or a scorecard's level (least ready first: level, more failing
 * checks, ref), `order=desc` reversing it, the level filter, and pages with an index cursor.
 */
export function fakeTeamModels(rows: ModelScorecardRow[]) {
  return async (
    _teamRef: string,
    q: TeamScorecardModelsQuery = {},
  ): Promise<TeamScorecardModelsResponse> => {
    const sort = q.sort ?? 'name';
    const level = (r: ModelScorecardRow, id: string) =>
      r.scorecards.find(s => s.scorecard === id)?.level ?? 0;
    const byRef = (a: ModelScorecardRow, b: ModelScorecardRow) => {
      // Code-point order, as the backend sorts refs (not the locale's).
      if (a.entityRef === b.entityRef) return 0;
      return a.entityRef < b.entityRef ? -1 : 1;
    };
    const compare = (a: ModelScorecardRow, b: ModelScorecardRow) => {
      if (sort === 'name') return byRef(a, b);
      if (sort === 'failing')
        return a.failingCheckCount - b.failingCheckCount || byRef(a, b);
      return (
        level(a, sort) - level(b, sort) ||
        b.failingCheckCount - a.failingCheckCount ||
        byRef(a, b)
      );
    };
    const matching = rows
      .filter(
        r =>
          q.level === undefined ||
          r.scorecards.find(s => s.scorecard === q.scorecard)?.level ===
            q.level,
      )
      .sort((a, b) => (q.order === 'desc' ? -1 : 1) * compare(a, b));
    const start = q.cursor ? Number(q.cursor) : 0;
    const limit = q.limit ?? 50;
    return {
      evaluatedAt: NOW.toISOString(),
      total: matching.length,
      items: matching.slice(start, start + limit),
      ...(start + limit < matching.length
        ? { nextCursor: String(start + limit) }
        : {}),
    };
  };
}
