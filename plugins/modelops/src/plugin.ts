import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
  identityApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { rootRouteRef } from './routes';
import { PromotionPolicyField } from './components/approvals/PromotionPolicyField';
import {
  MODEL_NAME_FIELD,
  ModelNameField,
  modelNameValidation,
} from './components/ModelNameField';
import { driftApiRef } from './api/DriftApi';
import { DriftClient } from './api/DriftClient';
import { scorecardsApiRef } from './api/ScorecardsApi';
import { ScorecardsClient } from './api/ScorecardsClient';
import { scorecardsRouteRef } from './components/scorecards/routes';
import { approvalsApiRef } from './api/ApprovalsApi';
import { ApprovalsClient } from './api/ApprovalsClient';
import { approvalsRouteRef } from './components/approvals/routes';

/**
 * The ModelOps frontend plugin.
 *
 * @public
 */
export const modelopsPlugin = createPlugin({
  id: 'modelops',
  apis: [
    createApiFactory({
      api: driftApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DriftClient({ discoveryApi, fetchApi }),
    }),
    createApiFactory({
      api: scorecardsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ScorecardsClient({ discoveryApi, fetchApi }),
    }),
    createApiFactory({
      api: approvalsApiRef,
      deps: {
        discoveryApi: discoveryApiRef,
        fetchApi: fetchApiRef,
        identityApi: identityApiRef,
      },
      factory: deps => new ApprovalsClient(deps),
    }),
  ],
  routes: {
    root: rootRouteRef,
    scorecards: scorecardsRouteRef,
    approvals: approvalsRouteRef,
  },
});

/**
 * The model inventory page (mount it at e.g. `/modelops`).
 *
 * @public
 */
