import type { Entity } from '@backstage/catalog-model';
import { buildModelBom } from './buildModelBom';
import { validateCycloneDxBom } from './validateCycloneDxBom';

const model: Entity = {
  apiVersion: 'modelops.io/v1alpha1',
  kind: 'Model',
  metadata: {
    name: 'credit-default-scorer',
    description: 'Probability that an applicant defaults within 12 months.',
    annotations: {
      'modelops.io/registry-url':
        'https://mlflow.acme.example/#/models/credit-default-scorer',
      'modelops.io/license': 'apache-2.0',
      'modelops.io/pipeline-tag': 'tabular-classification',
    },
  },
  spec: {
    type: 'classification',
    lifecycle: 'production',
    owner: 'group:default/credit-risk-ds',
    riskTier: 'high',
    euAiActCategory: 'high-risk',
    intendedUse: 'Decision support for underwriters.',
    limitations: 'Not validated for business loans.',
    trainingData: ['loan-applications', 'resource:default/bureau-features'],
    servedBy: ['credit-scoring-service', 'api:default/credit-scoring-api'],
    derivedFrom: 'credit-default-scorer-v2',
    dependsOn: ['resource:default/feature-store-online'],
    versions: [
      {
        version: '3.2.0',
        stage: 'production',
        metrics: { auc: 0.912, ks: 0.51 },
        runUrl: 'https://mlflow.acme.example/#/experiments/12/runs/ab12cd',
      },
      { version: '3.3.0-rc1', stage: 'staging', metrics: { auc: 0.918 } },
    ],
  },
};

const related: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'loan-applications',
      description: 'Loan applications 2019-2025',
    },
    spec: { type: 'dataset', owner: 'group:default/data-platform' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'data-platform' },
    spec: {
      type: 'team',
      profile: {
        displayName: 'Data Platform',
        email: 'data-platform@acme.example',
      },
      children: [],
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'credit-scoring-service' },
    spec: { type: 'service', lifecycle: 'production', owner: 'credit-risk-ds' },
  },
  {
    apiVersion: 'modelops.io/v1alpha1',
    kind: 'Model',
    metadata: { name: 'credit-default-scorer-v2' },
    spec: {
      type: 'classification',
      lifecycle: 'deprecated',
      owner: 'credit-risk-ds',
      versions: [{ version: '2.9.1', stage: 'archived' }],
    },
  },
];

