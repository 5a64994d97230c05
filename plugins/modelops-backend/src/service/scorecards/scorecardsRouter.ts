import { BackstageCredentials, HttpAuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult, BasicPermission } from '@backstage/plugin-permission-common';
import {
  modelopsScorecardExemptionPermission,
  modelopsScorecardPermissions,
  modelopsScorecardReadPermission,
  modelopsScorecardSnapshotPermission,
  PlacedScorecardCheck,
  summarizeScorecards,
  toModelScorecardRow,
} from '@modelops/plugin-modelops-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { DatabaseApprovalStore } from '../../database/DatabaseApprovalStore';
import { DatabaseDriftStore } from '../../database/DatabaseDriftStore';
import { DatabaseScorecardStore } from '../../database/DatabaseScorecardStore';
import type { RouterOptions } from '../router';
import { readScorecardSettings } from './scorecardConfig';
import { promotionsAsApprovalFacts, ScorecardFactsLoader } from './ScorecardFactsLoader';
import {
  catalogQuerySchema,
  createExemptionBodySchema,
  exemptionActionBodySchema,
  exemptionsQuerySchema,
  historyQuerySchema,
  teamQuerySchema,
} from './scorecardSchemas';
import { ScorecardService } from './ScorecardService';

async function authorize(req: Request, permission: BasicPermission, httpAuth: HttpAuthService, permissions: PermissionsService) {
  const credentials = await httpAuth.credentials(req);
  const [decision] = await permissions.authorize([{ permission }], { credentials });
  if (decision.result !== AuthorizeResult.ALLOW) throw new NotAllowedError(`missing permission ${permission.name}`);
  return credentials;
}

/** The signed-in user; exemptions need a person (requester and approver must be different people). */
function userOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as { type?: string; userEntityRef?: string };
  if (p.type !== 'user' || !p.userEntityRef) throw new NotAllowedError('exemptions are requested and approved by signed-in users');
  return p.userEntityRef.toLocaleLowerCase('en-US');
}

/**
 * `/api/modelops/scorecards`: maturity and production readiness per model, per team (Group
 * hierarchy rolled up) and for the whole catalog; history from scheduled snapshots; exemptions.
 * See docs/scorecards.md.
 */
