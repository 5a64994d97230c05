import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the model inventory page (mounted by the app, e.g. at `/modelops`). */
export const rootRouteRef = createRouteRef({
  id: 'modelops',
});
