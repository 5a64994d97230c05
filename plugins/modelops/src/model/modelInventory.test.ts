import { supportAssistant } from '../__fixtures__/models';
import {
  inventoryCatalogQuery,
  inventoryOptionsFromFacets,
  INVENTORY_SEARCH_FIELDS,
  matchesWords,
  NOT_ASSESSED,
} from './modelInventory';
import { summarizeModel } from './modelSummary';

describe('inventoryCatalogQuery', () => {
  it('asks the catalog for every Model without filters', () => {
    expect(inventoryCatalogQuery({})).toEqual({
      filter: { kind: 'Model' },
      otherWords: [],
    });
  });

  it('turns owner, risk tier and type into catalog filters', () => {
    expect(
      inventoryCatalogQuery({
        owner: 'group:default/Credit-Risk-DS',
        riskTier: 'high',
        type: 'classification',
      }),
    ).toEqual({
      filter: {
        kind: 'Model',
        'relations.ownedBy': 'group:default/credit-risk-ds',
        'spec.riskTier': 'high',
        'spec.type': 'classification',
      },
      otherWords: [],
    });
  });

  it('asks for models without a risk tier with a $not $exists predicate', () => {
    expect(inventoryCatalogQuery({ riskTier: NOT_ASSESSED })).toEqual({
      filter: { kind: 'Model' },
      query: { $not: { 'spec.riskTier': { $exists: true } } },
      otherWords: [],
    });
  });

  it('sends the longest word of a search as the text filter and keeps the others for the browser', () => {
    expect(inventoryCatalogQuery({ text: '  LLM   Support ' })).toEqual({
      filter: { kind: 'Model' },
      fullTextFilter: { term: 'support', fields: INVENTORY_SEARCH_FIELDS },
      otherWords: ['llm'],
    });
    // A word inside the longest one adds nothing.
    expect(inventoryCatalogQuery({ text: 'credit cred' }).otherWords).toEqual(
      [],
    );
  });
});

describe('matchesWords', () => {
  it('needs every word somewhere in the model', () => {
    const llm = summarizeModel(supportAssistant);
    expect(matchesWords(llm, ['llm', 'support'])).toBe(true);
    expect(matchesWords(llm, ['llm', 'credit'])).toBe(false);
  });
});

describe('inventoryOptionsFromFacets', () => {
  it('offers the owners (by name) and types of the facets, and Not assessed when some models have no risk tier', () => {
    const options = inventoryOptionsFromFacets(
      {
        'relations.ownedBy': [
          { value: 'group:default/retail-analytics', count: 2 },
          { value: 'group:ops/Credit-Risk-DS', count: 1 },
        ],
        'spec.riskTier': [
          { value: 'high', count: 1 },
          { value: 'low', count: 1 },
        ],
        'spec.type': [
          { value: 'llm', count: 1 },
          { value: 'classification', count: 2 },
        ],
      },
      3,
    );
    expect(options.owners).toEqual([
      { value: 'group:ops/credit-risk-ds', label: 'ops/credit-risk-ds' },
      { value: 'group:default/retail-analytics', label: 'retail-analytics' },
    ]);
    expect(options.types.map(t => t.value)).toEqual(['classification', 'llm']);
    expect(options.riskTiers.map(t => t.value)).toEqual([
      'low',
      'medium',
      'high',
      NOT_ASSESSED,
    ]);
    expect(
      inventoryOptionsFromFacets(
        { 'spec.riskTier': [{ value: 'high', count: 3 }] },
        3,
      ).riskTiers.map(t => t.value),
    ).toEqual(['low', 'medium', 'high']);
  });
});
