/**
 * ModelOps for Backstage in the new frontend system: `import modelopsPlugin from
 * '@modelops/plugin-modelops/alpha'`, or nothing at all in an app with feature discovery
 * (`app.packages: all`).
 *
 * @packageDocumentation
 */
import {
  ApiBlueprint,
  createFrontendModule,
  createFrontendPlugin,
  dialogApiRef,
  discoveryApiRef,
  fetchApiRef,
  useApi,
  identityApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
  EntityContextMenuItemBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ALL_RELATION_PAIRS,
  ALL_RELATIONS,
  catalogGraphApiRef,
  DefaultCatalogGraphApi,
} from '@backstage/plugin-catalog-graph';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { z } from 'zod';
import BubbleChartIcon from '@material-ui/icons/BubbleChart';
import ScorecardIcon from '@material-ui/icons/Assessment';
import GetAppIcon from '@material-ui/icons/GetApp';
import { EntityModelExportDialog } from './components/EntityModelExport';
import { rootRouteRef } from './routes';
import { scorecardsRouteRef } from './components/scorecards/routes';
import { approvalsRouteRef } from './components/approvals/routes';
import { ApprovalsNavIcon } from './components/approvals/ApprovalsNavIcon';
import { driftApiRef } from './api/DriftApi';
import { DriftClient } from './api/DriftClient';
import { scorecardsApiRef } from './api/ScorecardsApi';
import { ScorecardsClient } from './api/ScorecardsClient';
import { approvalsApiRef } from './api/ApprovalsApi';
import { ApprovalsClient } from './api/ApprovalsClient';
import {
  modelopsLineageRelations,
  modelopsRelationPairs,
} from './lineage/lineageRelations';

/** Entity filter of everything on a Model page. */
const isModel = { kind: 'model' };
/** Optional card title, configurable per card under `app.extensions`. */
const titleConfig = { title: z.string().optional() };

// ---------------------------------------------------------------- APIs

/** @alpha */
export const modelopsDriftApi = ApiBlueprint.make({
  name: 'drift',
  params: defineParams =>
    defineParams({
      api: driftApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DriftClient({ discoveryApi, fetchApi }),
    }),
});

/** @alpha */
export const modelopsScorecardsApi = ApiBlueprint.make({
  name: 'scorecards',
  params: defineParams =>
    defineParams({
      api: scorecardsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ScorecardsClient({ discoveryApi, fetchApi }),
    }),
});

/** @alpha */
export const modelopsApprovalsApi = ApiBlueprint.make({
  name: 'approvals',
  params: defineParams =>
    defineParams({
      api: approvalsApiRef,
      deps: {
        discoveryApi: discoveryApiRef,
        fetchApi: fetchApiRef,
        identityApi: identityApiRef,
      },
      factory: deps => new ApprovalsClient(deps),
    }),
});

// ---------------------------------------------------------------- pages

/** The model inventory, `/modelops`, with a nav item "Models". @alpha */
export const modelopsModelsPage = PageBlueprint.make({
  params: {
    path: '/modelops',
    title: 'Models',
    icon: <BubbleChartIcon />,
    routeRef: rootRouteRef,
    noHeader: true,
    loader: () => import('./components/ModelsPage').then(m => <m.ModelsPage />),
  },
});

/**
 * Team scorecards, `/scorecards`, with a nav item "Scorecards". Not under `/modelops`: the sidebar
 * highlights an item whose path is a prefix of the current one, so "Models" would light up too. @alpha
 */
export const modelopsScorecardsPage = PageBlueprint.make({
  name: 'scorecards',
  params: {
    path: '/scorecards',
    title: 'Scorecards',
    icon: <ScorecardIcon />,
    routeRef: scorecardsRouteRef,
    noHeader: true,
    loader: () =>
      import('./components/scorecards').then(m => <m.TeamScorecardPage />),
  },
});

/**
 * "My approvals", request pages and the audit trail, `/approvals`; the nav icon's badge counts the
 * requests waiting for the signed-in user. @alpha
 */
export const modelopsApprovalsPage = PageBlueprint.make({
  name: 'approvals',
  params: {
    path: '/approvals',
    title: 'My approvals',
    icon: <ApprovalsNavIcon />,
    routeRef: approvalsRouteRef,
    noHeader: true,
    loader: () =>
      import('./components/approvals').then(m => <m.MyApprovalsPage />),
  },
});

