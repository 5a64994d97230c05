import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import {
  FacetCounts,
  INVENTORY_FACETS,
  inventoryCatalogQuery,
  matchesWords,
  ModelInventoryFilters,
} from '../../model/modelInventory';
import { summarizeModel } from '../../model/modelSummary';

/** Most models a multi-word search reads to match its other words in the browser. */
const MULTI_WORD_LIMIT = 2000;

/** One page of the inventory, as the catalog answers it. */
export interface InventoryPage {
  /** The models of this page, in the requested order. */
  entities: Entity[];
  /** How many models match the filters (all pages). */
  matching: number;
}

/** The order of the inventory: a catalog field and a direction. */
export interface InventoryOrder {
  field: string;
  order: 'asc' | 'desc';
}

type State<T> =
  | { loading: true; error?: undefined; value?: T }
  | { loading: false; error: Error; value?: undefined }
  | { loading: false; error?: undefined; value: T };

/**
 * One page of the Models matching the filters, read from the catalog with queryEntities
 * (server-side filter, text filter, order, offset and limit) instead of every Model entity. A
 * search of several words sends its longest word to the catalog and matches the others in the
 * browser on what it found (the catalog's text filter takes one term).
 */
export function useModelInventoryPage(options: {
  filters: ModelInventoryFilters;
  page: number;
  pageSize: number;
  order: InventoryOrder;
}): State<InventoryPage> {
  const catalogApi = useApi(catalogApiRef);
  const { filters, page, pageSize, order } = options;
  const key = JSON.stringify([filters, page, pageSize, order]);
  const { loading, error, value } = useAsync(async () => {
    const { otherWords, ...request } = inventoryCatalogQuery(filters);
    const base = {
      ...request,
      query: request.query as never,
      orderFields: order,
    };
    if (otherWords.length === 0) {
      const response = await catalogApi.queryEntities({
        ...base,
        limit: pageSize,
        offset: page * pageSize,
      });
      return { entities: response.items, matching: response.totalItems };
    }
    // Several words: the catalog narrows by the longest, the browser checks the others.
    const response = await catalogApi.queryEntities({
      ...base,
      limit: MULTI_WORD_LIMIT,
    });
    const matched = response.items.filter(entity =>
      matchesWords(summarizeModel(entity), otherWords),
    );
    return {
      entities: matched.slice(page * pageSize, (page + 1) * pageSize),
      matching: matched.length,
    };
  }, [catalogApi, key]);
  if (error) return { loading: false, error };
  if (loading || !value) return { loading: true, value };
  return { loading: false, value };
}

/** How many Models the catalog has, and the facet counts the filters offer. */
export interface InventoryFacets {
  total: number;
  facets: Record<string, FacetCounts>;
}

/** The facets of every Model (owners, risk tiers, types) and their total, in one catalog call. */
export function useModelInventoryFacets(): State<InventoryFacets> {
  const catalogApi = useApi(catalogApiRef);
  const { loading, error, value } = useAsync(async () => {
    const response = await catalogApi.getEntityFacets({
      filter: { kind: 'Model' },
      facets: ['kind', ...Object.values(INVENTORY_FACETS)],
    });
    const total = (response.facets.kind ?? []).reduce(
      (sum, { count }) => sum + count,
      0,
    );
    return { total, facets: response.facets };
  }, [catalogApi]);
  if (error) return { loading: false, error };
  if (loading || !value) return { loading: true };
  return { loading: false, value };
}
