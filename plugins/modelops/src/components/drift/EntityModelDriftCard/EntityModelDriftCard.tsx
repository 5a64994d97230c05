import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef, useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { driftApiRef } from '../../../api/DriftApi';
import {
  datasetDriftState,
  driftedFeatureNames,
  formatAbsoluteTime,
  formatRelativeTime,
} from '../../../drift/driftStatus';
import { DatasetDriftChip } from '../DriftStatusChip';
import { useAsyncValue } from '../../../hooks/useAsyncValue';

/** Props of {@link EntityModelDriftCard}. */
export interface EntityModelDriftCardProps {
  /** Card title; defaults to `Data drift`. */
  title?: string;
  /** Path of the Drift tab under the entity page; defaults to `drift`. */
  driftTabPath?: string;
}

/**
 * Overview card of a Model's data drift: status of the newest window, when it ended, and the
 * drifted features, with a link to the Drift tab.
 */
export function EntityModelDriftCard(props: EntityModelDriftCardProps) {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const driftApi = useApi(driftApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const state = useAsyncValue(
    () => driftApi.getStatus(entityRef),
    [driftApi, entityRef],
  );
  const title = props.title ?? 'Data drift';
  const entityPath = entityRoute({
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  });
  const deepLink = {
    title: 'View drift details',
    link: `${entityPath}/${props.driftTabPath ?? 'drift'}`,
  };

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

  const run = state.value.lastRun;
  const drifted = driftedFeatureNames(run);
  const drift = datasetDriftState(run);
  return (
    <InfoCard title={title} deepLink={deepLink}>
      <Box display="flex" alignItems="center" style={{ gap: 12 }} mb={1}>
        <DatasetDriftChip state={drift} />
        {run && (
          <Typography variant="body2" title={formatAbsoluteTime(run.windowEnd)}>
            Last window ended {formatRelativeTime(run.windowEnd)} (
            {formatAbsoluteTime(run.windowEnd)})
          </Typography>
        )}
      </Box>
      {!run && (
        <Typography variant="body2">
          {state.value.hasReference
            ? 'A reference is set, but no window of production data was evaluated yet.'
            : 'No drift data was sent for this model yet.'}{' '}
          The Drift tab explains how to send it.
        </Typography>
      )}
      {run && drift === 'insufficient-data' && (
        <Typography variant="body2">
          The newest window had too few values to evaluate any feature.
        </Typography>
      )}
      {run && drift !== 'insufficient-data' && (
        <Typography variant="body2">
          {run.driftedCount === 0
            ? `No feature drifted (${run.featureCount} monitored).`
            : `${run.driftedCount} of ${run.featureCount} features drifted${
                drifted.length > 0 ? `: ${drifted.join(', ')}` : ''
              }${
                drift === 'features-drifted'
                  ? `; fewer than the dataset's drift share${
                      typeof run.report?.datasetDriftShare === 'number'
                        ? ` (${Math.round(
                            run.report.datasetDriftShare * 100,
                          )}%)`
                        : ''
                    }, so the dataset does not count as drifted`
                  : ''
              }.`}
        </Typography>
      )}
    </InfoCard>
  );
}
