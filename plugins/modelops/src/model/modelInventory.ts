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

/*
 * Server-side inventory (issue 13 item 3): the filters become a catalog query, so the Models page
 * reads one page of models and the facet counts instead of every Model entity.
 */

/** The entity fields the text search looks in (catalog search keys; values over 200 characters are not indexed). */
export const INVENTORY_SEARCH_FIELDS = [
  'metadata.name',
  'metadata.title',
  'metadata.description',
  'metadata.tags',
  'spec.type',
  'spec.framework',
  'spec.lifecycle',
  'spec.owner',
  'spec.system',
  'spec.riskTier',
  'spec.euAiActCategory',
  'spec.versions.version',
  'metadata.annotations.modelops.io/approved-production-version',
];

/** The facets the filters offer, read with the catalog's getEntityFacets. */
export const INVENTORY_FACETS = {
  owner: 'relations.ownedBy',
  riskTier: 'spec.riskTier',
  type: 'spec.type',
} as const;

/** A catalog predicate (the subset the inventory uses). */
export type InventoryPredicate = Record<string, unknown>;

/** The catalog query of some inventory filters. */
export interface InventoryCatalogQuery {
  /** `filter` of queryEntities: kind Model plus the owner, risk tier and type filters. */
  filter: Record<string, string>;
  /** `query` of queryEntities, only for "Not assessed" (no spec.riskTier). */
  query?: InventoryPredicate;
  /** The catalog's text filter takes one term: the longest word of the search. */
  fullTextFilter?: { term: string; fields: string[] };
  /** The other words, matched in the browser on the models the term found (all words must match). */
  otherWords: string[];
}

/** Splits a search into lowercase words. */
export function searchWords(text: string | undefined): string[] {
  return (text ?? '').toLocaleLowerCase().split(/\s+/).filter(Boolean);
}

/** The catalog query for these filters (queryEntities `filter`, `query`, `fullTextFilter`). */
export function inventoryCatalogQuery(
  filters: ModelInventoryFilters,
): InventoryCatalogQuery {
  const filter: Record<string, string> = { kind: 'Model' };
  if (filters.owner)
    filter[INVENTORY_FACETS.owner] = filters.owner.toLocaleLowerCase('en-US');
  if (filters.type) filter[INVENTORY_FACETS.type] = filters.type;
  let query: InventoryPredicate | undefined;
  if (filters.riskTier === NOT_ASSESSED) {
    query = { $not: { [INVENTORY_FACETS.riskTier]: { $exists: true } } };
  } else if (filters.riskTier) {
    filter[INVENTORY_FACETS.riskTier] = filters.riskTier;
  }
  const words = searchWords(filters.text);
  const longest = words.reduce(
    (best, word) => (word.length > best.length ? word : best),
    '',
  );
  const otherWords = words.filter(
    (word, i) => i !== words.indexOf(longest) && !longest.includes(word),
  );
  return {
    filter,
    ...(query ? { query } : {}),
    ...(longest
      ? {
          fullTextFilter: { term: longest, fields: INVENTORY_SEARCH_FIELDS },
        }
      : {}),
    otherWords,
  };
}

/** True when a model matches every word (in name, title, owner, system, tags, ...). */
export function matchesWords(model: ModelSummary, words: string[]): boolean {
  const text = searchableText(model);
  return words.every(word => text.includes(word));
}

/** A facet as getEntityFacets returns it. */
export type FacetCounts = Array<{ value: string; count: number }>;

/**
 * The choices of each filter, from the catalog's facet counts of every Model: owners (labelled by
 * name) and types sorted by label, the three risk tiers, and "Not assessed" when some models have
 * no risk tier (fewer risk tier counts than models).
 */
export function inventoryOptionsFromFacets(
  facets: Record<string, FacetCounts | undefined>,
  totalModels: number,
): {
  owners: FilterOption[];
  riskTiers: FilterOption[];
  types: FilterOption[];
} {
  const byLabel = (a: FilterOption, b: FilterOption) =>
    a.label.localeCompare(b.label) || a.value.localeCompare(b.value);
  const owners = (facets[INVENTORY_FACETS.owner] ?? [])
    .map(({ value }) => {
      const ref = value.toLocaleLowerCase('en-US');
      return { value: ref, label: ref.replace(/^[^:]+:(default\/)?/, '') };
    })
    .sort(byLabel);
  const assessed = (facets[INVENTORY_FACETS.riskTier] ?? [])
    .filter(({ value }) =>
      (MODEL_RISK_TIERS as readonly string[]).includes(value),
    )
    .reduce((sum, { count }) => sum + count, 0);
  return {
    owners,
    riskTiers: [
      ...MODEL_RISK_TIERS.map(tier => ({
        value: tier,
        label: tier[0].toLocaleUpperCase('en-US') + tier.slice(1),
      })),
      ...(assessed < totalModels
        ? [{ value: NOT_ASSESSED, label: 'Not assessed' }]
        : []),
    ],
    types: (facets[INVENTORY_FACETS.type] ?? [])
      .map(({ value }) => ({ value, label: value }))
      .sort(byLabel),
  };
}

/** Server-side sort: the catalog field of each sortable inventory column. */
export const INVENTORY_SORT_FIELDS: Record<string, string> = {
  name: 'metadata.name',
  type: 'spec.type',
  owner: 'spec.owner',
  system: 'spec.system',
  lifecycle: 'spec.lifecycle',
  riskTier: 'spec.riskTier',
  euAiActCategory: 'spec.euAiActCategory',
};
