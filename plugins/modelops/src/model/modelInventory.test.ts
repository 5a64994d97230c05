import { Entity } from '@backstage/catalog-model';
import {
  churnPredictor,
  creditDefaultScorer,
  supportAssistant,
} from '../__fixtures__/models';
import {
  filterInventory,
  inventoryFilterOptions,
  NOT_ASSESSED,
  riskTierRank,
} from './modelInventory';
import { summarizeModel } from './modelSummary';

const unassessed: Entity = {
  ...supportAssistant,
  metadata: { name: 'rules-engine', namespace: 'default' },
  spec: { type: 'rules', lifecycle: 'production', owner: 'credit-risk-ds' },
};
const models = [
  creditDefaultScorer,
  supportAssistant,
  churnPredictor,
  unassessed,
].map(summarizeModel);
const names = (list: typeof models) => list.map(m => m.name);

describe('filterInventory', () => {
  it('keeps every model without filters', () => {
    expect(filterInventory(models, {})).toHaveLength(4);
  });

  it('filters by owner, risk tier and type, combined', () => {
    expect(
      names(filterInventory(models, { owner: 'group:default/credit-risk-ds' })),
    ).toEqual(['credit-default-scorer', 'rules-engine']);
    expect(names(filterInventory(models, { riskTier: 'high' }))).toEqual([
      'credit-default-scorer',
    ]);
    expect(names(filterInventory(models, { riskTier: NOT_ASSESSED }))).toEqual([
      'rules-engine',
    ]);
    expect(
      names(
        filterInventory(models, { type: 'classification', riskTier: 'medium' }),
      ),
    ).toEqual(['customer-churn-emea']);
  });
});

describe('inventoryFilterOptions', () => {
  it('offers the owners and types present and every risk tier', () => {
    const options = inventoryFilterOptions(models);
    expect(options.owners).toEqual([
      { value: 'group:default/credit-risk-ds', label: 'credit-risk-ds' },
      { value: 'group:default/customer-care-ai', label: 'customer-care-ai' },
      { value: 'group:default/retail-analytics', label: 'retail-analytics' },
    ]);
    expect(options.types.map(o => o.value)).toEqual([
      'classification',
      'llm',
      'rules',
    ]);
    expect(options.riskTiers.map(o => o.label)).toEqual([
      'Low',
      'Medium',
      'High',
      'Not assessed',
    ]);
  });
});

describe('riskTierRank', () => {
  it('ranks unassessed < low < medium < high', () => {
    expect(models.map(riskTierRank)).toEqual([3, 1, 2, 0]);
  });
});
