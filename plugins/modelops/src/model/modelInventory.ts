import { stringifyEntityRef } from '@backstage/catalog-model';
import { MODEL_RISK_TIERS } from '@modelops/plugin-modelops-common';
import { ModelSummary } from './modelSummary';

/** Filter value for models without a risk tier. */
export const NOT_ASSESSED = 'not-assessed';

/** The inventory filters; an undefined or empty value means "all". */
export interface ModelInventoryFilters {
  /** Owner entity ref, e.g. `group:default/credit-risk-ds`. */
  owner?: string;
  /** `low`, `medium`, `high` or {@link NOT_ASSESSED}. */
  riskTier?: string;
  /** `spec.type`, e.g. `classification`. */
  type?: string;
}

/** A choice in a filter: the value to filter on and its label. */
export interface FilterOption {
  value: string;
  label: string;
}

function ownerKey(model: ModelSummary): string | undefined {
  return model.owner ? stringifyEntityRef(model.owner) : undefined;
}

/** Keeps the models that match every set filter. */
export function filterInventory<T extends ModelSummary>(
  models: T[],
  filters: ModelInventoryFilters,
): T[] {
  return models.filter(
    model =>
      (!filters.owner || ownerKey(model) === filters.owner) &&
      (!filters.riskTier ||
        (model.riskTier ?? NOT_ASSESSED) === filters.riskTier) &&
      (!filters.type || model.type === filters.type),
  );
}

/** The choices of each filter, from the models present (owners and types sorted by label). */
export function inventoryFilterOptions(models: ModelSummary[]): {
  owners: FilterOption[];
  riskTiers: FilterOption[];
  types: FilterOption[];
} {
  const owners = new Map<string, string>();
  const types = new Set<string>();
  let unassessed = false;
  for (const model of models) {
    const key = ownerKey(model);
    if (key && model.owner) {
      owners.set(key, model.owner.name);
    }
    if (model.type) types.add(model.type);
    if (!model.riskTier) unassessed = true;
  }
  const byLabel = (a: FilterOption, b: FilterOption) =>
    a.label.localeCompare(b.label) || a.value.localeCompare(b.value);
  return {
    owners: [...owners]
      .map(([value, label]) => ({ value, label }))
      .sort(byLabel),
    riskTiers: [
      ...MODEL_RISK_TIERS.map(tier => ({
        value: tier,
        label: tier[0].toLocaleUpperCase('en-US') + tier.slice(1),
      })),
      ...(unassessed ? [{ value: NOT_ASSESSED, label: 'Not assessed' }] : []),
    ],
    types: [...types].map(type => ({ value: type, label: type })).sort(byLabel),
  };
}

/** Sort rank of a risk tier: unassessed first, then low, medium, high. */
export function riskTierRank(model: ModelSummary): number {
  return model.riskTier ? MODEL_RISK_TIERS.indexOf(model.riskTier) + 1 : 0;
}
