import {
  modelopsLineageRelations,
  modelopsRelationPairs,
  relationTitle,
} from './lineageRelations';

describe('lineageRelations', () => {
  it('builds catalog-graph relation pairs from the Model kind pairs', () => {
    expect(modelopsRelationPairs).toEqual([
      ['trainedOn', 'trainingDataOf'],
      ['servedBy', 'serves'],
      ['derivedFrom', 'hasDerivative'],
    ]);
  });

  it('follows lineage relations but not ownership', () => {
    expect(modelopsLineageRelations).toEqual(
      expect.arrayContaining([
        'trainedOn',
        'trainingDataOf',
        'servedBy',
        'serves',
        'derivedFrom',
        'hasDerivative',
        'dependsOn',
        'dependencyOf',
        'partOf',
        'hasPart',
      ]),
    );
    expect(modelopsLineageRelations).not.toContain('ownedBy');
    expect(modelopsLineageRelations).not.toContain('ownerOf');
  });

  it('titles relations with the titles of the common package', () => {
    expect(relationTitle('trainedOn')).toBe('trained on');
    expect(relationTitle('trainingDataOf')).toBe('training data of');
    expect(relationTitle('hasDerivative')).toBe('has derivative');
    expect(relationTitle('dependsOn')).toBe('depends on');
    expect(relationTitle('somethingElse')).toBe('somethingElse');
  });
});
