/*
 * Deterministic synthetic catalog for the scorecard benchmark: 1 organisation, 20 departments,
 * `teams` teams (default 500) and `models` Models (default 10,000) spread over the teams, with
 * varied evidence (some missing docs, serving lineage, review dates, model cards, a few
 * prohibited) so every check and level occurs.
 */
const { rng } = require('../lib/benchBackend');

function generateCatalog({
  models = 10000,
  teams = 500,
  departments = 20,
  now = new Date(),
} = {}) {
  const r = rng(42);
  const groups = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'bench-org' },
      spec: { type: 'organization', children: [] },
    },
  ];
  for (let d = 0; d < departments; d++) {
    groups.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: `dept-${d}` },
      spec: { type: 'department', parent: 'bench-org', children: [] },
    });
  }
  for (let t = 0; t < teams; t++) {
    groups.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: `team-${t}` },
      spec: { type: 'team', parent: `dept-${t % departments}`, children: [] },
    });
  }
  const day = 86_400_000;
  const entities = [];
  for (let i = 0; i < models; i++) {
    const production = r() < 0.7;
    const annotations = {};
    if (r() < 0.6)
      annotations['modelops.io/last-review-date'] = new Date(
        now.getTime() - Math.floor(r() * 500) * day,
      )
        .toISOString()
        .slice(0, 10);
    if (r() < 0.5) annotations['backstage.io/techdocs-ref'] = 'dir:.';
    const spec = {
      type: 'classification',
      lifecycle: production ? 'production' : 'experimental',
      owner: `group:default/team-${i % teams}`,
      riskTier: ['low', 'medium', 'high'][Math.floor(r() * 3)],
      euAiActCategory:
        r() < 0.002
          ? 'prohibited'
          : ['minimal', 'limited', 'high-risk'][Math.floor(r() * 3)],
      trainingData: r() < 0.85 ? [`resource:default/dataset-${i % 300}`] : [],
      versions: [
        { version: '1.0.0', stage: 'archived' },
        {
          version: '2.0.0',
          stage: production ? 'production' : 'staging',
          metrics: { auc: 0.7 + r() * 0.25 },
          ...(r() < 0.8 ? { runUrl: `https://mlflow.bench/runs/${i}` } : {}),
        },
      ],
    };
    if (r() < 0.9)
      spec.intendedUse = `Scores case ${i} for the operations team; a human reviews every adverse decision.`;
    if (r() < 0.8)
      spec.limitations =
        'Not validated outside the original market or for applicants with a thin credit file.';
    if (r() < 0.75) spec.servedBy = [`component:default/service-${i % 200}`];
    if (r() < 0.5) spec.monitoring = { drift: {} };
    entities.push({
      apiVersion: 'modelops.io/v1alpha1',
      kind: 'Model',
      metadata: { name: `model-${i}`, annotations },
      spec,
    });
  }
  return { groups, models: entities };
}

module.exports = { generateCatalog };
