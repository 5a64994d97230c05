import { Entity } from '@backstage/catalog-model';
import { modelLineage } from './modelLineage';

const model: Entity = {
  apiVersion: 'modelops.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'credit-default-scorer', namespace: 'default' },
  spec: {
    type: 'classification',
    lifecycle: 'production',
    owner: 'group:default/credit-risk-ds',
    system: 'credit-decisioning',
    trainingData: ['loan-applications', 'resource:default/bureau-features'],
    servedBy: ['credit-scoring-service'],
    derivedFrom: 'credit-base',
    dependsOn: ['resource:default/feature-store-online'],
  },
};

function titled(lineage: ReturnType<typeof modelLineage>) {
  return Object.fromEntries(
    lineage.sections.map(s => [
      s.title,
      s.targets.map(t => `${t.kind}:${t.namespace}/${t.name}`),
    ]),
  );
}

describe('modelLineage', () => {
  it('groups the relations the catalog computed, without duplicates', () => {
    const lineage = modelLineage({
      ...model,
      relations: [
        { type: 'ownedBy', targetRef: 'group:default/credit-risk-ds' },
        { type: 'trainedOn', targetRef: 'resource:default/loan-applications' },
        { type: 'trainedOn', targetRef: 'resource:default/bureau-features' },
        { type: 'trainedOn', targetRef: 'resource:default/bureau-features' },
        { type: 'servedBy', targetRef: 'api:default/credit-scoring-api' },
        { type: 'derivedFrom', targetRef: 'model:default/credit-base' },
        { type: 'hasDerivative', targetRef: 'model:default/credit-default-uk' },
        { type: 'dependsOn', targetRef: 'resource:default/feature-store' },
        { type: 'partOf', targetRef: 'system:default/credit-decisioning' },
        { type: 'bogus', targetRef: 'not a ref:' },
      ],
    });
    expect(lineage.source).toBe('relations');
    expect(titled(lineage)).toEqual({
      'Training data': [
        'resource:default/loan-applications',
        'resource:default/bureau-features',
      ],
      'Served by': ['api:default/credit-scoring-api'],
      'Derived from': ['model:default/credit-base'],
      'Derived models': ['model:default/credit-default-uk'],
      'Depends on': ['resource:default/feature-store'],
      System: ['system:default/credit-decisioning'],
    });
  });

  it('falls back to spec when the catalog has not computed relations', () => {
    const lineage = modelLineage(model);
    expect(lineage.source).toBe('spec');
    expect(titled(lineage)).toEqual({
      'Training data': [
        'resource:default/loan-applications',
        'resource:default/bureau-features',
      ],
      'Served by': ['component:default/credit-scoring-service'],
      'Derived from': ['model:default/credit-base'],
      'Derived models': [],
      'Depends on': ['resource:default/feature-store-online'],
      System: ['system:default/credit-decisioning'],
    });
  });

  it('returns empty sections for a spec with a malformed reference', () => {
    const lineage = modelLineage({
      ...model,
      spec: { ...model.spec, servedBy: ['component:'] },
    });
    expect(lineage.sections.every(s => s.targets.length === 0)).toBe(true);
  });
});
