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
import { Route, Routes, useParams, useSearchParams } from 'react-router-dom';
import { ApprovalRequestView, approvalsApiRef } from '../../api/ApprovalsApi';
import { ApprovalRequestPanel } from './ApprovalRequestPanel';
import { ApprovalStateChip } from './ApprovalStateChip';
import { AuditTrailView } from './AuditTrailView';
import { approvalsRouteRef } from './routes';
import { useLoad } from '../../hooks/useLoad';
import { PersonName } from '../shared/PersonName';

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
      render: r => new Date(r.expiresAt).toLocaleString(),
    },
  ];
  return (
    <Table
      title={props.title}
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={props.items.map(r => ({ ...r }))}
      emptyContent={<div style={{ padding: 16 }}>{props.emptyText}</div>}
    />
  );
}

function Overview() {
  const api = useApi(approvalsApiRef);
  const { value, error, loading } = useLoad(async () => {
    const user = await api.currentUser();
    const [inbox, mine] = await Promise.all([
      api.inbox(),
      api.listRequests({ requester: user, limit: 50 }),
    ]);
    return { user, inbox, mine };
  }, [api]);
  const base = useRouteRef(approvalsRouteRef)();
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return loading ? <Progress /> : null;
  return (
    <>
      <ContentHeader
        titleComponent={
          <Typography variant="h4" component="h2">
            Signed in as <PersonName entityRef={value.user} />
          </Typography>
        }
      >
        <Link to={`${base}/audit`}>Audit trail</Link>
      </ContentHeader>
      <Grid container spacing={3}>
        <Grid item xs={12} data-testid="my-approvals-inbox">
          <RequestsTable
            title={`Waiting for my decision (${value.inbox.length})`}
            items={value.inbox}
            emptyText="Nothing is waiting for your decision."
          />
        </Grid>
        <Grid item xs={12} data-testid="my-requests">
          <RequestsTable
            title="My requests"
            items={value.mine}
            emptyText="You have not requested any approvals."
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
