/*
 * The example portal's backend: a stock Backstage backend plus the ModelOps plugins.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// auth: guest sign-in for the example portal
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// development-only sign-in as a listed example user (off unless modelops.devSignIn.enabled;
// refuses to start with NODE_ENV=production)
backend.add(import('./modules/devSignIn/devSignInModule'));

// catalog, with the Model kind
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-unprocessed'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@modelops/plugin-catalog-backend-module-modelops'));

// TechDocs: model cards (docs/ + mkdocs.yml next to catalog-info.yaml), built locally with mkdocs
backend.add(import('@backstage/plugin-techdocs-backend'));

// scaffolder, with the modelops:* actions
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@modelops/plugin-scaffolder-backend-module-modelops'));

// permissions (allow-all in the example portal)
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

// notifications (approvers are told when a request needs them) and signals (live updates in the UI)
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// modelops
backend.add(import('@modelops/plugin-modelops-backend'));
backend.add(import('./modules/exampleDriftSeed')); // example portal only: modelops.exampleData.seedDrift
// example portal only: modelops.exampleData.seedScorecardHistory (a snapshot at start, weeks of history before it)
backend.add(import('./modules/exampleScorecardSeed'));
// example portal only: modelops.exampleData.driftSourceConnection (the data of customer-churn-emea's scheduled drift source)
backend.add(import('./modules/exampleDriftSource'));

// MCP server for AI agents (/api/mcp-actions/v1): serves the actions of backend.actions.pluginSources
// (the modelops:* actions) as MCP tools, called with the user's Backstage token (docs/ai-agents.md)
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// A feature that refuses to start (e.g. the development sign-in with NODE_ENV=production) must stop
// the process: without this, the backend logs an unhandled rejection and keeps serving half started.
backend.start().catch(error => {
  // eslint-disable-next-line no-console
  console.error(`Backend startup failed, exiting: ${error?.message ?? error}`);
  process.exit(1);
});
