import { assertValidModelEntity } from './validateModelEntity';
import { modelEntityRelations } from './modelEntityRelations';
import { MODEL_RELATION_PAIRS, MODEL_RELATION_TYPES } from './relations';

describe('modelEntityRelations', () => {
  it('emits a forward and a reverse relation for every reference', () => {
    const model = assertValidModelEntity({
      apiVersion: 'modelops.io/v1alpha1',
      kind: 'Model',
      metadata: { name: 'ft', namespace: 'genai' },
      spec: {
        type: 'llm',
        lifecycle: 'experimental',
        owner: 'user:default/ada',
        derivedFrom: 'base-llm',
        trainingData: ['support-tickets'],
      },
    });
    const rels = modelEntityRelations(model).map(
      r =>
        `${r.source.kind}:${r.source.namespace}/${r.source.name} ${r.type} ${r.target.kind}:${r.target.namespace}/${r.target.name}`,
    );
    expect(rels).toEqual([
      'Model:genai/ft ownedBy user:default/ada',
      'user:default/ada ownerOf Model:genai/ft',
      'Model:genai/ft trainedOn Resource:genai/support-tickets',
      'Resource:genai/support-tickets trainingDataOf Model:genai/ft',
      'Model:genai/ft derivedFrom Model:genai/base-llm',
      'Model:genai/base-llm hasDerivative Model:genai/ft',
    ]);
  });

  it('declares three custom pairs with titles', () => {
    expect(MODEL_RELATION_TYPES).toEqual([
      'trainedOn',
      'trainingDataOf',
      'servedBy',
      'serves',
      'derivedFrom',
      'hasDerivative',
    ]);
    expect(MODEL_RELATION_PAIRS.every(p => p.title && p.reverseTitle)).toBe(
      true,
    );
  });
});