/**
 * Scaffolder form field `ModelopsPromotionPolicy`: the approval policy of the model chosen in the
 * form (minimum readiness, approvers, expiry), read-only. @alpha
 */
export const modelopsPromotionPolicyField = FormFieldBlueprint.make({
  name: 'promotion-policy',
  params: {
    field: () =>
      import('./components/approvals/PromotionPolicyField').then(
        m => m.promotionPolicyFormField,
      ),
  },
});

/**
 * Scaffolder form field `ModelopsModelName`: the name of a new model, refused when
 * `model:<namespace>/<name>` is already in the catalog (while typing and on submit). @alpha
 */
export const modelopsModelNameField = FormFieldBlueprint.make({
  name: 'model-name',
  params: {
    field: () =>
      import('./components/ModelNameField').then(m => m.modelNameFormField),
  },
});

// ---------------------------------------------------------------- Model page: overview cards

/** The model card (intended use, limitations, risk). @alpha */
export const modelopsModelCard = EntityCardBlueprint.makeWithOverrides({
  name: 'model',
  configSchema: titleConfig,
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: isModel,
      loader: () =>
        import('./components/EntityModelCard').then(m => (
          <m.EntityModelCard title={config.title} />
        )),
    });
  },
});

/** The lineage graph, direct relations. @alpha */
export const modelopsLineageCard = EntityCardBlueprint.makeWithOverrides({
  name: 'lineage',
  configSchema: { ...titleConfig, height: z.number().optional() },
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: isModel,
      loader: () =>
        import('./components/EntityModelLineageCard').then(m => (
          <m.EntityModelLineageCard
            title={config.title}
            height={config.height}
          />
        )),
    });
  },
});

/** Versions and stages with their metrics. @alpha */
export const modelopsVersionsCard = EntityCardBlueprint.makeWithOverrides({
  name: 'versions',
  configSchema: titleConfig,
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: isModel,
      loader: () =>
        import('./components/EntityModelVersionsCard').then(m => (
          <m.EntityModelVersionsCard title={config.title} />
        )),
    });
  },
});

/** Approvals: current request, approve/reject, history. @alpha */
export const modelopsApprovalsCard = EntityCardBlueprint.makeWithOverrides({
  name: 'approvals',
  configSchema: titleConfig,
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: isModel,
      loader: () =>
        import('./components/approvals').then(m => (
          <m.EntityModelApprovalsCard title={config.title} />
        )),
    });
  },
});

/** The lineage as a table. @alpha */
export const modelopsLineageTableCard = EntityCardBlueprint.makeWithOverrides({
  name: 'lineage-table',
  configSchema: titleConfig,
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: isModel,
      loader: () =>
        import('./components/EntityModelLineageTable').then(m => (
          <m.EntityModelLineageTable title={config.title} />
        )),
    });
  },
});

/** Drift summary of the newest window, linking to the Drift tab. @alpha */
export const modelopsDriftCard = EntityCardBlueprint.makeWithOverrides({
  name: 'drift',
  configSchema: titleConfig,
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: isModel,
      loader: () =>
        import('./components/drift/EntityModelDriftCard').then(m => (
          <m.EntityModelDriftCard title={config.title} />
        )),
    });
  },
});

// ---------------------------------------------------------------- Model page: tabs

/** The Lineage tab: deep graph and table. @alpha */
export const modelopsLineageContent = EntityContentBlueprint.make({
  name: 'lineage',
  params: {
    path: 'lineage',
    title: 'Lineage',
    filter: isModel,
    loader: () =>
      import('./components/EntityModelLineageContent').then(m => (
        <m.EntityModelLineageContent />
      )),
  },
});

/** The Drift tab. @alpha */
export const modelopsDriftContent = EntityContentBlueprint.make({
  name: 'drift',
  params: {
    path: 'drift',
    title: 'Drift',
    filter: isModel,
    loader: () =>
      import('./components/drift/EntityModelDriftContent').then(m => (
        <m.EntityModelDriftContent />
      )),
  },
});

/** The Scorecards tab. @alpha */
export const modelopsScorecardsContent = EntityContentBlueprint.make({
  name: 'scorecards',
  params: {
    path: 'scorecards',
    title: 'Scorecards',
    filter: isModel,
    loader: () =>
      import('./components/scorecards').then(m => (
        <m.EntityModelScorecardCard />
      )),
  },
});

