import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Divider from '@material-ui/core/Divider';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import { productionStatus } from '@modelops/plugin-modelops-common';
import { approvalsApiRef } from '../../api/ApprovalsApi';
import { ApprovalRequestPanel } from './ApprovalRequestPanel';
import { ApprovalStateChip } from './ApprovalStateChip';
import { approvalsRouteRef } from './routes';
import { useLoad } from '../../hooks/useLoad';
import { usePagedList } from '../../hooks/usePagedList';
import { LoadMore } from '../shared/LoadMore';
import { PersonName } from '../shared/PersonName';
import { formatAbsoluteDate } from '../shared/formatTime';

/** Link to the approvals page, or undefined when the app does not mount it. */
function useOptionalApprovalsLink(): (() => string) | undefined {
  try {
    return useRouteRef(approvalsRouteRef);
  } catch {
    return undefined;
  }
}

/** Props of {@link EntityModelApprovalsCard}. */
export interface EntityModelApprovalsCardProps {
  title?: string;
}

/**
 * Approvals of a Model entity: the current request (decisions, approve/reject for eligible users),
 * earlier requests, and whether the catalog's production version has a recorded promotion.
 */
export function EntityModelApprovalsCard(props: EntityModelApprovalsCardProps) {
  const { entity } = useEntity();
  const api = useApi(approvalsApiRef);
  const approvalsLink = useOptionalApprovalsLink();
  const modelRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  const promotionsLoad = useLoad(
    () => api.listPromotions(modelRef),
    [api, modelRef],
  );
  const list = usePagedList(
    cursor => api.listRequests({ modelRef, limit: 20, cursor }),
    [api, modelRef],
  );
  const reload = () => {
    promotionsLoad.reload();
    list.reload();
  };
  const error =
    promotionsLoad.error ?? (list.items.length ? undefined : list.error);
  const value =
    promotionsLoad.value && list.loaded
      ? { requests: list.items, promotions: promotionsLoad.value }
      : undefined;
  const loading = promotionsLoad.loading || list.loading;
  const title = props.title ?? 'Approvals';
  if (error) {
    return (
      <InfoCard title={title}>
        <ResponseErrorPanel error={error} />
      </InfoCard>
    );
  }
  if (!value) {
    return <InfoCard title={title}>{loading ? <Progress /> : null}</InfoCard>;
  }

  const { requests, promotions } = value;
  const current = requests.find(r => r.state === 'pending') ?? requests[0];
  const history = requests.filter(r => r !== current);
  // One answer to "what is in production, and was it approved" (productionStatus, -common),
  // from the promotions as recorded now (the entity's annotations may lag a catalog refresh).
  const status = productionStatus(
    entity,
    promotions.map(p => ({
      version: p.modelVersion,
      toStage: p.toStage,
      promotedAt: p.createdAt,
      requestId: p.requestId,
    })),
  );
  const promoted =
    status.status === 'approved'
      ? promotions.find(p => p.requestId === status.approved?.requestId)
      : undefined;
  const base = approvalsLink?.();

  return (
    <InfoCard title={title} subheader="Governed promotion with an audit trail">
      {status.status !== 'none' && (
        <Box mb={2}>
          {promoted ? (
            <Alert severity="success" data-testid="production-verified">
              Version {status.version} is in production through approved request{' '}
              {base ? (
                <Link to={`${base}/requests/${promoted.requestId}`}>
                  {promoted.requestId.slice(0, 8)}
                </Link>
              ) : (
                promoted.requestId
              )}{' '}
              (promoted by <PersonName entityRef={promoted.promotedBy} /> on{' '}
              {formatAbsoluteDate(promoted.createdAt)}).
              {status.declarationOutdated &&
                ` catalog-info.yaml still declares ${
                  status.declaredVersion ?? 'no version'
                } in production: update spec.versions.`}
            </Alert>
          ) : (
            <Alert severity="warning" data-testid="production-unverified">
              {status.summary}
            </Alert>
          )}
        </Box>
      )}
      {current ? (
        <ApprovalRequestPanel requestId={current.id} onChange={reload} />
      ) : (
        <Typography variant="body2">
          No approval requests yet. Run the “Request promotion to production”
          template to ask for one.
        </Typography>
      )}
      {history.length > 0 && (
        <Box mt={2}>
          <Divider />
          <Typography variant="subtitle2" style={{ marginTop: 8 }}>
            History
          </Typography>
          {history.map(r => (
            <Box
              key={r.id}
              display="flex"
              alignItems="center"
              style={{ gap: 8 }}
              py={0.5}
            >
              <ApprovalStateChip state={r.state} />
              <Typography variant="body2">
                {r.modelVersion} → {r.toStage} by{' '}
                <PersonName entityRef={r.requester} />,{' '}
                {formatAbsoluteDate(r.createdAt)}
              </Typography>
              {base && <Link to={`${base}/requests/${r.id}`}>details</Link>}
            </Box>
          ))}
        </Box>
      )}
      <LoadMore list={list} what="history" />
      {base && (
        <Box mt={2}>
          <Link to={`${base}/audit?modelRef=${encodeURIComponent(modelRef)}`}>
            Audit trail
          </Link>
        </Box>
      )}
    </InfoCard>
  );
}
