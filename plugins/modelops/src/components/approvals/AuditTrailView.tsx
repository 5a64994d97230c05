import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { Alert } from '@material-ui/lab';
import type { AuditEvent } from '@modelops/plugin-modelops-common';
import { approvalsApiRef, type ApprovalsApi } from '../../api/ApprovalsApi';
import { useLoad } from '../../hooks/useLoad';
import { usePagedList } from '../../hooks/usePagedList';
import { LoadMore } from '../shared/LoadMore';

/** Events per page of the trail (the backend's default page). */
const AUDIT_PAGE = 50;
import { PersonName } from '../shared/PersonName';
import { formatAbsoluteTime } from '../shared/formatTime';
import { readableColumns } from '../shared/tableCells';

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

const columns: TableColumn<AuditEvent & { id: string }>[] = [
  { title: '#', field: 'seq', width: '60px' },
  {
    title: 'When',
    field: 'createdAt',
    render: e => formatAbsoluteTime(e.createdAt),
  },
  { title: 'Event', field: 'type' },
  {
    title: 'Who',
    field: 'actor',
    render: e => <PersonName entityRef={e.actor} />,
  },
  { title: 'Client', field: 'client' },
  { title: 'Model', field: 'modelRef' },
  { title: 'Comment', field: 'comment' },
  {
    title: 'Hash',
    field: 'hash',
    render: e => <code title={e.hash}>{e.hash.slice(0, 12)}…</code>,
  },
];

type ChainVerification = Awaited<ReturnType<ApprovalsApi['verifyAuditChain']>>;

/** The chain's status: intact, broken at an event, or intact but disagreeing with the request rows. */
function ChainStatus({ verification }: { verification: ChainVerification }) {
  if (verification.valid) {
    return (
      <Alert severity="success">
        Hash chain intact: {verification.checked} events verified (head{' '}
        {verification.headHash.slice(0, 12)}…).
      </Alert>
    );
  }
  if (verification.firstBroken) {
    return (
      <Alert severity="error">
        Hash chain BROKEN at event #{verification.firstBroken.seq} (
        {verification.firstBroken.reason}): {verification.firstBroken.message}
      </Alert>
    );
  }
  return (
    <Alert severity="error">
      Hash chain intact ({verification.checked} events), but request rows
      disagree with it:{' '}
      {(verification.stateMismatches ?? [])
        .slice(0, 10)
        .map(
          m =>
            `request ${m.requestId} ${m.column} is ${JSON.stringify(
              m.database,
            )} in the database, ${JSON.stringify(m.chain)} in the chain`,
        )
        .join('; ')}
      {(verification.stateMismatches?.length ?? 0) > 10
        ? ` (and ${verification.stateMismatches!.length - 10} more)`
        : ''}
    </Alert>
  );
}

/** The audit trail (optionally of one model or request) with the chain's verification status and exports. */
export function AuditTrailView(props: {
  modelRef?: string;
  requestId?: string;
}) {
  const api = useApi(approvalsApiRef);
  const filter = { modelRef: props.modelRef, requestId: props.requestId };
  // The chain is verified as a whole (the backend pages through it); the events load page by page.
  const verified = useLoad(
    () => api.verifyAuditChain(),
    [api, props.modelRef, props.requestId],
  );
  const events = usePagedList(
    cursor => api.listAuditEvents({ ...filter, limit: AUDIT_PAGE, cursor }),
    [api, props.modelRef, props.requestId],
  );
  const error =
    verified.error ?? (events.items.length ? undefined : events.error);
  if (error) return <ResponseErrorPanel error={error} />;
  const verification = verified.value;
  if (!verification || !events.loaded) return <Progress />;
  return (
    <InfoCard
      title="Audit trail"
      subheader={props.modelRef ?? props.requestId ?? 'All models'}
    >
      <Box mb={2} data-testid="audit-chain-status">
        <ChainStatus verification={verification} />
      </Box>
      <Box mb={1} display="flex" style={{ gap: 8 }}>
        <Button
          variant="outlined"
          onClick={async () =>
            download(
              'modelops-audit.json',
              'application/json',
              await api.exportAudit('json', filter),
            )
          }
        >
          Export JSON
        </Button>
        <Button
          variant="outlined"
          onClick={async () =>
            download(
              'modelops-audit.csv',
              'text/csv',
              await api.exportAudit('csv', filter),
            )
          }
        >
          Export CSV
        </Button>
      </Box>
      <Table
        title={`${events.items.length}${events.hasMore ? '+' : ''} events`}
        options={{
          paging: false,
          search: true,
          padding: 'dense',
        }}
        columns={readableColumns(columns, ['seq', 'createdAt', 'hash'])}
        data={events.items.map(e => ({ ...e }))}
      />
      <LoadMore list={events} what="events" />
    </InfoCard>
  );
}
