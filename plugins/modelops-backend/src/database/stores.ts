import { DatabaseService } from '@backstage/backend-plugin-api';
import type { ApprovalStore } from './ApprovalStore';
import { DatabaseApprovalStore } from './DatabaseApprovalStore';
import { DatabaseDriftSourceStore } from './DatabaseDriftSourceStore';
import { DatabaseDriftStore } from './DatabaseDriftStore';
import { DatabaseScorecardStore } from './DatabaseScorecardStore';
import type { DriftSourceStore } from './DriftSourceStore';
import type { DriftStore } from './DriftStore';
import { migratedClient } from './migrations';
import type { ScorecardStore } from './ScorecardStore';

/** The plugin's stores, as the interfaces the services depend on. */
export interface ModelopsStores {
  drift: DriftStore;
  driftSources: DriftSourceStore;
  approvals: ApprovalStore;
  scorecards: ScorecardStore;
}

/**
 * Builds every store of the plugin on one client, after running the migrations once. Called only
 * by the composition root (plugin.ts).
 */
export async function createStores(options: {
  database: DatabaseService;
}): Promise<ModelopsStores> {
  const knex = await migratedClient(options.database);
  return {
    drift: new DatabaseDriftStore(knex),
    driftSources: new DatabaseDriftSourceStore(knex),
    approvals: new DatabaseApprovalStore(knex),
    scorecards: new DatabaseScorecardStore(knex),
  };
}
