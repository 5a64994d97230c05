import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { MODEL_KIND } from '@modelops/plugin-modelops-common';
import useAsync from 'react-use/esm/useAsync';

/** Loading state of {@link useModelEntities}. */
export type ModelEntitiesState =
  | { loading: true; error?: undefined; entities?: undefined }
  | { loading: false; error: Error; entities?: undefined }
  | { loading: false; error?: undefined; entities: Entity[] };

/** Every `kind: Model` entity in the catalog, sorted by name. */
export function useModelEntities(): ModelEntitiesState {
  const catalogApi = useApi(catalogApiRef);
  const { loading, error, value } = useAsync(async () => {
    const response = await catalogApi.getEntities({
      filter: { kind: MODEL_KIND },
    });
    return [...response.items].sort((a, b) =>
      a.metadata.name.localeCompare(b.metadata.name),
    );
  }, [catalogApi]);
  if (loading) return { loading: true };
  if (error) return { loading: false, error };
  return { loading: false, entities: value ?? [] };
}
