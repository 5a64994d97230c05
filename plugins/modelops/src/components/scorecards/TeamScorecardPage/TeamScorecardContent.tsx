import {
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import type { ModelScorecardRow } from '@modelops/plugin-modelops-common';
import { useState } from 'react';
import { scorecardsApiRef } from '../../../api/ScorecardsApi';
import { useAsyncValue } from '../../../hooks/useAsyncValue';
import { ScorecardLevelChip } from '../ScorecardLevelChip';
import { LevelDistributionChart, LevelTrendChart } from './TeamScorecardCharts';

const levelOf = (row: ModelScorecardRow, scorecard: string) =>
  row.scorecards.find(s => s.scorecard === scorecard);

/** A team's scorecards: level distribution per scorecard, trend, and a sortable table of its models. */
export function TeamScorecardContent(props: { teamRef: string }) {
  const api = useApi(scorecardsApiRef);
  const [includeDescendants, setIncludeDescendants] = useState(true);
  const team = useAsyncValue(
    () => api.getTeamScorecard(props.teamRef, { includeDescendants }),
    [api, props.teamRef, includeDescendants],
  );
  const history = useAsyncValue(
    () => api.getTeamHistory(props.teamRef),
    [api, props.teamRef],
  );

  if (team.loading) return <Progress />;
  if (team.error) return <ResponseErrorPanel error={team.error} />;
  const t = team.value;
  const maxLevels = new Map(
    t.summary.map(s => [
      s.scorecard,
      s.levels[s.levels.length - 1]?.level ?? 0,
    ]),
  );

  const columns: TableColumn<ModelScorecardRow>[] = [
    {
      title: 'Model',
      field: 'entityRef',
      highlight: true,
      render: row => (
        <EntityRefLink entityRef={row.entityRef} title={row.title} />
      ),
    },
    {
      title: 'Owner',
      field: 'owner',
      render: row =>
        row.owner ? (
          <EntityRefLink entityRef={row.owner} defaultKind="group" />
        ) : (
          '—'
        ),
    },
    ...t.summary.map(
      (s): TableColumn<ModelScorecardRow> => ({
        title: s.title,
        field: `level:${s.scorecard}`,
        customSort: (a, b) =>
          (levelOf(a, s.scorecard)?.level ?? 0) -
          (levelOf(b, s.scorecard)?.level ?? 0),
        customFilterAndSearch: (term, row) =>
          (levelOf(row, s.scorecard)?.levelName ?? '')
            .toLowerCase()
            .includes(String(term).toLowerCase()),
        render: row => {
          const l = levelOf(row, s.scorecard);
          return l ? (
            <ScorecardLevelChip
              level={l.level}
              levelName={l.levelName}
              maxLevel={maxLevels.get(s.scorecard) ?? 0}
              blocked={l.blocked}
            />
          ) : (
            '—'
          );
        },
      }),
    ),
    {
      title: 'Failing checks',
      field: 'failingCheckCount',
      type: 'numeric',
      render: row => (
        <span
          title={[
            ...new Set(row.scorecards.flatMap(s => s.failingChecks)),
          ].join(', ')}
        >
          {row.failingCheckCount}
        </span>
      ),
    },
  ];

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" style={{ gap: 16 }}>
          <Typography variant="h5">{t.team.title ?? t.team.ref}</Typography>
          <Typography variant="body2" color="textSecondary">
            {t.models.length} model{t.models.length === 1 ? '' : 's'} ·{' '}
            {t.groups.length} group{t.groups.length === 1 ? '' : 's'}
          </Typography>
          <FormControlLabel
            control={
              <Switch
                checked={includeDescendants}
                onChange={(_e, v) => setIncludeDescendants(v)}
                color="primary"
              />
            }
            label="Include child teams"
          />
        </Box>
      </Grid>
      {t.summary.map(s => (
        <Grid item xs={12} md={6} key={s.scorecard}>
          <Card>
            <CardContent>
              <Typography variant="h6">{s.title}</Typography>
              <Typography variant="body2" color="textSecondary">
                Average level {s.averageLevel ?? '—'}
                {s.blockedCount ? ` · ${s.blockedCount} blocked` : ''}
                {s.failingChecks[0]
                  ? ` · most failed: ${s.failingChecks[0].title} (${s.failingChecks[0].count})`
                  : ''}
              </Typography>
              <LevelDistributionChart summary={s} />
            </CardContent>
          </Card>
        </Grid>
      ))}
      <Grid item xs={12}>
        <Card>
          <CardContent>
            <Typography variant="h6">Trend</Typography>
            {history.loading && <Progress />}
            {history.error && <ResponseErrorPanel error={history.error} />}
            {history.value && (
              <LevelTrendChart
                points={history.value}
                scorecards={t.summary.map(s => ({
                  id: s.scorecard,
                  title: s.title,
                }))}
              />
            )}
          </CardContent>
        </Card>
      </Grid>
      <Grid item xs={12}>
        <Table<ModelScorecardRow>
          title="Models"
          options={{
            paging: t.models.length > 20,
            pageSize: 20,
            search: true,
            padding: 'dense',
          }}
          columns={columns}
          data={t.models}
          emptyContent={
            <Box p={2}>
              No models owned by this team
              {includeDescendants ? ' or its child teams' : ''}.
            </Box>
          }
        />
      </Grid>
    </Grid>
  );
}
