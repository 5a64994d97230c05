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
import Chip from '@material-ui/core/Chip';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import type { ModelScorecardRow } from '@modelops/plugin-modelops-common';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { scorecardsApiRef } from '../../../api/ScorecardsApi';
import { useAsyncValue } from '../../../hooks/useAsyncValue';
import { ScorecardLevelChip } from '../ScorecardLevelChip';
import { LevelDistributionChart, LevelTrendChart } from './TeamScorecardCharts';
import { readableColumns } from '../../shared/tableCells';

const levelOf = (row: ModelScorecardRow, scorecard: string) =>
  row.scorecards.find(s => s.scorecard === scorecard);

/** Query parameters of the level filter (set by clicking a bar): `?scorecard=maturity&level=2`. */
export const SCORECARD_QUERY_PARAM = 'scorecard';
export const LEVEL_QUERY_PARAM = 'level';

/** The table's rows, each with the `id` material-table needs to keep its state between renders. */
type Row = ModelScorecardRow & { id: string };

/** A team's scorecards: level distribution per scorecard, trend, and a sortable table of its models. */
export function TeamScorecardContent(props: { teamRef: string }) {
  const api = useApi(scorecardsApiRef);
  const [includeDescendants, setIncludeDescendants] = useState(true);
  const [params, setParams] = useSearchParams();
  const team = useAsyncValue(
    () => api.getTeamScorecard(props.teamRef, { includeDescendants }),
    [api, props.teamRef, includeDescendants],
  );
  const history = useAsyncValue(
    () => api.getTeamHistory(props.teamRef, { includeDescendants }),
    [api, props.teamRef, includeDescendants],
  );

  if (team.loading) return <Progress />;
  if (team.error) return <ResponseErrorPanel error={team.error} />;
  const t = team.value;
  const filterScorecard = params.get(SCORECARD_QUERY_PARAM);
  const filterLevelText = params.get(LEVEL_QUERY_PARAM);
  const filterSummary = t.summary.find(s => s.scorecard === filterScorecard);
  const filterLevel = filterSummary?.levels.find(
    l => String(l.level) === filterLevelText,
  );
  const setFilter = (scorecard?: string, level?: number) => {
    const next = new URLSearchParams(params);
    next.delete(SCORECARD_QUERY_PARAM);
    next.delete(LEVEL_QUERY_PARAM);
    if (scorecard !== undefined && level !== undefined) {
      next.set(SCORECARD_QUERY_PARAM, scorecard);
      next.set(LEVEL_QUERY_PARAM, String(level));
    }
    setParams(next);
  };
  const rows: Row[] = t.models
    .filter(
      m =>
        !filterSummary ||
        !filterLevel ||
        levelOf(m, filterSummary.scorecard)?.level === filterLevel.level,
    )
    .map(m => ({ ...m, id: m.entityRef }));
  const maxLevels = new Map(
    t.summary.map(s => [
      s.scorecard,
      s.levels[s.levels.length - 1]?.level ?? 0,
    ]),
  );

  const columns: TableColumn<Row>[] = [
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
      (s): TableColumn<Row> => ({
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
              <LevelDistributionChart
                summary={s}
                selectedLevel={
                  filterSummary?.scorecard === s.scorecard
                    ? filterLevel?.level
                    : undefined
                }
                onSelectLevel={level =>
                  filterSummary?.scorecard === s.scorecard &&
                  filterLevel?.level === level
                    ? setFilter()
                    : setFilter(s.scorecard, level)
                }
              />
              <Typography variant="caption" color="textSecondary">
                Click a bar to list its models below.
              </Typography>
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
                modelCount={t.models.length}
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
        {filterSummary && filterLevel && (
          <Box mb={1}>
            <Chip
              color="secondary"
              label={`${filterSummary.title}: level ${filterLevel.level} ${filterLevel.name}`}
              onDelete={() => setFilter()}
              aria-label={`Filter ${filterSummary.title}: level ${filterLevel.level} ${filterLevel.name}`}
            />
          </Box>
        )}
        <Table<Row>
          title={
            filterSummary && filterLevel
              ? `Models at ${filterSummary.title} level ${filterLevel.level} ${filterLevel.name}`
              : 'Models'
          }
          options={{
            paging: rows.length > 20,
            pageSize: 20,
            search: true,
            padding: 'dense',
          }}
          columns={readableColumns(columns, ['failingCheckCount'])}
          data={rows}
          emptyContent={
            <Box p={2}>
              {filterSummary && filterLevel
                ? `No model of this team is at ${filterSummary.title} level ${filterLevel.level} ${filterLevel.name}.`
                : `No models owned by this team${
                    includeDescendants ? ' or its child teams' : ''
                  }.`}
            </Box>
          }
        />
      </Grid>
    </Grid>
  );
}
