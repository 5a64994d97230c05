import { parseEntityRef } from '@backstage/catalog-model';
import { CodeSnippet, EmptyState } from '@backstage/core-components';
import { configApiRef, useApiHolder } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/** Props of {@link DriftEmptyState}. */
export interface DriftEmptyStateProps {
  entityRef: string;
  /** Whether a reference is already set (then only windows are missing). */
  hasReference: boolean;
}

/** The commands that send drift data for one model, for the empty state and the docs. */
export function driftInstructions(entityRef: string, backendBaseUrl: string) {
  const { namespace, name } = parseEntityRef(entityRef, {
    defaultKind: 'model',
    defaultNamespace: 'default',
  });
  const ref = `model:${namespace}/${name}`;
  const url = `${backendBaseUrl.replace(
    /\/+$/,
    '',
  )}/api/modelops/drift/models/${namespace}/${name}`;
  const cli = `yarn modelops drift --reference ref.csv --current cur.csv --push --model ${ref}`;
  const curl = [
    '# A token the backend accepts, e.g. a static token of backend.auth.externalAccess',
    'export MODELOPS_TOKEN=...',
    '',
    '# Once per model version: the reference data (training or validation sample)',
    `curl -X POST ${url}/references \\`,
    '  -H "Authorization: Bearer $MODELOPS_TOKEN" -H "Content-Type: application/json" \\',
    `  -d '{"modelVersion": "1.0.0", "rows": [{"income": 52000, "region": "north"}, {"income": 61000, "region": "south"}]}'`,
    '',
    '# Every window of production data (a retry with the same runId is stored once)',
    `curl -X POST ${url}/runs \\`,
    '  -H "Authorization: Bearer $MODELOPS_TOKEN" -H "Content-Type: application/json" \\',
    `  -d '{"runId": "2026-11-22-daily", "windowEnd": "2026-11-22T00:00:00Z", "rows": [{"income": 58000, "region": "north"}]}'`,
  ].join('\n');
  return { cli, curl, url };
}

/**
 * What the Drift tab shows before any window was evaluated: how to send the reference and the
 * production windows, with the CLI and with curl.
 */
export function DriftEmptyState(props: DriftEmptyStateProps) {
  const config = useApiHolder().get(configApiRef);
  const backendBaseUrl =
    config?.getOptionalString('backend.baseUrl') ??
    'https://backstage.example.com';
  const { cli, curl } = driftInstructions(props.entityRef, backendBaseUrl);
  return (
    <EmptyState
      missing="data"
      title={props.hasReference ? 'No drift runs yet' : 'No drift data yet'}
      description={
        props.hasReference
          ? 'A reference is set for this model, but no window of production data was evaluated yet. Send one from your monitoring job.'
          : 'Send a reference sample and windows of production data; each window is compared with the reference and its drift shows here.'
      }
      action={
        <Box maxWidth={900}>
          <Typography variant="h6">With the ModelOps CLI</Typography>
          <Typography variant="body2" paragraph>
            Computes the drift report locally and pushes it to the portal:
          </Typography>
          <CodeSnippet
            language="bash"
            text={cli}
            showCopyCodeButton
            wrapLongLines
          />
          <Box mt={2}>
            <Typography variant="h6">With the REST API</Typography>
            <Typography variant="body2" paragraph>
              Post raw rows (or column lists as <code>columns</code>); the
              portal profiles the reference and evaluates each window. See
              docs/drift-monitoring.md.
            </Typography>
            <CodeSnippet
              language="bash"
              text={curl}
              showCopyCodeButton
              wrapLongLines
            />
          </Box>
        </Box>
      }
    />
  );
}
