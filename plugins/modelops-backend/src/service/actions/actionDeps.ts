import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { BasicPermission } from '@backstage/plugin-permission-common';
import { isModelEntity, ModelEntity } from '@modelops/plugin-modelops-common';
import type { ApprovalService } from '../approvals/ApprovalService';
import type { DriftService } from '../drift/DriftService';
import type { ScorecardService } from '../scorecards/ScorecardService';

/**
 * What the actions for AI agents use: the same services the HTTP routes call (so the same rules,
 * segregation of duties and audit trail apply), the catalog (read with the caller's credentials,
 * so an agent sees only the models its user may see) and the permission and auditor services.
 */
export interface ModelopsActionsDeps {
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  scorecards: Pick<ScorecardService, 'evaluateModel'>;
  drift: Pick<DriftService, 'status' | 'listRuns' | 'latestStatusAll'>;
  approvals: Pick<
    ApprovalService,
    'listPromotions' | 'listPromotionsOf' | 'inbox' | 'createRequest'
  >;
}

/** Whether the credentials are granted each of these permissions (one batched decision). */
export async function permitted(
  deps: Pick<ModelopsActionsDeps, 'permissions'>,
  credentials: BackstageCredentials,
  permissions: BasicPermission[],
): Promise<boolean[]> {
  const decisions = await deps.permissions.authorize(
    permissions.map(permission => ({ permission })),
    { credentials },
  );
  return decisions.map(d => d.result === AuthorizeResult.ALLOW);
}

/**
 * A Model entity read with the caller's credentials: a 404 naming the ref when it does not exist,
 * is another kind, or the caller may not read it (the answer does not tell those apart).
 */
export async function modelForCaller(
  deps: Pick<ModelopsActionsDeps, 'catalog'>,
  credentials: BackstageCredentials,
  modelRef: string,
): Promise<ModelEntity> {
  const entity = await deps.catalog.getEntityByRef(modelRef, { credentials });
  if (!entity || !isModelEntity(entity)) {
    throw new NotFoundError(
      `${modelRef} is not a Model in the catalog (or you may not read it); find models with modelops:find-models`,
    );
  }
  return entity;
}

/** The zod (v3) an action's schema functions are given by the actions registry. */
export type Zv3 = Parameters<
  Parameters<ActionsRegistryService['register']>[0]['schema']['input']
>[0];
