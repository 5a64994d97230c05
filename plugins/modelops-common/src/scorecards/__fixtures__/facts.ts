import type { Entity } from '@backstage/catalog-model';
import type { ScorecardFacts } from '../types';

/** A complete, production-ready model; tests remove or change one thing at a time. */
export function readyModel(
  overrides: {
    spec?: Record<string, unknown>;
    metadata?: Partial<Entity['metadata']>;
  } = {},
): Entity {
  return {
    apiVersion: 'modelops.io/v1alpha1',
    kind: 'Model',
    metadata: {
      name: 'credit-default-scorer',
      namespace: 'default',
      title: 'Credit Default Scorer',
      annotations: {
        'modelops.io/last-review-date': '2026-03-01',
        'backstage.io/techdocs-ref': 'dir:.',
      },
      ...overrides.metadata,
    },
    spec: {
      type: 'classification',
      lifecycle: 'production',
      owner: 'group:default/credit-risk-ds',
      riskTier: 'high',
      euAiActCategory: 'high-risk',
      intendedUse:
        'Decision support for underwriters on consumer loan applications in the EU.',
      limitations:
        'Not validated for applicants with less than 6 months of credit history.',
      trainingData: ['resource:default/loan-applications'],
      servedBy: ['component:default/credit-scoring-service'],
      versions: [
        { version: '3.1.0', stage: 'archived' },
        {
          version: '3.2.0',
          stage: 'production',
          metrics: { auc: 0.91 },
          runUrl: 'https://mlflow.example/runs/1',
        },
      ],
      monitoring: { drift: { minCurrentSize: 100 } },
      ...overrides.spec,
    },
  };
}

export const NOW = new Date('2026-11-22T12:00:00Z');

/** Facts with every source present and healthy. */
export function fullFacts(
  entity: Entity = readyModel(),
  extra: Partial<ScorecardFacts> = {},
): ScorecardFacts {
  return {
    entity,
    now: NOW,
    catalog: { owner: { ref: 'group:default/credit-risk-ds', kind: 'Group' } },
    drift: {
      hasReference: true,
      latestRun: { windowEnd: '2026-11-20T00:00:00Z', datasetDrift: false },
    },
    approvals: {
      approvedVersions: [
        {
          version: '3.2.0',
          toStage: 'production',
          approvedAt: '2026-09-15T10:00:00Z',
        },
      ],
    },
    ...extra,
  };
}