describe('buildModelBom', () => {
  const bom = buildModelBom({
    model,
    related,
    timestamp: new Date('2026-11-28T12:00:00Z'),
    serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    toolVersion: '0.1.0',
  }) as any;

  it('is a CycloneDX 1.6 document that the library validator accepts', async () => {
    expect(bom.bomFormat).toBe('CycloneDX');
    expect(bom.specVersion).toBe('1.6');
    await expect(validateCycloneDxBom(bom)).resolves.toEqual([]);
  });

  it('describes the model with its model card', () => {
    const c = bom.metadata.component;
    expect(c).toMatchObject({
      type: 'machine-learning-model',
      'bom-ref': 'model:default/credit-default-scorer',
      name: 'credit-default-scorer',
      version: '3.2.0',
      licenses: [{ license: { id: 'Apache-2.0' } }],
    });
    expect(c.modelCard).toEqual({
      modelParameters: {
        task: 'tabular-classification',
        datasets: [
          { ref: 'resource:default/loan-applications' },
          { ref: 'resource:default/bureau-features' },
        ],
      },
      quantitativeAnalysis: {
        performanceMetrics: [
          { type: 'auc', value: '0.912' },
          { type: 'ks', value: '0.51' },
        ],
      },
      considerations: {
        useCases: ['Decision support for underwriters.'],
        technicalLimitations: ['Not validated for business loans.'],
      },
      properties: [
        { name: 'modelops:riskTier', value: 'high' },
        { name: 'modelops:euAiActCategory', value: 'high-risk' },
      ],
    });
    expect(c.pedigree.ancestors).toEqual([
      expect.objectContaining({
        type: 'machine-learning-model',
        'bom-ref': 'model:default/credit-default-scorer-v2',
        version: '2.9.1',
      }),
    ]);
    expect(c.externalReferences.map((r: any) => r.type).sort()).toEqual([
      'build-meta',
      'distribution',
    ]);
  });

  it('lists datasets as data components with their owners', () => {
    const loans = bom.components.find(
      (c: any) => c['bom-ref'] === 'resource:default/loan-applications',
    );
    expect(loans.type).toBe('data');
    expect(loans.data).toEqual([
      {
        type: 'dataset',
        name: 'loan-applications',
        description: 'Loan applications 2019-2025',
        governance: {
          owners: [
            {
              organization: {
                name: 'Data Platform',
                contact: [
                  {
                    name: 'Data Platform',
                    email: 'data-platform@acme.example',
                  },
                ],
              },
            },
          ],
        },
      },
    ]);
    // Not in the catalog (or not visible to the caller): named, marked unresolved, no owner.
    const bureau = bom.components.find(
      (c: any) => c['bom-ref'] === 'resource:default/bureau-features',
    );
    expect(bureau.properties).toContainEqual({
      name: 'modelops:resolved',
      value: 'false',
    });
    expect(bureau.data[0].governance).toBeUndefined();
  });

  it('draws serving components and APIs that depend on the model', () => {
    const dependsOn = (ref: string) =>
      bom.dependencies.find((d: any) => d.ref === ref)?.dependsOn;
    expect(dependsOn('component:default/credit-scoring-service')).toEqual([
      'model:default/credit-default-scorer',
    ]);
    expect(dependsOn('api:default/credit-scoring-api')).toEqual([
      'model:default/credit-default-scorer',
    ]);
    expect(dependsOn('model:default/credit-default-scorer')).toEqual([
      'resource:default/bureau-features',
      'resource:default/feature-store-online',
      'resource:default/loan-applications',
    ]);
    expect(bom.services.map((s: any) => s['bom-ref'])).toEqual([
      'api:default/credit-scoring-api',
    ]);
  });

  it('keeps hostile text as data (JSON-escaped) and still validates', async () => {
    const hostile = buildModelBom({
      model: {
        ...model,
        metadata: {
          name: 'x',
          description: '<script>alert(1)</script>\u0000](javascript:alert(1))',
          annotations: {
            'modelops.io/license': 'My <b>own</b> licence',
            // Built from parts so the linter's no-script-url does not trip on the test value.
            'modelops.io/registry-url': ['javascript', 'alert(1)'].join(':'),
          },
        },
        spec: {
          type: 'llm',
          lifecycle: 'experimental',
          owner: 'user:default/jane',
          intendedUse: 'x'.repeat(100_000),
          trainingData: ['x', 'not a ref:::'],
        },
      },
    }) as any;
    expect(hostile.metadata.component.licenses).toEqual([
      { license: { name: 'My <b>own</b> licence' } },
    ]);
    // Links are http(s) only, as everywhere in the plugin.
    expect(hostile.metadata.component.externalReferences).toBeUndefined();
    await expect(validateCycloneDxBom(hostile)).resolves.toEqual([]);
  });

  it('reports text that is not JSON instead of throwing', async () => {
    const problems = await validateCycloneDxBom('{"bomFormat": ');
    expect(problems[0].message).toMatch(/^is not JSON/);
  });

  it('reports schema violations with their path', async () => {
    const broken = JSON.parse(JSON.stringify(bom));
    broken.metadata.component.modelCard.considerations.useCases = 'not a list';
    const problems = await validateCycloneDxBom(broken);
    expect(problems[0].path).toBe(
      '/metadata/component/modelCard/considerations/useCases',
    );
  });
});
