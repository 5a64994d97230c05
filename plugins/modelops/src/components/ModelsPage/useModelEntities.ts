import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { MODEL_KIND } from '@modelops/plugin-modelops-common';
import { useEffect, useState } from 'react';

/** Loading state of {@link useModelEntities}. */
export type ModelEntitiesState =
  | { loading: true; error?: undefined; entities?: undefined }
  | { loading: false; error: Error; entities?: undefined }
  | { loading: false; error?: undefined; entities: Entity[] };

/** Every `kind: Model` entity in the catalog, sorted by name. */
export function useModelEntities(): ModelEntitiesState {
  const catalogApi = useApi(catalogApiRef);
  const [state, setState] = useState<ModelEntitiesState>({ loading: true });

  useEffect(() => {
    let cancelled = false;
    catalogApi
      .getEntities({ filter: { kind: MODEL_KIND } })
      .then(response => {
        if (cancelled) return;
        const entities = [...response.items].sort((a, b) =>
          a.metadata.name.localeCompare(b.metadata.name),
        );
        setState({ loading: false, entities });
      })
      .catch(error => {
        if (!cancelled) setState({ loading: false, error });
      });
    return () => {
      cancelled = true;
    };
  }, [catalogApi]);

  return state;
}
