import {
  ScmIntegrationsApi,
  scmIntegrationsApiRef,
  ScmAuth,
} from '@backstage/integration-react';
import {
  AnyApiFactory,
  configApiRef,
  createApiFactory,
} from '@backstage/core-plugin-api';
import {
  catalogGraphApiRef,
  DefaultCatalogGraphApi,
} from '@backstage/plugin-catalog-graph';
import {
  portalGraphRelationPairs,
  portalGraphRelations,
} from './components/catalog/catalogGraphRelations';

export const apis: AnyApiFactory[] = [
  createApiFactory({
    api: scmIntegrationsApiRef,
    deps: { configApi: configApiRef },
    factory: ({ configApi }) => ScmIntegrationsApi.fromConfig(configApi),
  }),
  ScmAuth.createDefaultApiFactory(),
  // catalog-graph only follows relation types it knows: add the Model kind's, so every graph
  // (a dataset's, a service's, the graph page) shows the models trained on or served by it.
  createApiFactory({
    api: catalogGraphApiRef,
    deps: {},
    factory: () =>
      new DefaultCatalogGraphApi({
        knownRelations: portalGraphRelations,
        knownRelationPairs: portalGraphRelationPairs,
        defaultRelationTypes: { exclude: [] },
      }),
  }),
];
