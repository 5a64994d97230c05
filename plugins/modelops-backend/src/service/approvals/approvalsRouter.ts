import { AuditorService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { Response } from 'express';
import {
  auditEventsToCsv,
  modelopsApprovalCreatePermission,
  modelopsApprovalDecidePermission,
  modelopsApprovalReadPermission,
} from '@modelops/plugin-modelops-common';
import type { ModelopsApiRouter } from '../../schema/openapi/types';
import { audited } from '../audit';
import type { AnyRequest, Authorize } from '../authorize';
import { ifNoneMatchHits } from '../conditionalResponses';
import {
  auditQuerySchema,
  cancelBodySchema,
  createRequestBodySchema,
  decisionBodySchema,
  inboxQuerySchema,
  listRequestsQuerySchema,
  promotionsQuerySchema,
} from './approvalSchemas';
import { ApprovalService } from './ApprovalService';

/** The header line of the audit CSV (written once, before the first page's rows). */
const CSV_HEADER_LINE = /^[^\r\n]*\r\n/;

/**
 * `/api/modelops/approvals`: governed stage transitions of model versions (requests, decisions,
 * promotions) and the hash-chained audit trail. Parses, authorizes, calls the
 * {@link ApprovalService} (which decides who may act) and serialises. See docs/approvals.md.
 */
export function addApprovalsRoutes(
  router: ModelopsApiRouter,
  options: {
    service: ApprovalService;
    authorize: Authorize;
    auditor: AuditorService;
  },
): void {
  const { service, authorize, auditor } = options;
  const modelRef = (req: AnyRequest) =>
    stringifyEntityRef({
      kind: 'model',
      namespace: req.params.namespace,
      name: req.params.name,
    });

  router.get('/approvals/policies', async (req, res) => {
    await authorize(req, modelopsApprovalReadPermission);
    res.json({ items: service.policies });
  });

  router.get('/approvals/models/:namespace/:name/policy', async (req, res) => {
    await authorize(req, modelopsApprovalReadPermission);
    const model = await service.getModel(modelRef(req));
    const toStage = String(req.query.toStage ?? 'production') as any;
    const policy = service.policyFor(model, toStage);
    if (!policy)
      throw new NotFoundError(
        `no approval policy applies to ${stringifyEntityRef(
          model,
        )} → ${toStage}`,
      );
    res.json(policy);
  });

  router.post('/approvals/requests', async (req, res) => {
    const caller = await authorize(req, modelopsApprovalCreatePermission);
    const body = createRequestBodySchema.parse(req.body ?? {});
    const request = await audited(
      auditor,
      {
        eventId: 'approval-request',
        request: req,
        meta: {
          actionType: 'create',
          modelRef: body.modelRef,
          modelVersion: body.modelVersion,
          toStage: body.toStage,
        },
      },
      () => service.createRequest(body, caller),
      r => ({ requestId: r.id, policyId: r.policyId }),
    );
    res.status(201).json(ApprovalService.present(request));
  });

  // A page is named by the audit-chain head and the query: a revisit with If-None-Match costs one
  // primary-key read and a 304, and a page served before is sent from this process's copy.
  router.get('/approvals/requests', async (req, res) => {
    await authorize(req, modelopsApprovalReadPermission);
    const query = listRequestsQuerySchema.parse(req.query);
    const { etag, body } = await service.listRequestsPage(query);
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'private, no-cache');
    if (ifNoneMatchHits(req.header('if-none-match'), etag)) {
      res.status(304).end();
      return;
    }
    // Already serialised: sent as is, so the typed response (an object) is widened to a plain
    // express response here.
    (res as unknown as Response).type('application/json').send(await body());
  });

  router.get('/approvals/inbox', async (req, res) => {
    const caller = await authorize(req, modelopsApprovalReadPermission);
    const query = inboxQuerySchema.parse(req.query);
    const page = await service.inbox(caller, query);
    res.json({ ...page, items: page.items.map(ApprovalService.present) });
  });

  router.get('/approvals/requests/:id', async (req, res) => {
    const caller = await authorize(req, modelopsApprovalReadPermission);
    const request = await service.getRequest(req.params.id);
    res.json({
      ...ApprovalService.present(request),
      viewer: await service.viewerStatus(request, caller.user),
    });
  });

  router.post('/approvals/requests/:id/decisions', async (req, res) => {
    // Permission before existence: a caller without it gets the same 403 for any id, so the
    // answer does not reveal which request ids exist.
    const caller = await authorize(
      req,
      modelopsApprovalDecidePermission,
      req.params.id,
    );
    const body = decisionBodySchema.parse(req.body ?? {});
    const { request, decision } = await audited(
      auditor,
      {
        eventId: 'approval-decision',
        request: req,
        meta: { actionType: body.decision, requestId: req.params.id },
      },
      () => service.decide(req.params.id, caller, body),
      r => ({ decisionId: r.decision.id, state: r.request.state }),
    );
    res
      .status(201)
      .json({ decision, request: ApprovalService.present(request) });
  });

  router.post('/approvals/requests/:id/cancel', async (req, res) => {
    const body = cancelBodySchema.parse(req.body ?? {});
    const caller = await authorize(req, modelopsApprovalReadPermission);
    const cancelled = await audited(
      auditor,
      {
        eventId: 'approval-request',
        request: req,
        meta: { actionType: 'cancel', requestId: req.params.id },
      },
      () => service.cancel(req.params.id, caller, body.comment || null),
    );
    res.json(ApprovalService.present(cancelled));
  });

  router.post('/approvals/requests/:id/promotion', async (req, res) => {
    const caller = await authorize(req, modelopsApprovalCreatePermission);
    const { promotion, created } = await audited(
      auditor,
      {
        eventId: 'model-promotion',
        request: req,
        severityLevel: 'high',
        meta: { requestId: req.params.id },
      },
      () => service.promote(req.params.id, caller),
      r => ({
        promotionId: r.promotion.id,
        created: r.created,
        modelRef: r.promotion.modelRef,
        modelVersion: r.promotion.modelVersion,
        toStage: r.promotion.toStage,
      }),
    );
    res.status(created ? 201 : 200).json({ created, promotion });
  });

  router.get(
    '/approvals/models/:namespace/:name/promotions',
    async (req, res) => {
      await authorize(req, modelopsApprovalReadPermission);
      res.json({ items: await service.listPromotions(modelRef(req)) });
    },
  );

  // Several models at once: what the catalog module reads while it processes Model entities.
  router.get('/approvals/promotions', async (req, res) => {
    await authorize(req, modelopsApprovalReadPermission);
    const { modelRef: refs } = promotionsQuerySchema.parse(req.query);
    res.json({ items: await service.listPromotionsOf(refs) });
  });

  router.get('/approvals/audit', async (req, res) => {
    await authorize(req, modelopsApprovalReadPermission);
    const { format, limit, ...filter } = auditQuerySchema.parse(req.query);
    if (format === 'csv') {
      // The whole trail (matching the filters), written page by page: the first page is read
      // before the headers are sent, so a bad cursor is still a 400.
      const pages = service.auditEvents(filter);
      const first = await pages.next();
      res.type('text/csv').attachment('modelops-audit.csv');
      res.write(auditEventsToCsv(first.done ? [] : first.value));
      for await (const events of pages) {
        res.write(auditEventsToCsv(events).replace(CSV_HEADER_LINE, ''));
      }
      res.end();
      return;
    }
    res.json(await service.listAuditEvents({ ...filter, limit }));
  });

  router.get('/approvals/audit/verify', async (req, res) => {
    await authorize(req, modelopsApprovalReadPermission);
    res.json(await service.verifyAuditChain());
  });

  // The chain head ({seq, hash}): what an external job publishes (a log store, a WORM bucket) so a
  // later rewrite of the whole chain from some point on is detectable (docs/security.md).
  router.get('/approvals/audit/head', async (req, res) => {
    await authorize(req, modelopsApprovalReadPermission);
    res.json(await service.auditHead());
  });
}
