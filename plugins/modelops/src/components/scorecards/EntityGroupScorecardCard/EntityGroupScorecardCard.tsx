import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { scorecardsApiRef } from '../../../api/ScorecardsApi';
import { useAsyncValue } from '../../../hooks/useAsyncValue';
import { scorecardsRouteRef, TEAM_QUERY_PARAM } from '../routes';
import { LevelDistributionChart } from '../TeamScorecardPage/TeamScorecardCharts';

/** Props of {@link EntityGroupScorecardCard}. */
export interface EntityGroupScorecardCardProps {
  /** Card title; defaults to `Model scorecards`. */
  title?: string;
}

/**
 * Card for Group entity pages: how the group's models (child teams included) are distributed over
 * the scorecard levels, with a link to the team scorecard page.
 */
export function EntityGroupScorecardCard(props: EntityGroupScorecardCardProps) {
  const { entity } = useEntity();
  const teamRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  const api = useApi(scorecardsApiRef);
  const pageRoute = useRouteRef(scorecardsRouteRef);
  const state = useAsyncValue(
    // The roll-up only: an organisation's card must not download one row per model.
    () => api.getTeamScorecard(teamRef, { includeModels: false }),
    [api, teamRef],
  );
  const title = props.title ?? 'Model scorecards';
  const deepLink = pageRoute
    ? {
        title: 'Open team scorecard',
        link: `${pageRoute()}?${new URLSearchParams({
          [TEAM_QUERY_PARAM]: teamRef,
        })}`,
      }
    : undefined;

  if (state.loading) {
    return (
      <InfoCard title={title}>
        <Progress />
      </InfoCard>
    );
  }
  if (state.error) {
    return (
      <InfoCard title={title}>
        <ResponseErrorPanel error={state.error} />
      </InfoCard>
    );
  }
  const t = state.value;
  return (
    <InfoCard title={title} deepLink={deepLink}>
      {t.groups.every(g => g.modelCount === 0) ? (
        <Typography variant="body2">
          No models are owned by this group or its child teams.
        </Typography>
      ) : (
        t.summary.map(s => (
          <Box key={s.scorecard} mb={2}>
            <Typography variant="subtitle1">
              {s.title}: average level {s.averageLevel} over {s.modelCount}{' '}
              model{s.modelCount === 1 ? '' : 's'}
              {s.blockedCount ? ` (${s.blockedCount} blocked)` : ''}
            </Typography>
            <LevelDistributionChart summary={s} />
          </Box>
        ))
      )}
    </InfoCard>
  );
}
