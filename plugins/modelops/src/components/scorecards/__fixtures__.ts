import type { Entity } from '@backstage/catalog-model';
import {
  ScorecardEngine,
  summarizeScorecards,
  toModelScorecardRow,
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
