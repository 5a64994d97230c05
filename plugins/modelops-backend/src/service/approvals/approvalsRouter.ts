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
import { actorOf, clientOf, onBehalfOfActor, parseGroupRefs, SCAFFOLDER_SUBJECT, userOf } from './callers';

const norm = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * `/api/modelops/approvals`: governed stage transitions of model versions (requests, decisions,
 * promotions) and the hash-chained audit trail. See docs/approvals.md.
 */
export async function createApprovalsRouter(options: RouterOptions & { now?: () => Date }): Promise<express.Router> {
  const { config, httpAuth, permissions, logger } = options;
  const policies = parseApprovalPolicies(config.getOptional('modelops.approvals.policies'));
  // Admin rights need the admin permission AND one of these groups: a permissive (allow-all)
  // policy grants every permission to everyone, so the permission alone cannot mean "admin".
  const adminGroups = parseGroupRefs(config.getOptionalStringArray('modelops.approvals.admins'), 'modelops.approvals.admins');
  if (adminGroups.length === 0) {
    logger.info('modelops approvals: no modelops.approvals.admins configured; only requesters can cancel their requests');
  }
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
  /** A signed-in catalog User (not the guest, not a service): writes are made by known people. */
  const requireCatalogUser = async (credentials: BackstageCredentials, what: string) => {
    const user = requireUser(credentials, what);
    if (!(await service.catalogUser(user))) {
      throw new NotAllowedError(`${what} needs a User in the catalog; ${user} is not one (sign in as a catalog user)`);
    }
    return user;
  };
  /**
   * An approvals admin: a signed-in user (a service never is) who is granted
   * `modelops.approval.admin` by the policy AND is a member of a group in `modelops.approvals.admins`.
   */
  const isAdmin = async (credentials: BackstageCredentials) => {
    const user = userOf(credentials);
    if (!user || adminGroups.length === 0) return false;
    const [d] = await permissions.authorize([{ permission: modelopsApprovalAdminPermission }], { credentials });
    if (d.result !== AuthorizeResult.ALLOW) return false;
    const member = await service.catalogUser(user);
    return !!member && member.groupRefs.some(g => adminGroups.includes(g));
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
    const user = await requireCatalogUser(credentials, 'requesting an approval');
    const body = createRequestBodySchema.parse(req.body ?? {});
    const request = await service.createRequest(body, { actor: user, client: clientOf(credentials) });
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
    // Permission before existence: a caller without it gets the same 403 for any id, so the
    // answer does not reveal which request ids exist.
    const credentials = await authorize(req, modelopsApprovalDecidePermission, req.params.id);
    const user = requireUser(credentials, 'deciding on a request');
    const body = decisionBodySchema.parse(req.body ?? {});
    await getRequest(req.params.id);
    const { request, decision } = await service.decide({
      requestId: req.params.id,
      userRef: user,
      decision: body.decision,
      comment: body.comment || null,
      client: clientOf(credentials),
    });
    res.status(201).json({ decision, request: ApprovalService.present(request) });
  });

  router.post('/approvals/requests/:id/cancel', json, async (req, res) => {
    const body = cancelBodySchema.parse(req.body ?? {});
    const credentials = await authorize(req, modelopsApprovalReadPermission);
    const request = await getRequest(req.params.id);
    const user = userOf(credentials);
    const own = !!user && user === norm(request.requester);
    if (!own && !(await isAdmin(credentials))) {
      throw new NotAllowedError(
        'only the requester or an approvals admin (modelops.approval.admin and a group in modelops.approvals.admins) can cancel a request',
      );
    }
    const cancelled = await store.cancel({
      requestId: request.id,
      by: { actor: actorOf(credentials), client: clientOf(credentials) },
      comment: body.comment || null,
      now: service.now(),
    });
    res.json(ApprovalService.present(cancelled));
  });

  router.post('/approvals/requests/:id/promotion', json, async (req, res) => {
    const credentials = await authorize(req, modelopsApprovalCreatePermission);
    const user = requireUser(credentials, 'recording a promotion');
    // The requester records the promotion through their scaffolder task (the template that asked
    // for approval), which calls on their behalf; anyone else needs to be an approvals admin.
    // Decided before the request is looked up, so other callers learn nothing about ids.
    const viaScaffolder = onBehalfOfActor(credentials) === SCAFFOLDER_SUBJECT;
    const admin = await isAdmin(credentials);
    const refusal =
      'a promotion is recorded by the requester\'s scaffolder task (modelops:model:promote) or by an approvals admin';
    if (!viaScaffolder && !admin) throw new NotAllowedError(refusal);
    const request = await getRequest(req.params.id);
    if (!admin && norm(request.requester) !== user) {
      throw new NotAllowedError(`${refusal}; ${user} did not request ${request.id}`);
    }
    const { promotion, created } = await service.promote(req.params.id, { actor: user, client: clientOf(credentials) });
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

  // The chain head ({seq, hash}): what an external job publishes (a log store, a WORM bucket) so a
  // later rewrite of the whole chain from some point on is detectable (docs/security.md).
  router.get('/approvals/audit/head', async (req, res) => {
    await authorize(req, modelopsApprovalReadPermission);
    res.json(await store.auditHead());
  });

  return router;
}
