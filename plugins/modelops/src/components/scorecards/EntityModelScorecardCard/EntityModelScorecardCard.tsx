import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import type {
  CheckResult,
  ScorecardResult,
} from '@modelops/plugin-modelops-common';
import { useState } from 'react';
import { scorecardsApiRef } from '../../../api/ScorecardsApi';
import { useAsyncValue } from '../../../hooks/useAsyncValue';
import { CheckStatusIcon, checkStatusLabel } from '../CheckStatusIcon';
import { ScorecardLevelChip } from '../ScorecardLevelChip';
import { PersonName } from '../../shared/PersonName';
import {
  formatAbsoluteDate,
  formatAbsoluteTime,
} from '../../shared/formatTime';

/** Props of {@link EntityModelScorecardCard}. */
export interface EntityModelScorecardCardProps {
  /** Card title; defaults to `Scorecards`. */
  title?: string;
}

function CheckLine(props: { check: CheckResult }) {
  const { check } = props;
  return (
    <ListItem
      dense
      alignItems="flex-start"
      data-testid={`check-${check.checkId}`}
    >
      <ListItemIcon style={{ minWidth: 32, marginTop: 4 }}>
        <CheckStatusIcon status={check.status} />
      </ListItemIcon>
      <ListItemText
        primary={
          <span>
            {check.title}{' '}
            <Typography
              component="span"
              variant="caption"
              color="textSecondary"
            >
              ({checkStatusLabel(check.status)}
              {check.blocking ? ', blocking' : ''})
            </Typography>
          </span>
        }
        secondary={
          <>
            {check.evidence.map(e => (
              <Typography
                key={e}
                component="span"
                variant="caption"
                display="block"
              >
                {e}
              </Typography>
            ))}
            {check.status === 'fail' && (
              <Typography
                component="span"
                variant="caption"
                display="block"
                color="textPrimary"
              >
                <strong>How to fix:</strong> {check.howToFix}
              </Typography>
            )}
            {check.status === 'waived' && check.exemption && (
              <Typography component="span" variant="caption" display="block">
                Exemption approved by{' '}
                <PersonName entityRef={check.exemption.approvedBy} /> until{' '}
                {formatAbsoluteDate(check.exemption.expiresAt)}:{' '}
                {check.exemption.reason}
              </Typography>
            )}
            <Typography
              component="span"
              variant="caption"
              display="block"
              color="textSecondary"
            >
              {check.citations.join(' · ')}
            </Typography>
          </>
        }
      />
    </ListItem>
  );
}

function ScorecardPanel(props: { scorecard: ScorecardResult }) {
  const s = props.scorecard;
  const levels = [...new Set(s.checks.map(c => c.level))].sort((a, b) => a - b);
  return (
    <Box>
      <Box display="flex" alignItems="center" style={{ gap: 12 }} mt={1} mb={1}>
        <ScorecardLevelChip
          level={s.level}
          levelName={s.levelName}
          maxLevel={s.maxLevel}
          blocked={s.blocked}
          size="medium"
        />
        <Typography variant="body2">
          {s.next
            ? `Next: ${s.next.name} (level ${s.next.level}) — fix ${
                s.next.failingChecks.length
              } check${s.next.failingChecks.length === 1 ? '' : 's'}${
                s.next.notEvaluatedChecks?.length
                  ? `, ${s.next.notEvaluatedChecks.length} not evaluated`
                  : ''
              }`
            : 'Top level reached'}
          {` · ${s.counts.pass} passed, ${s.counts.fail} failed, ${
            s.counts.notApplicable
          } not applicable${
            s.counts.notEvaluated
              ? `, ${s.counts.notEvaluated} not evaluated`
              : ''
          }${s.counts.waived ? `, ${s.counts.waived} waived` : ''}`}
        </Typography>
      </Box>
      {levels.map(level => (
        <Box key={level} mt={1}>
          <Typography variant="subtitle2">Level {level}</Typography>
          <List dense disablePadding>
            {s.checks
              .filter(c => c.level === level)
              .map(c => (
                <CheckLine key={c.checkId} check={c} />
              ))}
          </List>
        </Box>
      ))}
    </Box>
  );
}

/**
 * Scorecards of a Model entity: a level badge per scorecard, and its checks grouped by level with
 * their result, evidence and how to fix.
 */
export function EntityModelScorecardCard(props: EntityModelScorecardCardProps) {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(scorecardsApiRef);
  const state = useAsyncValue(
    () => api.getModelScorecard(entityRef),
    [api, entityRef],
  );
  const [tab, setTab] = useState(0);
  const title = props.title ?? 'Scorecards';

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
  const scorecards = state.value.scorecards;
  const current = scorecards[Math.min(tab, scorecards.length - 1)];
  return (
    <InfoCard
      title={title}
      subheader={`Evaluated ${formatAbsoluteTime(state.value.evaluatedAt)}`}
    >
      <Tabs
        value={Math.min(tab, scorecards.length - 1)}
        onChange={(_e, v) => setTab(v)}
        indicatorColor="primary"
        aria-label="scorecards"
      >
        {scorecards.map(s => (
          <Tab key={s.scorecard} label={`${s.title}: ${s.levelName}`} />
        ))}
      </Tabs>
      {current && <ScorecardPanel scorecard={current} />}
    </InfoCard>
  );
}
