import { DatabaseService } from '@backstage/backend-plugin-api';
import type { ApprovalStore } from './ApprovalStore';
import { DatabaseApprovalStore } from './DatabaseApprovalStore';
import { DatabaseDriftStore } from './DatabaseDriftStore';
import { DatabaseScorecardStore } from './DatabaseScorecardStore';
import type { DriftStore } from './DriftStore';
import { migratedClient } from './migrations';
import type { ScorecardStore } from './ScorecardStore';

/** The plugin's stores, as the interfaces the services depend on. */
export interface ModelopsStores {
  drift: DriftStore;
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
    approvals: new DatabaseApprovalStore(knex),
    scorecards: new DatabaseScorecardStore(knex),
  };
}
