import { Entity } from '@backstage/catalog-model';
import { ModelEntitiesProcessor } from './ModelEntitiesProcessor';

const location = {
  type: 'url',
  target: 'https://example.com/catalog-info.yaml',
};

const model: Entity = {
  apiVersion: 'modelops.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'churn', namespace: 'default' },
  spec: {
    type: 'classification',
    lifecycle: 'production',
    owner: 'team-a',
    system: 'growth',
    trainingData: ['events-2025', 'resource:other/crm'],
    servedBy: ['churn-service', 'api:default/churn-api'],
    derivedFrom: 'churn-global',
    dependsOn: ['resource:default/feature-store'],
  },
};

describe('ModelEntitiesProcessor', () => {
  const processor = new ModelEntitiesProcessor();

  it('claims valid Model entities', async () => {
    await expect(processor.validateEntityKind(model)).resolves.toBe(true);
  });

  it('ignores other kinds', async () => {
    await expect(
      processor.validateEntityKind({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'x' },
        spec: {},
      }),
    ).resolves.toBe(false);
  });

  it('rejects an invalid Model naming the field and the allowed values', async () => {
    await expect(
      processor.validateEntityKind({
        ...model,
        spec: { ...model.spec, riskTier: 'extreme' },
      }),
    ).rejects.toThrow(
      'Invalid Model entity default/churn: spec.riskTier must be one of low, medium, high (got "extreme")',
    );
  });

  it('rejects a Model with an unknown apiVersion instead of ignoring it', async () => {
    await expect(
      processor.validateEntityKind({ ...model, apiVersion: 'modelops.io/v9' }),
    ).rejects.toThrow(/apiVersion must be modelops.io\/v1alpha1/);
    await expect(
      processor.validateEntityKind({
        ...model,
        apiVersion: 'backstage.io/v1alpha1',
      }),
    ).rejects.toThrow(/apiVersion must be modelops.io\/v1alpha1/);
  });

  it('emits every relation in both directions, with default kinds', async () => {
    const emit = jest.fn();
    await processor.postProcessEntity(model, location, emit);
    const rels = emit.mock.calls.map(([r]) => {
      const { source, target, type } = r.relation;
      return `${source.kind}:${source.namespace}/${source.name} ${type} ${target.kind}:${target.namespace}/${target.name}`;
    });
    expect(rels).toEqual([
      'Model:default/churn ownedBy Group:default/team-a',
      'Group:default/team-a ownerOf Model:default/churn',
      'Model:default/churn partOf System:default/growth',
      'System:default/growth hasPart Model:default/churn',
      'Model:default/churn trainedOn Resource:default/events-2025',
      'Resource:default/events-2025 trainingDataOf Model:default/churn',
      'Model:default/churn trainedOn resource:other/crm',
      'resource:other/crm trainingDataOf Model:default/churn',
      'Model:default/churn servedBy Component:default/churn-service',
      'Component:default/churn-service serves Model:default/churn',
      'Model:default/churn servedBy api:default/churn-api',
      'api:default/churn-api serves Model:default/churn',
      'Model:default/churn derivedFrom Model:default/churn-global',
      'Model:default/churn-global hasDerivative Model:default/churn',
      'Model:default/churn dependsOn resource:default/feature-store',
      'resource:default/feature-store dependencyOf Model:default/churn',
    ]);
  });

  it('resolves short refs in the namespace of the model', async () => {
    const emit = jest.fn();
    await processor.postProcessEntity(
      {
        ...model,
        metadata: { name: 'm', namespace: 'risk' },
        spec: { type: 'rules', lifecycle: 'experimental', owner: 'team-b' },
      },
      location,
      emit,
    );
    expect(emit.mock.calls[0][0].relation.target).toEqual({
      kind: 'Group',
      namespace: 'risk',
      name: 'team-b',
    });
  });

  it('emits nothing for other kinds', async () => {
    const emit = jest.fn();
    await processor.postProcessEntity(
      { ...model, kind: 'Component' },
      location,
      emit,
    );
    expect(emit).not.toHaveBeenCalled();
  });
});