export const ModelsPage = modelopsPlugin.provide(
  createRoutableExtension({
    name: 'ModelsPage',
    component: () => import('./components/ModelsPage').then(m => m.ModelsPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The model card of a Model entity page.
 *
 * @public
 */
export const EntityModelCard = modelopsPlugin.provide(
  createComponentExtension({
    name: 'EntityModelCard',
    component: {
      lazy: () =>
        import('./components/EntityModelCard').then(m => m.EntityModelCard),
    },
  }),
);

/**
 * The versions table of a Model entity page.
 *
 * @public
 */
export const EntityModelVersionsCard = modelopsPlugin.provide(
  createComponentExtension({
    name: 'EntityModelVersionsCard',
    component: {
      lazy: () =>
        import('./components/EntityModelVersionsCard').then(
          m => m.EntityModelVersionsCard,
        ),
    },
  }),
);

/**
 * The lineage graph of a Model entity page.
 *
 * @public
 */
export const EntityModelLineageCard = modelopsPlugin.provide(
  createComponentExtension({
    name: 'EntityModelLineageCard',
    component: {
      lazy: () =>
        import('./components/EntityModelLineageCard').then(
          m => m.EntityModelLineageCard,
        ),
    },
  }),
);

/**
 * The lineage of a Model entity as a table (accessible alternative to the graph).
 *
 * @public
 */
export const EntityModelLineageTable = modelopsPlugin.provide(
  createComponentExtension({
    name: 'EntityModelLineageTable',
    component: {
      lazy: () =>
        import('./components/EntityModelLineageTable').then(
          m => m.EntityModelLineageTable,
        ),
    },
  }),
);

/**
 * The data drift card of a Model entity's overview: status of the newest window and the
 * drifted features, with a link to the Drift tab.
 *
 * @public
 */
export const EntityModelDriftCard = modelopsPlugin.provide(
  createComponentExtension({
    name: 'EntityModelDriftCard',
    component: {
      lazy: () =>
        import('./components/drift/EntityModelDriftCard').then(
          m => m.EntityModelDriftCard,
        ),
    },
  }),
);

/**
 * The Drift tab of a Model entity page: status, per-feature table, history chart and
 * reference-vs-current distributions.
 *
 * @public
 */
export const EntityModelDriftContent = modelopsPlugin.provide(
  createComponentExtension({
    name: 'EntityModelDriftContent',
    component: {
      lazy: () =>
        import('./components/drift/EntityModelDriftContent').then(
          m => m.EntityModelDriftContent,
        ),
    },
  }),
);

/**
 * Approvals of a Model entity: current request with approve/reject for eligible users, history,
 * and whether the production version has a recorded promotion.
 *
 * @public
 */
export const EntityModelApprovalsCard = modelopsPlugin.provide(
  createComponentExtension({
    name: 'EntityModelApprovalsCard',
    component: {
      lazy: () =>
        import('./components/approvals').then(m => m.EntityModelApprovalsCard),
    },
  }),
);

/**
 * "My approvals" page (mount it at e.g. `/approvals`): requests waiting for the signed-in user,
 * their own requests, request pages and the audit trail.
 *
 * @public
 */
export const MyApprovalsPage = modelopsPlugin.provide(
  createRoutableExtension({
    name: 'MyApprovalsPage',
    component: () =>
      import('./components/approvals').then(m => m.MyApprovalsPage),
    mountPoint: approvalsRouteRef,
  }),
);

/**
 * Scorecards of a Model entity: level badge per scorecard, checks grouped by level with evidence
 * and how to fix.
 *
 * @public
 */
export const EntityModelScorecardCard = modelopsPlugin.provide(
  createComponentExtension({
    name: 'EntityModelScorecardCard',
    component: {
      lazy: () =>
        import('./components/scorecards').then(m => m.EntityModelScorecardCard),
    },
  }),
);

/**
 * Card for Group entity pages: level distribution of the group's models (child teams included).
 *
 * @public
 */
export const EntityGroupScorecardCard = modelopsPlugin.provide(
  createComponentExtension({
    name: 'EntityGroupScorecardCard',
    component: {
      lazy: () =>
        import('./components/scorecards').then(m => m.EntityGroupScorecardCard),
    },
  }),
);

/**
 * The team scorecard page (mount it at e.g. `/scorecards`; not under the Models page's path, or the sidebar highlights both).
 *
 * @public
 */
export const TeamScorecardPage = modelopsPlugin.provide(
  createRoutableExtension({
    name: 'TeamScorecardPage',
    component: () =>
      import('./components/scorecards').then(m => m.TeamScorecardPage),
    mountPoint: scorecardsRouteRef,
  }),
);

/**
 * The Lineage tab of a Model entity page: a deep lineage graph and the lineage table.
 *
 * @public
 */
export const EntityModelLineageContent = modelopsPlugin.provide(
  createComponentExtension({
    name: 'EntityModelLineageContent',
    component: {
      lazy: () =>
        import('./components/EntityModelLineageContent').then(
          m => m.EntityModelLineageContent,
        ),
    },
  }),
);

/**
 * "Models that use this" for dataset (Resource) and service (Component) pages.
 *
 * @public
 */
export const EntityModelUsageCard = modelopsPlugin.provide(
  createComponentExtension({
    name: 'EntityModelUsageCard',
    component: {
      lazy: () =>
        import('./components/EntityModelUsageCard').then(
          m => m.EntityModelUsageCard,
        ),
    },
  }),
);

/**
 * "Export evidence" button for a Model page (legacy frontend system; the new system has it in the
 * entity context menu): the evidence pack as Markdown or printable HTML, and the CycloneDX ML-BOM.
 *
 * @public
 */
export const EntityModelExportButton = modelopsPlugin.provide(
  createComponentExtension({
    name: 'EntityModelExportButton',
    component: {
      lazy: () =>
        import('./components/EntityModelExport').then(
          m => m.EntityModelExportButton,
        ),
    },
  }),
);

/**
 * Scaffolder field `ui:field: ModelopsPromotionPolicy` for the legacy frontend system (add it inside
 * `<ScaffolderFieldExtensions>`): the approval policy of the model chosen in the form, read-only.
 *
 * @public
 */
export const ModelopsPromotionPolicyFieldExtension = modelopsPlugin.provide(
  createScaffolderFieldExtension({
    name: 'ModelopsPromotionPolicy',
    component: PromotionPolicyField,
  }),
);

/**
 * Scaffolder field `ui:field: ModelopsModelName` for the legacy frontend system (add it inside
 * `<ScaffolderFieldExtensions>`): the name of a new model, refused when the catalog already has it.
 *
 * @public
 */
export const ModelopsModelNameFieldExtension = modelopsPlugin.provide(
  createScaffolderFieldExtension({
    name: MODEL_NAME_FIELD,
    component: ModelNameField,
    validation: modelNameValidation,
  }),
);