export async function createScorecardsRouter(
  options: RouterOptions & { scorecardChecks?: PlacedScorecardCheck[]; now?: () => Date },
): Promise<express.Router> {
  const { httpAuth, permissions, logger } = options;
  const settings = readScorecardSettings(options.config, options.scorecardChecks ?? []);
  const store = await DatabaseScorecardStore.create({ database: options.database });
  const driftStore = await DatabaseDriftStore.create({ database: options.database });
  const approvals = settings.approvalsEnabled
    ? promotionsAsApprovalFacts(await DatabaseApprovalStore.create({ database: options.database }))
    : undefined;
  const service = new ScorecardService({
    engine: settings.engine,
    store,
    facts: new ScorecardFactsLoader({ driftStore, approvals }),
    catalog: options.catalog,
    auth: options.auth,
    logger,
    configExemptions: settings.configExemptions,
    cacheTtlMs: settings.cacheTtlMs,
    now: options.now,
  });
  options.permissionsRegistry.addPermissions(modelopsScorecardPermissions);
  if (settings.exemptionApprovers.length === 0) {
    logger.info('modelops scorecards: no modelops.scorecards.exemptionApprovers configured; exemptions can only be declared in config');
  }

  /**
   * Exemption approval is decided by group membership in the catalog, not by the permission alone
   * (a permissive policy grants the permission to everyone, the requester included).
   */
  const requireExemptionApprover = async (user: string, what: string) => {
    const groups = (await service.userGroups(user)) ?? [];
    if (!groups.some(g => settings.exemptionApprovers.includes(g))) {
      throw new NotAllowedError(
        settings.exemptionApprovers.length
          ? `${what} needs a member of ${settings.exemptionApprovers.join(' or ')}; ${user} is not one`
          : `${what} is disabled: no groups are configured in modelops.scorecards.exemptionApprovers`,
      );
    }
  };

  if (settings.snapshots.enabled) {
    await options.scheduler.scheduleTask({
      id: 'modelops-scorecards-snapshot',
      scope: 'global', // one replica takes each snapshot
      ...settings.snapshots.schedule,
      fn: async () => {
        await service.snapshot('schedule', settings.snapshots.retentionDays);
      },
    });
  }

  const router = Router();
  const json = express.json({ limit: '100kb' });
  const read = (req: Request) => authorize(req, modelopsScorecardReadPermission, httpAuth, permissions);
  const ref = (kind: string, req: Request) =>
    stringifyEntityRef({ kind, namespace: req.params.namespace, name: req.params.name }).toLocaleLowerCase('en-US');

  router.get('/scorecards/definitions', async (req, res) => {
    await read(req);
    res.json({ scorecards: service.engine.describe() });
  });

  router.get('/scorecards/models/:namespace/:name', async (req, res) => {
    await read(req);
    const entityRef = ref('model', req);
    const result = await service.evaluateModel(entityRef);
    res.json({ ...result, exemptions: await service.listExemptions(entityRef) });
  });

  router.get('/scorecards/models/:namespace/:name/history', async (req, res) => {
    await read(req);
    const q = historyQuerySchema.parse(req.query);
    res.json({ items: await store.modelHistory(ref('model', req), q) });
  });

  router.get('/scorecards/teams/:namespace/:name', async (req, res) => {
    await read(req);
    const q = teamQuerySchema.parse(req.query);
    const teamRef = ref('group', req);
    await service.teamGroups(teamRef, q.includeDescendants); // 404 for an unknown group
    const body = await service.memoized(`team:${teamRef}:${q.includeDescendants}`, () =>
      service.team(teamRef, q.includeDescendants).then(t => JSON.stringify(t)),
    );
    res.type('application/json').send(await body);
  });

  router.get('/scorecards/teams/:namespace/:name/history', async (req, res) => {
    await read(req);
    const q = historyQuerySchema.parse(req.query);
    const groups = await service.teamGroups(ref('group', req), q.includeDescendants);
    res.json({ groups, items: await store.teamHistory(groups, q) });
  });

  router.get('/scorecards/catalog', async (req, res) => {
    await read(req);
    const q = catalogQuerySchema.parse(req.query);
    if (q.scorecard && !service.engine.scorecards.some(s => s.id === q.scorecard)) {
      throw new InputError(`scorecard "${q.scorecard}" is unknown`);
    }
    // Summary and sorted rows are computed once per evaluation; each request only slices a page.
    const overview = await service.memoized('catalog:overview', all => {
      const owners = new Map<string, number>();
      for (const r of all.results) owners.set(r.owner ?? '(none)', (owners.get(r.owner ?? '(none)') ?? 0) + 1);
      return {
        evaluatedAt: all.evaluatedAt,
        modelCount: all.results.length,
        summary: summarizeScorecards(all.results, service.engine.scorecards),
        owners: [...owners.entries()]
          .map(([owner, modelCount]) => ({ owner, title: all.hierarchy.get(owner)?.title, modelCount }))
          .sort((a, b) => b.modelCount - a.modelCount || a.owner.localeCompare(b.owner)),
      };
    });
    const rows = await service.memoized(`catalog:rows:${q.scorecard ?? ''}`, all => {
      const list = all.results.map(toModelScorecardRow);
      if (q.scorecard) {
        const level = (r: (typeof list)[number]) => r.scorecards.find(s => s.scorecard === q.scorecard)?.level ?? 0;
        list.sort((a, b) => level(a) - level(b) || b.failingCheckCount - a.failingCheckCount || a.entityRef.localeCompare(b.entityRef));
      }
      return list;
    });
    res.json({ ...overview, models: rows.slice(q.offset, q.offset + q.limit), offset: q.offset, limit: q.limit });
  });

  router.get('/scorecards/snapshots', async (req, res) => {
    await read(req);
    res.json({ items: await store.listBatches(50) });
  });

  router.post('/scorecards/snapshots', async (req, res) => {
    await authorize(req, modelopsScorecardSnapshotPermission, httpAuth, permissions);
    res.status(201).json(await service.snapshot('manual', settings.snapshots.retentionDays));
  });

  router.get('/scorecards/exemptions', async (req, res) => {
    await read(req);
    const q = exemptionsQuerySchema.parse(req.query);
    res.json({ items: await service.listExemptions(q.entityRef) });
  });

  router.post('/scorecards/exemptions', json, async (req, res) => {
    const credentials = await authorize(req, modelopsScorecardExemptionPermission, httpAuth, permissions);
    const requester = userOf(credentials);
    if (!(await service.userGroups(requester))) {
      throw new NotAllowedError(`requesting an exemption needs a User in the catalog; ${requester} is not one`);
    }
    const body = createExemptionBodySchema.parse(req.body ?? {});
    const now = service.now();
    const expires = new Date(body.expiresAt);
    if (expires.getTime() <= now.getTime()) throw new InputError('expiresAt must be in the future');
    if (expires.getTime() - now.getTime() > settings.maxExemptionDays * 86_400_000) {
      throw new InputError(`expiresAt must be within ${settings.maxExemptionDays} days`);
    }
    await service.assertExemptable(body.entityRef, body.checkId, body.scorecard ?? null);
    const created = await store.createExemption({
      entityRef: body.entityRef,
      checkId: body.checkId,
      scorecard: body.scorecard ?? null,
      reason: body.reason,
      requestedBy: requester,
      expiresAt: expires.toISOString(),
      createdAt: now.toISOString(),
    });
    service.invalidate();
    res.status(201).json({ ...created, state: 'pending' });
  });

  router.post('/scorecards/exemptions/:id/approve', json, async (req, res) => {
    const credentials = await authorize(req, modelopsScorecardExemptionPermission, httpAuth, permissions);
    exemptionActionBodySchema.parse(req.body ?? {});
    const approver = userOf(credentials);
    await requireExemptionApprover(approver, 'approving an exemption');
    // The store still refuses the requester, inside the transaction that approves.
    const approved = await store.approveExemption(req.params.id, approver, service.now().toISOString());
    service.invalidate();
    res.json({ ...approved, state: 'active' });
  });

  router.post('/scorecards/exemptions/:id/revoke', json, async (req, res) => {
    const credentials = await authorize(req, modelopsScorecardExemptionPermission, httpAuth, permissions);
    exemptionActionBodySchema.parse(req.body ?? {});
    const by = userOf(credentials);
    // Its requester may withdraw an exemption (that only makes the scorecard stricter); anyone else
    // needs to be an approver, so a waiver agreed by the approvers cannot be removed by a bystander.
    const current = await store.getExemption(req.params.id);
    if (!current || current.requestedBy.toLocaleLowerCase('en-US') !== by) {
      await requireExemptionApprover(by, 'revoking an exemption');
    }
    const revoked = await store.revokeExemption(req.params.id, by, service.now().toISOString());
    service.invalidate();
    res.json({ ...revoked, state: 'revoked' });
  });

  return router;
}
