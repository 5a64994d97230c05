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
  /** Text search: every word must appear in the name, title, owner, system, type, ... */
  text?: string;
}

/** The URL query keys of the inventory filters (the filters live in the URL: shareable, reload-safe). */
export const INVENTORY_FILTER_PARAMS = {
  owner: 'owner',
  riskTier: 'riskTier',
  type: 'type',
  text: 'q',
} as const;

/** The filters a URL query says (unknown keys ignored, empty values dropped). */
export function inventoryFiltersFromParams(
  params: URLSearchParams,
): ModelInventoryFilters {
  const filters: ModelInventoryFilters = {};
  for (const [key, param] of Object.entries(INVENTORY_FILTER_PARAMS)) {
    const value = params.get(param)?.trim();
    if (value) filters[key as keyof ModelInventoryFilters] = value;
  }
  return filters;
}

/** The URL query of some filters (only the set ones, in a stable order). */
export function inventoryFiltersToParams(
  filters: ModelInventoryFilters,
): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, param] of Object.entries(INVENTORY_FILTER_PARAMS)) {
    const value = filters[key as keyof ModelInventoryFilters]?.trim();
    if (value) params.set(param, value);
  }
  return params;
}

function searchableText(model: ModelSummary): string {
  return [
    model.name,
    model.title,
    model.description,
    model.type,
    model.framework,
    model.lifecycle,
    model.owner?.name,
    model.system?.name,
    model.riskTier,
    model.euAiActCategory,
    model.productionVersion,
    ...model.tags,
  ]
    .filter(Boolean)
    .join(' ')
    .toLocaleLowerCase();
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
      (!filters.type || model.type === filters.type) &&
      (!filters.text ||
        filters.text
          .toLocaleLowerCase()
          .split(/\s+/)
          .filter(Boolean)
          .every(word => searchableText(model).includes(word))),
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
