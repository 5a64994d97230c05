import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult, BasicPermission, ResourcePermission } from '@backstage/plugin-permission-common';
import {
  auditEventsToCsv,
  modelopsApprovalAdminPermission,
  modelopsApprovalCreatePermission,
  modelopsApprovalDecidePermission,
  modelopsApprovalReadPermission,
  parseApprovalPolicies,
} from '@modelops/plugin-modelops-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { DatabaseApprovalStore } from '../../database/DatabaseApprovalStore';
import type { RouterOptions } from '../router';
import { approvalPermissionRules, approvalRequestResourceRef } from './approvalPermissionRules';
import {
  auditQuerySchema,
  cancelBodySchema,
  createRequestBodySchema,
  decisionBodySchema,
  listRequestsQuerySchema,
} from './approvalSchemas';
import { ApprovalService } from './ApprovalService';

/** The signed-in user behind a request, or undefined for service callers. */
function userOf(credentials: BackstageCredentials): string | undefined {
  const p = credentials.principal as { type?: string; userEntityRef?: string };
  return p.type === 'user' ? p.userEntityRef : undefined;
}

function actorOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as { type?: string; userEntityRef?: string; subject?: string };
  return p.userEntityRef ?? p.subject ?? 'unknown';
}

/** `x-modelops-client` (scaffolder, web, cli), else `api`; recorded in the audit trail. */
function clientOf(req: Request): string {
  const declared = req.header('x-modelops-client');
  return declared ? declared.slice(0, 100) : 'api';
}

/**
 * `/api/modelops/approvals`: governed stage transitions of model versions (requests, decisions,
 * promotions) and the hash-chained audit trail. See docs/approvals.md.
 */
