import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { ItemsPage } from '@modelops/plugin-modelops-common';
import { Route, Routes, useParams, useSearchParams } from 'react-router-dom';
import { ApprovalRequestView, approvalsApiRef } from '../../api/ApprovalsApi';
import { ApprovalRequestPanel } from './ApprovalRequestPanel';
import { ApprovalStateChip } from './ApprovalStateChip';
import { AuditTrailView } from './AuditTrailView';
import { approvalsRouteRef } from './routes';
import { useLoad } from '../../hooks/useLoad';
import { usePagedList } from '../../hooks/usePagedList';
import { LoadMore } from '../shared/LoadMore';
import { PersonName } from '../shared/PersonName';
import { formatAbsoluteTime } from '../shared/formatTime';
import { readableColumns } from '../shared/tableCells';

function RequestsTable(props: {
  title: string;
  items: ApprovalRequestView[];
  emptyText: string;
}) {
  const base = useRouteRef(approvalsRouteRef)();
  const columns: TableColumn<ApprovalRequestView>[] = [
    {
      title: 'State',
      field: 'state',
      render: r => <ApprovalStateChip state={r.state} />,
    },
    {
      title: 'Model',
      field: 'modelRef',
      render: r => (
        <Link to={`${base}/requests/${r.id}`}>
          {r.modelRef.replace(/^model:default\//, '')}
        </Link>
      ),
    },
    { title: 'Version', field: 'modelVersion' },
    {
      title: 'Transition',
      render: r => `${r.fromStage ?? '?'} → ${r.toStage}`,
    },
    {
      title: 'Requester',
      field: 'requester',
      render: r => <PersonName entityRef={r.requester} />,
    },
    {
      title: 'Missing',
      render: r =>
        r.progress
          .filter(p => p.missing > 0)
          .map(p => `${p.title} (${p.missing})`)
          .join(', ') || '-',
    },
    {
      title: 'Expires',
      field: 'expiresAt',
      render: r => formatAbsoluteTime(r.expiresAt),
    },
  ];
  return (
    <Table
      title={props.title}
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={readableColumns(columns, ['modelVersion', 'expiresAt'])}
      data={props.items.map(r => ({ ...r }))}
      emptyContent={<div style={{ padding: 16 }}>{props.emptyText}</div>}
    />
  );
}

/** A paged table of requests with "Load more" under it. */
function PagedRequests(props: {
  testId: string;
  title: (count: string) => string;
  emptyText: string;
  loadPage: (cursor?: string) => Promise<ItemsPage<ApprovalRequestView>>;
  deps: unknown[];
}) {
  const list = usePagedList(props.loadPage, props.deps);
  if (list.error && !list.items.length)
    return <ResponseErrorPanel error={list.error} />;
  if (!list.loaded) return <Progress />;
  const count = `${list.items.length}${list.hasMore ? '+' : ''}`;
  return (
    <div data-testid={props.testId}>
      <RequestsTable
        title={props.title(count)}
        items={list.items}
        emptyText={props.emptyText}
      />
      <LoadMore list={list} what="requests" />
    </div>
  );
}

function Overview() {
  const api = useApi(approvalsApiRef);
  const { value: user, error } = useLoad(() => api.currentUser(), [api]);
  const base = useRouteRef(approvalsRouteRef)();
  if (error) return <ResponseErrorPanel error={error} />;
  if (!user) return <Progress />;
  return (
    <>
      <ContentHeader
        titleComponent={
          <Typography variant="h4" component="h2">
            Signed in as <PersonName entityRef={user} />
          </Typography>
        }
      >
        <Link to={`${base}/audit`}>Audit trail</Link>
      </ContentHeader>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <PagedRequests
            testId="my-approvals-inbox"
            title={count => `Waiting for my decision (${count})`}
            emptyText="Nothing is waiting for your decision."
            loadPage={cursor => api.inbox({ cursor })}
            deps={[api, user]}
          />
        </Grid>
        <Grid item xs={12}>
          <PagedRequests
            testId="my-requests"
            title={() => 'My requests'}
            emptyText="You have not requested any approvals."
            loadPage={cursor => api.listRequests({ requester: user, cursor })}
            deps={[api, user]}
          />
        </Grid>
      </Grid>
    </>
  );
}

function RequestPage() {
  const { id } = useParams();
  return (
    <InfoCard title="Approval request">
      <ApprovalRequestPanel requestId={id!} />
    </InfoCard>
  );
}

function AuditPage() {
  const [params] = useSearchParams();
  return (
    <AuditTrailView
      modelRef={params.get('modelRef') ?? undefined}
      requestId={params.get('requestId') ?? undefined}
    />
  );
}

/**
 * "My approvals": requests waiting for the signed-in user's decision and their own requests;
 * `requests/:id` shows one request with the decision form; `audit` shows the audit trail.
 */
export function MyApprovalsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="My approvals"
        subtitle="Governed promotion of model versions"
      />
      <Content>
        <Routes>
          <Route path="/" element={<Overview />} />
          <Route path="/requests/:id" element={<RequestPage />} />
          <Route path="/audit" element={<AuditPage />} />
        </Routes>
      </Content>
    </Page>
  );
}
