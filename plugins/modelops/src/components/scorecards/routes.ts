import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the team scorecard page (mounted by the app, e.g. at `/scorecards`). */
export const scorecardsRouteRef = createRouteRef({ id: 'modelops-scorecards' });

/** Query parameter of the team scorecard page that selects the team. */
export const TEAM_QUERY_PARAM = 'team';