// ---------------------------------------------------------------- other entity pages

/** Group pages: level distribution of the group's models. @alpha */
export const modelopsGroupScorecardCard = EntityCardBlueprint.makeWithOverrides(
  {
    name: 'group-scorecard',
    configSchema: titleConfig,
    factory(originalFactory, { config }) {
      return originalFactory({
        filter: { kind: 'group' },
        loader: () =>
          import('./components/scorecards').then(m => (
            <m.EntityGroupScorecardCard title={config.title} />
          )),
      });
    },
  },
);

/** Resource pages (datasets): the models trained on it. @alpha */
export const modelopsTrainedModelsCard = EntityCardBlueprint.makeWithOverrides({
  name: 'trained-models',
  configSchema: titleConfig,
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: { kind: 'resource' },
      loader: () =>
        import('./components/EntityModelUsageCard').then(m => (
          <m.EntityModelUsageCard usage="training" title={config.title} />
        )),
    });
  },
});

/** Component pages (services): the models it serves. @alpha */
export const modelopsServedModelsCard = EntityCardBlueprint.makeWithOverrides({
  name: 'served-models',
  configSchema: titleConfig,
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: { kind: 'component' },
      loader: () =>
        import('./components/EntityModelUsageCard').then(m => (
          <m.EntityModelUsageCard usage="serving" title={config.title} />
        )),
    });
  },
});

// ---------------------------------------------------------------- entity context menu

/**
 * "Export evidence…" in a Model page's context menu (the ⋮ of the entity header): a dialog with the
 * evidence pack (Markdown, printable HTML) and the CycloneDX ML-BOM. @alpha
 */
export const modelopsExportContextMenuItem =
  EntityContextMenuItemBlueprint.make({
    name: 'export-evidence',
    params: {
      icon: <GetAppIcon fontSize="small" />,
      filter: isModel,
      useProps: () => {
        const { entity } = useEntity();
        const dialogApi = useApi(dialogApiRef);
        return {
          title: 'Export evidence…',
          onClick: () => {
            dialogApi.open(({ dialog }) => (
              <EntityModelExportDialog
                entity={entity}
                open
                onClose={() => dialog.close()}
              />
            ));
          },
        };
      },
    },
  });

/**
 * The ModelOps frontend plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'modelops',
  title: 'ModelOps',
  icon: <BubbleChartIcon />,
  info: { packageJson: () => import('../package.json') },
  routes: {
    root: rootRouteRef,
    scorecards: scorecardsRouteRef,
    approvals: approvalsRouteRef,
  },
  extensions: [
    modelopsDriftApi,
    modelopsScorecardsApi,
    modelopsApprovalsApi,
    modelopsModelsPage,
    modelopsScorecardsPage,
    modelopsApprovalsPage,
    modelopsPromotionPolicyField,
    modelopsModelNameField,
    modelopsModelCard,
    modelopsLineageCard,
    modelopsVersionsCard,
    modelopsApprovalsCard,
    modelopsLineageTableCard,
    modelopsDriftCard,
    modelopsLineageContent,
    modelopsDriftContent,
    modelopsScorecardsContent,
    modelopsGroupScorecardCard,
    modelopsTrainedModelsCard,
    modelopsServedModelsCard,
    modelopsExportContextMenuItem,
  ],
});

/**
 * catalog-graph's API, knowing the Model kind's relations as well as the built-in ones.
 *
 * @alpha
 */
export const modelopsCatalogGraphApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: catalogGraphApiRef,
      deps: {},
      factory: () =>
        new DefaultCatalogGraphApi({
          knownRelations: Array.from(
            new Set([...ALL_RELATIONS, ...modelopsLineageRelations]),
          ),
          knownRelationPairs: [...ALL_RELATION_PAIRS, ...modelopsRelationPairs],
          defaultRelationTypes: { exclude: [] },
        }),
    }),
});

/**
 * A module for catalog-graph that teaches it the Model kind's relations (trainedOn/trainingDataOf,
 * servedBy/serves, derivedFrom/hasDerivative), so every graph draws and titles lineage edges.
 * Add it to `features` of `createApp` (catalog-graph's own API knows only built-in relations).
 *
 * @alpha
 */
export const modelopsCatalogGraphModule = createFrontendModule({
  pluginId: 'catalog-graph',
  extensions: [modelopsCatalogGraphApi],
});
