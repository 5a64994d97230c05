import type { z } from 'zod';
import type { ModelEntitySpec, ModelVersion } from './ModelEntity';
import type { modelSpecSchema, modelVersionSchema } from './modelEntitySchema';
import {
  assertValidModelEntity,
  formatFieldPath,
  formatProblem,
  validateModelEntity,
} from './validateModelEntity';

const base = {
  apiVersion: 'modelops.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'churn-predictor' },
  spec: { type: 'classification', lifecycle: 'production', owner: 'team-a' },
};

function withSpec(spec: Record<string, unknown>) {
  return { ...base, spec: { ...base.spec, ...spec } };
}

function withoutSpec(field: string) {
  const spec: Record<string, unknown> = { ...base.spec };
  delete spec[field];
  return { ...base, spec };
}

describe('validateModelEntity: valid models', () => {
  it.each<[string, unknown]>([
    ['the minimal model', base],
    [
      'a fully specified model',
      withSpec({
        owner: 'group:default/team-a',
        system: 'credit',
        framework: 'xgboost',
        riskTier: 'high',
        euAiActCategory: 'high-risk',
        intendedUse: 'Decision support for underwriters.',
        limitations: 'Not calibrated for applicants under 21.',
        trainingData: ['loans-2025', 'resource:risk/bureau'],
        servedBy: ['scoring-service', 'api:default/scoring-api'],
        derivedFrom: 'model:default/credit-base',
        dependsOn: ['resource:default/feature-store'],
        versions: [
          {
            version: '2.0.0',
            stage: 'production',
            createdAt: '2026-10-01',
            metrics: { auc: 0.91, ks: 0.5 },
            artifact: 's3://m/2.0.0',
            runUrl: 'https://mlflow.example.com/#/runs/1',
          },
          {
            version: '1.0.0',
            stage: 'archived',
            createdAt: '2025-01-01T10:00:00Z',
          },
        ],
        monitoring: { drift: { minCurrentSize: 100 } },
      }),
    ],
    [
      'a model with several staging versions',
      withSpec({
        versions: [
          { version: 'a', stage: 'staging' },
          { version: 'b', stage: 'staging' },
          { version: 'c', stage: 'development' },
        ],
      }),
    ],
    [
      'an LLM derived from another model in another namespace',
      withSpec({
        type: 'llm',
        derivedFrom: 'model:vendors/base-llm',
        riskTier: 'low',
        euAiActCategory: 'limited',
      }),
    ],
    [
      'a custom type with numeric version and a YAML date',
      withSpec({
        type: 'anomaly-detection',
        versions: [
          { version: 3, stage: 'none', createdAt: new Date('2026-01-02') },
        ],
      }),
    ],
    [
      'a model in a namespace with annotations and tags',
      {
        ...base,
        metadata: {
          name: 'x.y_z-1',
          namespace: 'risk',
          tags: ['a'],
          annotations: { 'modelops.io/registry-url': 'https://r' },
        },
      },
    ],
  ])('accepts %s', (_title, entity) => {
    const result = validateModelEntity(entity);
    expect(result.problems).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('normalizes numeric versions to strings and YAML dates to ISO strings', () => {
    const entity = assertValidModelEntity(
      withSpec({
        versions: [
          {
            version: 3,
            stage: 'none',
            createdAt: new Date('2026-01-02T00:00:00Z'),
          },
        ],
      }),
    );
    expect(entity.spec.versions?.[0]).toEqual({
      version: '3',
      stage: 'none',
      createdAt: '2026-01-02T00:00:00.000Z',
    });
  });
});

describe('validateModelEntity: invalid models', () => {
  it.each<[string, unknown, string]>([
    [
      'wrong apiVersion group',
      { ...base, apiVersion: 'backstage.io/v1alpha1' },
      'apiVersion must be modelops.io/v1alpha1 for kind Model (got "backstage.io/v1alpha1")',
    ],
    [
      'unknown apiVersion',
      { ...base, apiVersion: 'modelops.io/v2' },
      'apiVersion must be modelops.io/v1alpha1 for kind Model (got "modelops.io/v2")',
    ],
    ['wrong kind', { ...base, kind: 'Component' }, 'kind must be Model'],
    [
      'missing metadata',
      { ...base, metadata: undefined },
      'metadata is required and must be an object with at least a name',
    ],
    ['missing name', { ...base, metadata: {} }, 'metadata.name is required'],
    [
      'malformed name',
      { ...base, metadata: { name: 'Churn Predictor!' } },
      'metadata.name must be 1-63 characters of [a-zA-Z0-9], separated by [-_.] (got "Churn Predictor!")',
    ],
    ['missing spec', { ...base, spec: undefined }, 'spec is required'],
    ['spec is a list', { ...base, spec: [] }, 'spec must be an object'],
    ['missing spec.type', withoutSpec('type'), 'spec.type is required'],
    [
      'empty spec.type',
      withSpec({ type: '  ' }),
      'spec.type must be a non-empty string (recommended: classification, regression, ranking, forecasting, clustering, llm, generative, rules, optimization)',
    ],
    [
      'missing spec.lifecycle',
      withoutSpec('lifecycle'),
      'spec.lifecycle is required',
    ],
    [
      'numeric spec.lifecycle',
      withSpec({ lifecycle: 3 }),
      'spec.lifecycle must be a non-empty string, e.g. experimental, production, deprecated',
    ],
    ['missing spec.owner', withoutSpec('owner'), 'spec.owner is required'],
    [
      'malformed owner ref',
      withSpec({ owner: 'group:' }),
      'spec.owner must be an entity reference (group:default/name or just name); got "group:"',
    ],
    [
      'unknown risk tier',
      withSpec({ riskTier: 'extreme' }),
      'spec.riskTier must be one of low, medium, high (got "extreme")',
    ],
    [
      'risk tier with wrong case',
      withSpec({ riskTier: 'High' }),
      'spec.riskTier must be one of low, medium, high (got "High")',
    ],
    [
      'unknown EU AI Act category',
      withSpec({ euAiActCategory: 'high' }),
      'spec.euAiActCategory must be one of prohibited, high-risk, limited, minimal (got "high")',
    ],
    [
      'trainingData as a string',
      withSpec({ trainingData: 'resource:default/x' }),
      'spec.trainingData must be a list of entity references (write it as a YAML list: - ref)',
    ],
    [
      'a bad ref in servedBy',
      withSpec({ servedBy: ['ok-service', 'component:'] }),
      'spec.servedBy[1] must be an entity reference (component:default/name or just name); got "component:"',
    ],
    [
      'dependsOn without a kind',
      withSpec({ dependsOn: ['feature-store'] }),
      'spec.dependsOn[0] must be an entity reference (kind:namespace/name, e.g. component:default/payments); got "feature-store"',
    ],
    [
      'derivedFrom as a list',
      withSpec({ derivedFrom: ['a', 'b'] }),
      'spec.derivedFrom must be an entity reference (model:default/name or just name)',
    ],
    [
      'misspelled spec field',
      withSpec({ riskTeir: 'low' }),
      'spec has unknown field riskTeir; known fields are type, lifecycle, owner, system, framework, riskTier, euAiActCategory, intendedUse, limitations, trainingData, servedBy, derivedFrom, dependsOn, versions, monitoring',
    ],
    [
      'versions as an object',
      withSpec({ versions: { '1.0': 'production' } }),
      'spec.versions must be a list of versions',
    ],
    [
      'version without version string',
      withSpec({ versions: [{ stage: 'staging' }] }),
      'spec.versions[0].version is required',
    ],
    [
      'version without stage',
      withSpec({ versions: [{ version: '1' }] }),
      'spec.versions[0].stage is required; allowed values are none, development, staging, production, archived',
    ],
    [
      'unknown stage',
      withSpec({ versions: [{ version: '1', stage: 'prod' }] }),
      'spec.versions[0].stage must be one of none, development, staging, production, archived (got "prod")',
    ],
    [
      'duplicate version strings',
      withSpec({
        versions: [
          { version: '1.0', stage: 'staging' },
          { version: '1.0', stage: 'archived' },
        ],
      }),
      'spec.versions[1].version must be unique; "1.0" is also spec.versions[0].version',
    ],
    [
      'two versions in production',
      withSpec({
        versions: [
          { version: '2', stage: 'production' },
          { version: '1', stage: 'production' },
        ],
      }),
      'spec.versions[1].stage must not be production: at most one version may be in production, and spec.versions[0] already is (set the older one to archived)',
    ],
    [
      'createdAt not a date',
      withSpec({
        versions: [{ version: '1', stage: 'none', createdAt: 'last tuesday' }],
      }),
      'spec.versions[0].createdAt must be an ISO 8601 date like 2026-03-01 or 2026-03-01T12:00:00Z',
    ],
    [
      'createdAt impossible date',
      withSpec({
        versions: [{ version: '1', stage: 'none', createdAt: '2026-13-45' }],
      }),
      'spec.versions[0].createdAt must be an ISO 8601 date like 2026-03-01 or 2026-03-01T12:00:00Z',
    ],
    [
      'metric that is not a number',
      withSpec({
        versions: [{ version: '1', stage: 'none', metrics: { auc: 'high' } }],
      }),
      'spec.versions[0].metrics.auc must be a number (metrics map a metric name to a number)',
    ],
    [
      'metrics as a list',
      withSpec({ versions: [{ version: '1', stage: 'none', metrics: [0.9] }] }),
      'spec.versions[0].metrics must be a map of metric name to number, e.g. { auc: 0.91 }',
    ],
    [
      'runUrl not a URL',
      withSpec({
        versions: [{ version: '1', stage: 'none', runUrl: 'runs/123' }],
      }),
      'spec.versions[0].runUrl must be an http(s) URL, e.g. https://mlflow.example.com/#/runs/123',
    ],
    // The Model page renders runUrl as a link: a script URL would run in the viewer's session.
    [
      'runUrl a javascript: URL',
      withSpec({
        versions: [
          {
            version: '1',
            stage: 'none',
            // eslint-disable-next-line no-script-url -- the script URL is the input that must be rejected
            runUrl: 'javascript:alert(document.cookie)',
          },
        ],
      }),
      'spec.versions[0].runUrl must be an http(s) URL, e.g. https://mlflow.example.com/#/runs/123',
    ],
    [
      'registry URL annotation a javascript: URL',
      {
        ...base,
        metadata: {
          name: 'churn-predictor',
          // eslint-disable-next-line no-script-url -- the script URL is the input that must be rejected
          annotations: { 'modelops.io/registry-url': 'javascript:alert(1)' },
        },
      },
      'metadata.annotations["modelops.io/registry-url"] must be an http(s) URL, e.g. https://mlflow.example.com/#/runs/123',
    ],
    [
      'runUrl a data: URL',
      withSpec({
        versions: [
          {
            version: '1',
            stage: 'none',
            runUrl: 'data:text/html,<script>alert(1)</script>',
          },
        ],
      }),
      'spec.versions[0].runUrl must be an http(s) URL, e.g. https://mlflow.example.com/#/runs/123',
    ],
    [
      'unknown field in a version',
      withSpec({ versions: [{ version: '1', stage: 'none', accuracy: 0.9 }] }),
      'spec.versions[0] has unknown field accuracy; known fields are version, stage, createdAt, metrics, artifact, runUrl',
    ],
    [
      'monitoring as a string',
      withSpec({ monitoring: 'on' }),
      'spec.monitoring must be an object',
    ],
    [
      'an unknown drift method',
      withSpec({ monitoring: { drift: { method: 'kl' } } }),
      'spec.monitoring.drift.method must be one of ks, chiSquare, wasserstein, wassersteinNormed, psi, jensenShannon, or an object { numeric, categorical } of those',
    ],
    [
      'a negative drift threshold',
      withSpec({
        monitoring: { drift: { features: { income: { threshold: -1 } } } },
      }),
      'spec.monitoring.drift.features.income.threshold must be at least 0',
    ],
    [
      'an unknown drift setting',
      withSpec({ monitoring: { drift: { minCurrentRows: 10 } } }),
      'spec.monitoring.drift has unknown field minCurrentRows',
    ],
  ])('rejects %s', (_title, entity, expected) => {
    const result = validateModelEntity(entity);
    expect(result.valid).toBe(false);
    expect(result.problems.map(formatProblem)).toContain(expected);
  });

  it('reports every problem at once, not only the first', () => {
    const result = validateModelEntity({
      ...base,
      spec: { lifecycle: 'x', riskTier: 'extreme', euAiActCategory: 'none' },
    });
    expect(result.problems.map(p => p.path)).toEqual([
      'spec.type',
      'spec.owner',
      'spec.riskTier',
      'spec.euAiActCategory',
    ]);
  });

  it('rejects non-objects without crashing', () => {
    for (const value of [null, undefined, 42, 'Model', []]) {
      expect(validateModelEntity(value).valid).toBe(false);
    }
  });

  it('throws a ModelValidationError listing every problem from assertValidModelEntity', () => {
    expect(() =>
      assertValidModelEntity(withSpec({ riskTier: 'x', euAiActCategory: 'y' })),
    ).toThrow(
      /Invalid Model entity:\n {2}- spec.riskTier must be one of low, medium, high \(got "x"\)\n {2}- spec.euAiActCategory/,
    );
  });
});

describe('formatFieldPath', () => {
  it('formats nested paths with indices and odd keys', () => {
    expect(
      formatFieldPath(['spec', 'versions', 2, 'metrics', 'f1 score']),
    ).toBe('spec.versions[2].metrics["f1 score"]');
    expect(formatFieldPath([])).toBe('(entity)');
  });
});

describe('the Model kind type is the schema output', () => {
  // Compile-time equality (checked by `yarn tsc`): a hand-written ModelEntitySpec/ModelVersion that
  // drifts from the zod schema fails to compile here; the runtime assertions below cannot catch it.
  type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B
    ? 1
    : 2
    ? true
    : false;
  const specIsSchemaOutput: Equal<
    ModelEntitySpec,
    z.output<typeof modelSpecSchema>
  > = true;
  const versionIsSchemaOutput: Equal<
    ModelVersion,
    z.output<typeof modelVersionSchema>
  > = true;

  it('types the validated entity with the normalized values the schema produces', () => {
    expect([specIsSchemaOutput, versionIsSchemaOutput]).toEqual([true, true]);
    const result = validateModelEntity(
      withSpec({
        versions: [
          {
            version: 3,
            stage: 'staging',
            createdAt: new Date('2026-03-01T00:00:00Z'),
          },
        ],
      }),
    );
    if (!result.valid)
      throw new Error(result.problems.map(formatProblem).join('; '));
    const version: ModelVersion = result.entity.spec.versions![0];
    expect(version).toEqual({
      version: '3',
      stage: 'staging',
      createdAt: '2026-03-01T00:00:00.000Z',
    });
    expect(result.entity.apiVersion).toBe('modelops.io/v1alpha1');
  });

  it('keeps other monitoring settings only when they are JSON values, as Entity.spec is JSON', () => {
    expect(
      validateModelEntity(
        withSpec({
          monitoring: {
            dashboard: { url: 'https://grafana.example/d/1', panels: [1, 2] },
          },
        }),
      ).valid,
    ).toBe(true);
    const result = validateModelEntity(
      withSpec({ monitoring: { since: new Date('2026-03-01T00:00:00Z') } }),
    );
    expect(result.valid).toBe(false);
    expect(result.valid ? [] : result.problems.map(formatProblem)).toEqual([
      'spec.monitoring.since must be a JSON value (string, number, boolean, null, list or map)',
    ]);
  });
});
