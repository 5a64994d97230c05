/*
 * Catalog files for the ingestion benchmark: N `kind: Model` entities or N `kind: Component`
 * entities "of the same size", plus the groups, systems, datasets (Resources) and services
 * (Components) they point to. Both sets share the same supporting entities and the same relation
 * shape, so their ingestion times compare the Model kind with Backstage's own kind:
 *
 *   Model      owner, system, 2 trainingData Resources, 1 servedBy Component, derivedFrom (1 in 5)
 *   Component  owner, system, dependsOn 2 Resources + 1 Component,   subcomponentOf (1 in 5)
 *
 * Each side pads its metadata so the average YAML document is about the same size (printed).
 * Files: shared.yaml and entities-NNN.yaml (100 entities each) in the given directory.
 */
const fs = require('node:fs');
const path = require('node:path');
const YAML = require(require.resolve('yaml', {
  paths: [path.resolve(__dirname, '../..')],
}));
const { rng } = require('../lib/benchBackend');

const GROUPS = 50;
const SYSTEMS = 100;
const PER_FILE = 100;

const pad = (n, width) => String(n).padStart(width, '0');

/** How many supporting entities a set of `count` main entities refers to. */
function poolSizes(count) {
  return {
    datasets: Math.max(10, Math.round(count / 5)),
    services: Math.max(5, Math.round(count / 10)),
  };
}

function sharedEntities(count) {
  const { datasets, services } = poolSizes(count);
  const docs = [];
  for (let g = 0; g < GROUPS; g++) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: `team-${pad(g, 2)}` },
      spec: { type: 'team', children: [] },
    });
  }
  for (let s = 0; s < SYSTEMS; s++) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: `system-${pad(s, 3)}` },
      spec: { owner: `team-${pad(s % GROUPS, 2)}` },
    });
  }
  for (let d = 0; d < datasets; d++) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: `dataset-${pad(d, 5)}` },
      spec: {
        type: 'dataset',
        owner: `team-${pad(d % GROUPS, 2)}`,
        system: `system-${pad(d % SYSTEMS, 3)}`,
      },
    });
  }
  for (let c = 0; c < services; c++) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: `service-${pad(c, 5)}` },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: `team-${pad(c % GROUPS, 2)}`,
        system: `system-${pad(c % SYSTEMS, 3)}`,
      },
    });
  }
  return docs;
}

const TYPES = ['classification', 'regression', 'ranking', 'forecasting', 'llm'];
const TIERS = ['low', 'medium', 'high'];
const STAGES = ['archived', 'staging', 'production'];

/** The picks both kinds share for entity i (owner, system, datasets, service, parent). */
function picks(i, random, count) {
  const { datasets, services } = poolSizes(count);
  const d1 = Math.floor(random() * datasets);
  return {
    owner: `team-${pad(Math.floor(random() * GROUPS), 2)}`,
    system: `system-${pad(Math.floor(random() * SYSTEMS), 3)}`,
    datasets: [d1, (d1 + 1 + Math.floor(random() * (datasets - 1))) % datasets]
      .map(d => `dataset-${pad(d, 5)}`)
      .sort(),
    service: `service-${pad(Math.floor(random() * services), 5)}`,
    parent: i % 5 === 4 ? i - 1 : undefined,
    type: TYPES[i % TYPES.length],
    tier: TIERS[i % TIERS.length],
  };
}

function modelEntity(i, random, count) {
  const p = picks(i, random, count);
  return {
    apiVersion: 'modelops.io/v1alpha1',
    kind: 'Model',
    metadata: {
      name: `model-${pad(i, 5)}`,
      title: `Model ${i}`,
      description: `Benchmark model ${i}: ${p.type} model of ${p.owner}.`,
      tags: [p.type, p.tier],
      annotations: {
        'modelops.io/registry-url': `https://mlflow.example.com/#/models/model-${pad(
          i,
          5,
        )}`,
      },
    },
    spec: {
      type: p.type,
      lifecycle: 'production',
      owner: p.owner,
      system: p.system,
      framework: 'xgboost',
      riskTier: p.tier,
      intendedUse: 'Scoring in the benchmark portfolio.',
      trainingData: p.datasets,
      servedBy: [p.service],
      ...(p.parent !== undefined
        ? { derivedFrom: `model-${pad(p.parent, 5)}` }
        : {}),
      versions: STAGES.map((stage, v) => ({
        version: `1.${v}.0`,
        stage,
        createdAt: `2026-0${v + 1}-15`,
        metrics: { auc: (80 + v) / 100, f1: (70 + v) / 100 },
      })),
    },
  };
}