export async function createApprovalsRouter(options: RouterOptions & { now?: () => Date }): Promise<express.Router> {
  const { config, httpAuth, permissions, logger } = options;
  const policies = parseApprovalPolicies(config.getOptional('modelops.approvals.policies'));
  const store = await DatabaseApprovalStore.create({ database: options.database });
  const service = new ApprovalService({
    store,
    catalog: options.catalog,
    auth: options.auth,
    logger,
    policies,
    notifier: options.notifier,
    now: options.now,
  });

  options.permissionsRegistry.addPermissions([
    modelopsApprovalCreatePermission,
    modelopsApprovalReadPermission,
    modelopsApprovalAdminPermission,
  ]);
  options.permissionsRegistry.addResourceType({
    resourceRef: approvalRequestResourceRef,
    permissions: [modelopsApprovalDecidePermission],
    rules: approvalPermissionRules,
    getResources: async ids => Promise.all(ids.map(id => store.getRequest(id))),
  });

  await options.scheduler.scheduleTask({
    id: 'modelops-approvals-expire',
    frequency: { minutes: 5 },
    timeout: { minutes: 2 },
    initialDelay: { seconds: 30 },
    fn: async () => {
      const expired = await store.expireDue(service.now());
      if (expired.length) logger.info(`modelops approvals: ${expired.length} request(s) expired`);
    },
  });

  const authorize = async (
    req: Request,
    permission: BasicPermission | ResourcePermission,
    resourceRef?: string,
  ): Promise<BackstageCredentials> => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [resourceRef ? { permission: permission as ResourcePermission, resourceRef } : { permission: permission as BasicPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`missing permission ${permission.name}`);
    }
    return credentials;
  };
  const requireUser = (credentials: BackstageCredentials, what: string) => {
    const user = userOf(credentials);
    if (!user) throw new NotAllowedError(`${what} must be done by a signed-in user (or on a user's behalf), not a service`);
    return user;
  };
  const isAdmin = async (credentials: BackstageCredentials) => {
    const [d] = await permissions.authorize([{ permission: modelopsApprovalAdminPermission }], { credentials });
    return d.result === AuthorizeResult.ALLOW;
  };
  const getRequest = async (id: string) => {
    const request = await store.getRequest(id);
    if (!request) throw new NotFoundError(`no approval request ${id}`);
    return request;
  };

  const router = Router();
  const json = express.json({ limit: '256kb' });

  router.get('/approvals/policies', async (req, res) => {
    await authorize(req, modelopsApprovalReadPermission);
    res.json({ items: service.policies });
  });

  router.get('/approvals/models/:namespace/:name/policy', async (req, res) => {
    await authorize(req, modelopsApprovalReadPermission);
    const model = await service.getModel(stringifyEntityRef({ kind: 'model', namespace: req.params.namespace, name: req.params.name }));
    const toStage = String(req.query.toStage ?? 'production') as any;
    const policy = service.policyFor(model, toStage);
    if (!policy) throw new NotFoundError(`no approval policy applies to ${stringifyEntityRef(model)} → ${toStage}`);
    res.json(policy);
  });

  router.post('/approvals/requests', json, async (req, res) => {
    const credentials = await authorize(req, modelopsApprovalCreatePermission);
    const user = requireUser(credentials, 'requesting an approval');
    const body = createRequestBodySchema.parse(req.body ?? {});
    const request = await service.createRequest(body, { actor: user, client: clientOf(req) });
    res.status(201).json(ApprovalService.present(request));
  });

  router.get('/approvals/requests', async (req, res) => {
    await authorize(req, modelopsApprovalReadPermission);
    const query = listRequestsQuerySchema.parse(req.query);
    const items = await store.listRequests(query);
    res.json({ items: items.map(ApprovalService.present) });
  });

  router.get('/approvals/inbox', async (req, res) => {
    const credentials = await authorize(req, modelopsApprovalReadPermission);
    const user = requireUser(credentials, 'listing your approvals');
    res.json({ items: (await service.inbox(user)).map(ApprovalService.present) });
  });

  router.get('/approvals/requests/:id', async (req, res) => {
    const credentials = await authorize(req, modelopsApprovalReadPermission);
    const request = await getRequest(req.params.id);
    res.json({ ...ApprovalService.present(request), viewer: await service.viewerStatus(request, userOf(credentials)) });
  });

  router.post('/approvals/requests/:id/decisions', json, async (req, res) => {
    const body = decisionBodySchema.parse(req.body ?? {});
    await getRequest(req.params.id);
    const credentials = await authorize(req, modelopsApprovalDecidePermission, req.params.id);
    const user = requireUser(credentials, 'deciding on a request');
    const { request, decision } = await service.decide({
      requestId: req.params.id,
      userRef: user,
      decision: body.decision,
      comment: body.comment || null,
      client: clientOf(req),
    });
    res.status(201).json({ decision, request: ApprovalService.present(request) });
  });

  router.post('/approvals/requests/:id/cancel', json, async (req, res) => {
    const body = cancelBodySchema.parse(req.body ?? {});
    const credentials = await authorize(req, modelopsApprovalReadPermission);
    const request = await getRequest(req.params.id);
    const user = userOf(credentials);
    const own = user && user.toLocaleLowerCase('en-US') === request.requester;
    if (!own && !(await isAdmin(credentials))) {
      throw new NotAllowedError('only the requester or an approvals admin can cancel a request');
    }
    const cancelled = await store.cancel({
      requestId: request.id,
      by: { actor: actorOf(credentials), client: clientOf(req) },
      comment: body.comment || null,
      now: service.now(),
    });
    res.json(ApprovalService.present(cancelled));
  });

  router.post('/approvals/requests/:id/promotion', json, async (req, res) => {
    const credentials = await authorize(req, modelopsApprovalCreatePermission);
    const user = requireUser(credentials, 'recording a promotion');
    const { promotion, created } = await service.promote(req.params.id, { actor: user, client: clientOf(req) });
    res.status(created ? 201 : 200).json({ created, promotion });
  });

  router.get('/approvals/models/:namespace/:name/promotions', async (req, res) => {
    await authorize(req, modelopsApprovalReadPermission);
    const ref = stringifyEntityRef({ kind: 'model', namespace: req.params.namespace, name: req.params.name });
    res.json({ items: await store.listPromotions(ref) });
  });

  router.get('/approvals/audit', async (req, res) => {
    await authorize(req, modelopsApprovalReadPermission);
    const query = auditQuerySchema.parse(req.query);
    const events = await store.listAuditEvents(query);
    if (query.format === 'csv') {
      res.type('text/csv').attachment('modelops-audit.csv').send(auditEventsToCsv(events));
      return;
    }
    res.json({ items: events });
  });

  router.get('/approvals/audit/verify', async (req, res) => {
    await authorize(req, modelopsApprovalReadPermission);
    res.json(await store.verifyAuditChain());
  });

  return router;
}
