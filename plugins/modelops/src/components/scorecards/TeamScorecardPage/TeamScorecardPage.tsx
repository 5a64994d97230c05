import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useSearchParams } from 'react-router-dom';
import { useAsyncValue } from '../../../hooks/useAsyncValue';
import { TEAM_QUERY_PARAM } from '../routes';
import { TeamScorecardContent } from './TeamScorecardContent';

/** Props of {@link TeamScorecardPage}. */
export interface TeamScorecardPageProps {
  /** Team shown when the URL names none; defaults to the first root group (a group without parent). */
  defaultTeam?: string;
}

/**
 * The team scorecard page: pick a team (any Group), see the level distribution of its models and
 * its child teams' models, the trend, and a table of models to drill into.
 */
export function TeamScorecardPage(props: TeamScorecardPageProps) {
  const catalogApi = useApi(catalogApiRef);
  const [params, setParams] = useSearchParams();
  const groups = useAsyncValue(
    () =>
      catalogApi
        .getEntities({
          filter: { kind: 'Group' },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
            'spec.parent',
            'spec.profile.displayName',
          ],
        })
        .then(r =>
          r.items
            .map(g => ({
              ref: stringifyEntityRef(g).toLocaleLowerCase('en-US'),
              title:
                g.metadata.title ??
                (g.spec as any)?.profile?.displayName ??
                g.metadata.name,
              root: !(g.spec as any)?.parent,
            }))
            .sort(
              (a, b) =>
                Number(b.root) - Number(a.root) ||
                a.title.localeCompare(b.title),
            ),
        ),
    [catalogApi],
  );
  const selected =
    params.get(TEAM_QUERY_PARAM) ?? props.defaultTeam ?? groups.value?.[0]?.ref;

  return (
    <Page themeId="tool">
      <Header
        title="Model scorecards"
        subtitle="Maturity and production readiness of each team's models, child teams included"
      />
      <Content>
        {groups.loading && <Progress />}
        {groups.error && <ResponseErrorPanel error={groups.error} />}
        {groups.value && (
          <Box mb={3} maxWidth={420}>
            <TextField
              select
              fullWidth
              variant="outlined"
              size="small"
              label="Team"
              value={selected ?? ''}
              onChange={e => setParams({ [TEAM_QUERY_PARAM]: e.target.value })}
              inputProps={{ 'aria-label': 'Team' }}
            >
              {groups.value.map(g => (
                <MenuItem key={g.ref} value={g.ref}>
                  {g.title}
                </MenuItem>
              ))}
            </TextField>
          </Box>
        )}
        {selected && <TeamScorecardContent teamRef={selected} />}
      </Content>
    </Page>
  );
}
