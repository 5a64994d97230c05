import { catalogGraphApiRef } from '@backstage/plugin-catalog-graph';
import { apis } from './apis';

describe('apis', () => {
  it('teaches catalog-graph the Model relations and shows them by default', () => {
    const factory = apis.find(f => f.api.id === catalogGraphApiRef.id)!;
    const api = factory.factory({}) as any;
    for (const type of [
      'trainedOn',
      'trainingDataOf',
      'servedBy',
      'serves',
      'derivedFrom',
      'hasDerivative',
      'ownedBy',
      'hasPart',
    ]) {
      expect(api.knownRelations).toContain(type);
      expect(api.defaultRelations).toContain(type);
    }
    expect(new Set(api.knownRelations).size).toBe(api.knownRelations.length);
    expect(api.knownRelationPairs).toEqual(
      expect.arrayContaining([
        ['trainedOn', 'trainingDataOf'],
        ['servedBy', 'serves'],
        ['derivedFrom', 'hasDerivative'],
        ['parentOf', 'childOf'],
      ]),
    );
  });
});
