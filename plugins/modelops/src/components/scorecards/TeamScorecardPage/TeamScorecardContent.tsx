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
import type {
  ModelScorecardRow,
  ScorecardSummary,
} from '@modelops/plugin-modelops-common';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { scorecardsApiRef } from '../../../api/ScorecardsApi';
import { useAsyncValue } from '../../../hooks/useAsyncValue';
import { usePagedList } from '../../../hooks/usePagedList';
import { LoadMore } from '../../shared/LoadMore';
import { ScorecardLevelChip } from '../ScorecardLevelChip';
import { LevelDistributionChart, LevelTrendChart } from './TeamScorecardCharts';
import { readableColumns } from '../../shared/tableCells';

const levelOf = (row: ModelScorecardRow, scorecard: string) =>
  row.scorecards.find(s => s.scorecard === scorecard);

/** Query parameters of the level filter (set by clicking a bar): `?scorecard=maturity&level=2`. */
export const SCORECARD_QUERY_PARAM = 'scorecard';
export const LEVEL_QUERY_PARAM = 'level';

/** Models per page of the table (the backend sorts, filters and pages; "Load more" appends). */
export const TEAM_MODELS_PAGE = 100;

/** The table's rows, each with the `id` material-table needs to keep its state between renders. */
type Row = ModelScorecardRow & { id: string };

/** The server's order for a column (`sort` of the models route); undefined: not sortable. */
type SortKey = 'name' | 'failing' | string;

/**
 * A team's models: sorted, filtered and paged by the backend (an organisation may own 10,000), so
 * the page loads the first 100 and "Load more" appends. Clicking a column header asks the backend
 * for that order; the table sorts the loaded rows the same way (same keys, same tie-breaks), so
 * what is shown is the top of the whole team's order.
 */
