import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { rootRouteRef } from './routes';

/**
 * The ModelOps frontend plugin.
 *
 * @public
 */
export const modelopsPlugin = createPlugin({
  id: 'modelops',
  routes: {
    root: rootRouteRef,
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