function componentEntity(i, random, count) {
  const p = picks(i, random, count);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: `component-${pad(i, 5)}`,
      title: `Component ${i}`,
      description: `Benchmark component ${i}: ${p.type} service of ${p.owner}.`,
      tags: [p.type, p.tier],
      annotations: {
        'backstage.io/source-location': `url:https://git.example.com/bench/component-${pad(
          i,
          5,
        )}`,
        'bench.example.com/framework': 'xgboost',
        'bench.example.com/intended-use': 'Scoring in the benchmark portfolio.',
        'bench.example.com/versions':
          '1.0.0 archived 2026-01-15 auc 0.80 f1 0.70; 1.1.0 staging 2026-02-15 auc 0.81 f1 0.71; 1.2.0 production 2026-03-15 auc 0.82 f1 0.72',
      },
      links: [
        {
          url: `https://grafana.example.com/d/component-${pad(i, 5)}`,
          title: 'Dashboard',
        },
        {
          url: `https://runbooks.example.com/component-${pad(i, 5)}`,
          title: 'Runbook',
        },
      ],
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: p.owner,
      system: p.system,
      dependsOn: [
        ...p.datasets.map(d => `resource:${d}`),
        `component:${p.service}`,
      ],
      ...(p.parent !== undefined
        ? { subcomponentOf: `component-${pad(p.parent, 5)}` }
        : {}),
    },
  };
}

/** Relations the catalog stores for a set (both directions), to know when stitching is complete. */
function expectedRelations(count) {
  const { datasets, services } = poolSizes(count);
  // shared: system ownedBy; resource ownedBy + partOf; service ownedBy + partOf (each with its reverse)
  const shared = 2 * (SYSTEMS + 2 * datasets + 2 * services);
  const parents = Math.floor((count + 1) / 5);
  // main: owner, system, 2 datasets, 1 service, and a parent for 1 in 5 (each with its reverse)
  return shared + 2 * (5 * count + parents);
}

/** Writes the set ('models' or 'components') of `count` entities to `dir`; returns its figures. */
function generate(kind, count, dir, seed = 42) {
  fs.mkdirSync(dir, { recursive: true });
  const random = rng(seed);
  const make = kind === 'models' ? modelEntity : componentEntity;
  const shared = sharedEntities(count);
  fs.writeFileSync(
    path.join(dir, 'shared.yaml'),
    shared.map(d => YAML.stringify(d)).join('---\n'),
  );
  let bytes = 0;
  for (let start = 0; start < count; start += PER_FILE) {
    const docs = [];
    for (let i = start; i < Math.min(count, start + PER_FILE); i++) {
      const text = YAML.stringify(make(i, random, count));
      bytes += Buffer.byteLength(text);
      docs.push(text);
    }
    fs.writeFileSync(
      path.join(dir, `entities-${pad(start / PER_FILE, 3)}.yaml`),
      docs.join('---\n'),
    );
  }
  return {
    kind,
    count,
    shared: shared.length,
    // + the two Location entities of the config locations are not counted (kind Location)
    entities: count + shared.length,
    relations: expectedRelations(count),
    avgYamlBytes: Math.round(bytes / count),
  };
}

module.exports = { generate };

if (require.main === module) {
  const [kind = 'models', count = '1000', dir = `/tmp/bench-catalog-${kind}`] =
    process.argv.slice(2);
  console.log(generate(kind, Number(count), dir));
}
