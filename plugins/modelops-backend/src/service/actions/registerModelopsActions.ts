import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { ModelopsActionsDeps } from './actionDeps';
import { registerApprovalActions } from './approvalActions';
import { registerModelActions } from './modelActions';

export type { ModelopsActionsDeps } from './actionDeps';

/**
 * Registers the plugin's actions with Backstage's actions registry (ids `modelops:<name>`), which
 * the MCP actions backend serves to AI agents as tools: find-models, describe-model,
 * explain-level, list-my-pending-approvals (read-only) and request-promotion (not read-only).
 * See docs/ai-agents.md.
 */
export function registerModelopsActions(
  registry: ActionsRegistryService,
  deps: ModelopsActionsDeps,
): void {
  registerModelActions(registry, deps);
  registerApprovalActions(registry, deps);
}