function TeamModelsTable(props: {
  teamRef: string;
  includeDescendants: boolean;
  summary: ScorecardSummary[];
  filter?: { summary: ScorecardSummary; level: number; name: string };
  onClearFilter: () => void;
}) {
  const api = useApi(scorecardsApiRef);
  const { teamRef, includeDescendants, summary, filter } = props;
  const [order, setOrder] = useState<{ sort: SortKey; order: 'asc' | 'desc' }>({
    sort: 'name',
    order: 'asc',
  });
  const [total, setTotal] = useState<number>();
  const list = usePagedList<ModelScorecardRow>(
    cursor =>
      api
        .getTeamModels(teamRef, {
          includeDescendants,
          sort: order.sort,
          order: order.order,
          ...(filter
            ? { scorecard: filter.summary.scorecard, level: filter.level }
            : {}),
          limit: TEAM_MODELS_PAGE,
          cursor,
        })
        .then(page => {
          setTotal(page.total);
          return page;
        }),
    [
      api,
      teamRef,
      includeDescendants,
      order.sort,
      order.order,
      filter?.summary.scorecard,
      filter?.level,
    ],
  );
  const maxLevels = new Map(
    summary.map(s => [s.scorecard, s.levels[s.levels.length - 1]?.level ?? 0]),
  );
  const byRef = (a: Row, b: Row) => {
    // Code-point order, as the backend sorts refs (not the locale's).
    if (a.entityRef === b.entityRef) return 0;
    return a.entityRef < b.entityRef ? -1 : 1;
  };

  const columns: Array<TableColumn<Row> & { sortKey?: SortKey }> = [
    {
      title: 'Model',
      field: 'entityRef',
      highlight: true,
      sortKey: 'name',
      customSort: byRef,
      render: row => (
        <EntityRefLink entityRef={row.entityRef} title={row.title} />
      ),
    },
    {
      title: 'Owner',
      field: 'owner',
      sorting: false,
      render: row =>
        row.owner ? (
          <EntityRefLink entityRef={row.owner} defaultKind="group" />
        ) : (
          '—'
        ),
    },
    ...summary.map((s): TableColumn<Row> & { sortKey?: SortKey } => ({
      title: s.title,
      field: `level:${s.scorecard}`,
      sortKey: s.scorecard,
      // The backend's "least ready first": level, then more failing checks, then the ref.
      customSort: (a, b) =>
        (levelOf(a, s.scorecard)?.level ?? 0) -
          (levelOf(b, s.scorecard)?.level ?? 0) ||
        b.failingCheckCount - a.failingCheckCount ||
        byRef(a, b),
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
    })),
    {
      title: 'Failing checks',
      field: 'failingCheckCount',
      type: 'numeric',
      sortKey: 'failing',
      customSort: (a, b) =>
        a.failingCheckCount - b.failingCheckCount || byRef(a, b),
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

  if (list.error && !list.items.length)
    return <ResponseErrorPanel error={list.error} />;
  const rows: Row[] = list.items.map(m => ({ ...m, id: m.entityRef }));
  // The count of the query shown (not of the one before it) once its first page has arrived.
  const shown =
    total === undefined || !list.loaded
      ? ''
      : ` (${rows.length < total ? `${rows.length} of ${total}` : total})`;
  return (
    <>
      {filter && (
        <Box mb={1}>
          <Chip
            color="secondary"
            label={`${filter.summary.title}: level ${filter.level} ${filter.name}`}
            onDelete={props.onClearFilter}
            aria-label={`Filter ${filter.summary.title}: level ${filter.level} ${filter.name}`}
          />
        </Box>
      )}
      <Table<Row>
        title={`${
          filter
            ? `Models at ${filter.summary.title} level ${filter.level} ${filter.name}`
            : 'Models'
        }${shown}`}
        isLoading={list.loading && !list.loaded}
        options={{ paging: false, search: false, padding: 'dense' }}
        onOrderChange={(index, direction) => {
          const key = index >= 0 ? columns[index]?.sortKey : undefined;
          setOrder(
            key
              ? { sort: key, order: direction === 'desc' ? 'desc' : 'asc' }
              : { sort: 'name', order: 'asc' },
          );
        }}
        columns={readableColumns(
          columns.map(({ sortKey: _sortKey, ...c }) => c),
          ['failingCheckCount'],
        )}
        data={rows}
        emptyContent={
          <Box p={2}>
            {filter
              ? `No model of this team is at ${filter.summary.title} level ${filter.level} ${filter.name}.`
              : `No models owned by this team${
                  includeDescendants ? ' or its child teams' : ''
                }.`}
          </Box>
        }
      />
      <LoadMore list={list} what="models" />
    </>
  );
}

/** A team's scorecards: level distribution per scorecard, trend, and a sortable table of its models. */
export function TeamScorecardContent(props: { teamRef: string }) {
  const api = useApi(scorecardsApiRef);
  const [includeDescendants, setIncludeDescendants] = useState(true);
  const [params, setParams] = useSearchParams();
  // The roll-up without one row per model (a few KB for an organisation of 10,000); the table
  // below reads its models page by page.
  const team = useAsyncValue(
    () =>
      api.getTeamScorecard(props.teamRef, {
        includeDescendants,
        includeModels: false,
      }),
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
  const modelCount = t.groups.reduce((n, g) => n + g.modelCount, 0);

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" style={{ gap: 16 }}>
          <Typography variant="h5">{t.team.title ?? t.team.ref}</Typography>
          <Typography variant="body2" color="textSecondary">
            {modelCount} model{modelCount === 1 ? '' : 's'} · {t.groups.length}{' '}
            group{t.groups.length === 1 ? '' : 's'}
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
                modelCount={modelCount}
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
        <TeamModelsTable
          teamRef={props.teamRef}
          includeDescendants={includeDescendants}
          summary={t.summary}
          filter={
            filterSummary && filterLevel
              ? {
                  summary: filterSummary,
                  level: filterLevel.level,
                  name: filterLevel.name,
                }
              : undefined
          }
          onClearFilter={() => setFilter()}
        />
      </Grid>
    </Grid>
  );
}
