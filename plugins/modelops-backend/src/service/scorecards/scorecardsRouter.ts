import { AuditorService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  modelopsScorecardExemptionPermission,
  modelopsScorecardReadPermission,
  modelopsScorecardSnapshotPermission,
  ScorecardExemptionView,
} from '@modelops/plugin-modelops-common';
import type { Response } from 'express';
import type { ModelopsApiRouter } from '../../schema/openapi/types';
import { ifNoneMatchHits } from '../conditionalResponses';
import { audited } from '../audit';
import type { AnyRequest, Authorize } from '../authorize';
import type { Caller } from '../callers';
import {
  catalogQuerySchema,
  createExemptionBodySchema,
  exemptionActionBodySchema,
  exemptionsQuerySchema,
  historyQuerySchema,
  teamModelsQuerySchema,
  teamQuerySchema,
} from './scorecardSchemas';
import { ScorecardService } from './ScorecardService';

/**
 * `/api/modelops/scorecards`: maturity and production readiness per model, per team (Group
 * hierarchy rolled up) and for the whole catalog; history from scheduled snapshots; exemptions.
 * Parses, authorizes, calls the {@link ScorecardService} and serialises. See docs/scorecards.md.
 */
export function addScorecardsRoutes(
  router: ModelopsApiRouter,
  options: {
    service: ScorecardService;
    authorize: Authorize;
    auditor: AuditorService;
  },
): void {
  const { service, authorize, auditor } = options;
  const read = (req: AnyRequest) =>
    authorize(req, modelopsScorecardReadPermission);
  const ref = (kind: string, req: AnyRequest) =>
    stringifyEntityRef({
      kind,
      namespace: req.params.namespace,
      name: req.params.name,
    }).toLocaleLowerCase('en-US');
  const exemptionMeta = (e: ScorecardExemptionView) => ({
    exemptionId: e.id,
    entityRef: e.entityRef,
    checkId: e.checkId,
    state: e.state,
  });

  router.get('/scorecards/definitions', async (req, res) => {
    await read(req);
    res.json({ scorecards: service.engine.describe() });
  });

  router.get('/scorecards/models/:namespace/:name', async (req, res) => {
    await read(req);
    const entityRef = ref('model', req);
    const result = await service.evaluateModel(entityRef);
    res.json({
      ...result,
      exemptions: await service.listExemptions(entityRef),
    });
  });

  router.get(
    '/scorecards/models/:namespace/:name/history',
    async (req, res) => {
      await read(req);
      const q = historyQuerySchema.parse(req.query);
      res.json(await service.modelHistory(ref('model', req), q));
    },
  );

  // Served from the cache service (serialised once per evaluation, stale-while-revalidate) with
  // an ETag, so a revisit of a large roll-up (an organisation of 10,000 models) costs a 304.
  router.get('/scorecards/teams/:namespace/:name', async (req, res) => {
    await read(req);
    const q = teamQuerySchema.parse(req.query);
    const { etag, body } = await service.teamScorecardBody(
      ref('group', req),
      q.includeDescendants,
      q.includeModels,
    );
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'private, no-cache');
    if (ifNoneMatchHits(req.header('if-none-match'), etag)) {
      res.status(304).end();
      return;
    }
    (res as unknown as Response).type('application/json').send(body);
  });

  // The team's models for a table of any size (an organisation of 10,000): sorted, filtered and
  // paged on the server, next to the roll-up without its model rows (includeModels=false).
  router.get('/scorecards/teams/:namespace/:name/models', async (req, res) => {
    await read(req);
    const q = teamModelsQuerySchema.parse(req.query);
    res.json(await service.teamModels(ref('group', req), q));
  });

  router.get('/scorecards/teams/:namespace/:name/history', async (req, res) => {
    await read(req);
    const q = historyQuerySchema.parse(req.query);
    res.json(await service.teamHistory(ref('group', req), q));
  });

  router.get('/scorecards/catalog', async (req, res) => {
    await read(req);
    const q = catalogQuerySchema.parse(req.query);
    res.json(await service.catalog(q));
  });

  router.get('/scorecards/snapshots', async (req, res) => {
    await read(req);
    res.json({ items: await service.listBatches(50) });
  });

  router.post('/scorecards/snapshots', async (req, res) => {
    await authorize(req, modelopsScorecardSnapshotPermission);
    res.status(201).json(await service.snapshot('manual'));
  });

  router.get('/scorecards/exemptions', async (req, res) => {
    await read(req);
    const q = exemptionsQuerySchema.parse(req.query);
    res.json(await service.pageExemptions(q));
  });

  router.post('/scorecards/exemptions', async (req, res) => {
    const caller = await authorize(req, modelopsScorecardExemptionPermission);
    const body = createExemptionBodySchema.parse(req.body ?? {});
    const created = await audited(
      auditor,
      {
        eventId: 'scorecard-exemption',
        request: req,
        meta: {
          actionType: 'request',
          entityRef: body.entityRef,
          checkId: body.checkId,
        },
      },
      () => service.requestExemption(body, caller),
      exemptionMeta,
    );
    res.status(201).json(created);
  });

  // Approve and revoke: the service decides who may (approver groups; the requester may withdraw).
  const exemptionAction =
    (
      actionType: 'approve' | 'revoke',
      act: (id: string, caller: Caller) => Promise<ScorecardExemptionView>,
    ) =>
    async (req: AnyRequest) => {
      const caller = await authorize(req, modelopsScorecardExemptionPermission);
      exemptionActionBodySchema.parse(req.body ?? {});
      return audited(
        auditor,
        {
          eventId: 'scorecard-exemption',
          request: req,
          meta: { actionType, exemptionId: req.params.id },
        },
        () => act(req.params.id, caller),
        exemptionMeta,
      );
    };
  const approve = exemptionAction('approve', (id, caller) =>
    service.approveExemption(id, caller),
  );
  const revoke = exemptionAction('revoke', (id, caller) =>
    service.revokeExemption(id, caller),
  );
  router.post('/scorecards/exemptions/:id/approve', async (req, res) => {
    res.json(await approve(req));
  });
  router.post('/scorecards/exemptions/:id/revoke', async (req, res) => {
    res.json(await revoke(req));
  });
}
