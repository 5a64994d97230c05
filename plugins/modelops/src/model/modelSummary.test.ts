import { Entity } from '@backstage/catalog-model';
import { paragraphs, summarizeModel } from './modelSummary';

const entity: Entity = {
  apiVersion: 'modelops.io/v1alpha1',
  kind: 'Model',
  metadata: {
    name: 'churn',
    namespace: 'retail',
    title: 'Churn',
    tags: ['churn'],
    annotations: { 'modelops.io/registry-url': 'https://mlflow.example/churn' },
  },
  spec: {
    type: 'classification',
    lifecycle: 'production',
    owner: 'team-a',
    system: 'crm',
    riskTier: 'medium',
    euAiActCategory: 'limited',
    limitations: '  ',
    versions: [
      { version: '1', stage: 'archived' },
      { version: '2', stage: 'production' },
    ],
  },
};

describe('summarizeModel', () => {
  it('resolves spec references like the catalog does when there are no relations', () => {
    const summary = summarizeModel(entity);
    expect(summary).toMatchObject({
      entityRef: 'model:retail/churn',
      title: 'Churn',
      type: 'classification',
      owner: { kind: 'Group', namespace: 'retail', name: 'team-a' },
      system: { kind: 'System', namespace: 'retail', name: 'crm' },
      riskTier: 'medium',
      euAiActCategory: 'limited',
      limitations: undefined,
      productionVersion: '2',
      versionCount: 2,
      registryUrl: 'https://mlflow.example/churn',
      tags: ['churn'],
    });
  });

  it('takes the production version from the recorded promotion, and flags an unverified one (issue 12 item 1)', () => {
    expect(summarizeModel(entity).production.status).toBe('unverified');
    const promoted = summarizeModel({
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: {
          'modelops.io/approved-production-version': '3',
          'modelops.io/approved-production-request': 'req-3',
          'modelops.io/approved-production-at': '2026-11-27T10:00:00.000Z',
        },
      },
    });
    expect(promoted.productionVersion).toBe('3');
    expect(promoted.production).toMatchObject({
      status: 'approved',
      declaredVersion: '2',
      declarationOutdated: true,
    });
  });

  it('prefers the relations the catalog computed', () => {
    const summary = summarizeModel({
      ...entity,
      relations: [
        { type: 'ownedBy', targetRef: 'user:default/ada' },
        { type: 'partOf', targetRef: 'system:shared/crm-platform' },
      ],
    });
    expect(summary.owner).toEqual({
      kind: 'user',
      namespace: 'default',
      name: 'ada',
    });
    expect(summary.system).toEqual({
      kind: 'system',
      namespace: 'shared',
      name: 'crm-platform',
    });
  });

  it('ignores unknown enum values and tolerates a missing spec', () => {
    expect(
      summarizeModel({ ...entity, spec: { riskTier: 'extreme' } }),
    ).toMatchObject({ riskTier: undefined, versionCount: 0, owner: undefined });
    expect(summarizeModel({ ...entity, spec: undefined }).versionCount).toBe(0);
  });
});

describe('paragraphs', () => {
  it('splits at blank lines and drops empty paragraphs', () => {
    expect(paragraphs('First line\nsame paragraph.\n\n  \nSecond.\n')).toEqual([
      'First line\nsame paragraph.',
      'Second.',
    ]);
    expect(paragraphs(undefined)).toEqual([]);
  });
});
