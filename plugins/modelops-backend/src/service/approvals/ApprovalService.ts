import {
  AuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ApprovalPolicy,
  ApprovalRequest,
  ApprovalRequestView,
  ApprovalViewerStatus,
  Approver,
  approvalProgress,
  AuditEvent,
  ItemsPage,
  checkDecision,
  isModelEntity,
  ListApprovalRequestsFilter,
  ListAuditEventsFilter,
  ModelEntity,
  modelopsApprovalAdminPermission,
  ModelScorecardResult,
  ModelVersionStage,
  openApproverGroups,
  ownerRefOf,
  PageQuery,
  selectApprovalPolicy,
} from '@modelops/plugin-modelops-common';
import { ApprovalStore, AuditActor } from '../../database/ApprovalStore';
import { requestCursor } from '../../database/DatabaseApprovalStore';
import { PAGE_DEFAULT_LIMIT } from '../../database/pageCursors';
import { Caller, SCAFFOLDER_SUBJECT } from '../callers';
import { VersionedResponseCache, versionedEtag } from '../conditionalResponses';
import type { ModelopsNotifier } from '../ModelopsNotifier';
import { type CreateRequestBody, REJECT_NEEDS_REASON } from './approvalSchemas';

const norm = (ref: string) => ref.toLocaleLowerCase('en-US');

/** Pending requests read per query while filtering the inbox. */
const INBOX_SCAN = 200;
/** Audit events read per query by the CSV export. */
const AUDIT_EXPORT_PAGE = 250;

/**
 * The approval workflow around the store: resolves models, versions, owners and group membership in
 * the catalog (with the plugin's own service credentials), selects the policy from config, decides
 * who may act (signed-in catalog users, requesters, approvals admins), and notifies approvers and
 * requesters (best effort: a missing notifications backend is logged).
 */
export class ApprovalService {
  constructor(
    private readonly deps: {
      store: ApprovalStore;
      catalog: CatalogService;
      auth: AuthService;
      permissions: PermissionsService;
      logger: LoggerService;
      policies: ApprovalPolicy[];
      /** `modelops.approvals.admins`: lower-cased group refs (empty: nobody is an admin). */
      adminGroups: string[];
      notifier?: ModelopsNotifier;
      /**
       * The model's scorecard results (the scorecards feature), for the policy's minimum readiness.
       * Absent: a policy with a minimum refuses every promotion, saying the scorecards are missing.
       */
      readiness?: (modelRef: string) => Promise<ModelScorecardResult>;
      /** Called after a promotion is recorded (the composition root drops cached scorecards). */
      onPromoted?: () => void | Promise<void>;
      appBaseUrl?: string;
      now?: () => Date;
    },
  ) {}

  get policies() {
    return this.deps.policies;
  }

  now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private async credentials() {
    return { credentials: await this.deps.auth.getOwnServiceCredentials() };
  }

  /** The Model entity, or a 404 naming the ref. */
  async getModel(modelRef: string): Promise<ModelEntity> {
    const entity = await this.deps.catalog.getEntityByRef(
      modelRef,
      await this.credentials(),
    );
    if (!entity || !isModelEntity(entity)) {
      throw new NotFoundError(
        `${modelRef} is not a Model in the catalog; check the namespace and name`,
      );
    }
    return entity;
  }

  /** The signed-in user behind a call (a service never is one), else a 403 saying what needs a user. */
  requireUser(caller: Caller, what: string): string {
    if (!caller.user)
      throw new NotAllowedError(
        `${what} must be done by a signed-in user (or on a user's behalf), not a service`,
      );
    return caller.user;
  }

  /** A signed-in catalog User (not the guest, not a service): writes are made by known people. */
  async requireCatalogUser(caller: Caller, what: string): Promise<string> {
    const user = this.requireUser(caller, what);
    if (!(await this.catalogUser(user))) {
      throw new NotAllowedError(
        `${what} needs a User in the catalog; ${user} is not one (sign in as a catalog user)`,
      );
    }
    return user;
  }

  /**
   * An approvals admin: a signed-in user (a service never is) who is granted
   * `modelops.approval.admin` by the policy AND is a member of a group in `modelops.approvals.admins`
   * (a permissive allow-all policy grants every permission, so the permission alone cannot mean admin).
   */
  async isAdmin(caller: Caller): Promise<boolean> {
    const { adminGroups } = this.deps;
    if (!caller.user || adminGroups.length === 0) return false;
    const [d] = await this.deps.permissions.authorize(
      [{ permission: modelopsApprovalAdminPermission }],
      { credentials: caller.credentials },
    );
    if (d.result !== AuthorizeResult.ALLOW) return false;
    const member = await this.catalogUser(caller.user);
    return !!member && member.groupRefs.some(g => adminGroups.includes(g));
  }

  /** A request, or a 404 naming its id. */
  async getRequest(id: string): Promise<ApprovalRequest> {
    const request = await this.deps.store.getRequest(id);
    if (!request) throw new NotFoundError(`no approval request ${id}`);
    return request;
  }

  listRequests(options: ListApprovalRequestsFilter) {
    return this.deps.store.listRequests(options);
  }

  /** Serialised pages of the request listing, by ETag (this process's copies; see below). */
  private readonly listPages = new VersionedResponseCache({
    namespace: 'approvals-list',
    ttlMs: 0,
    maxBodyChars: 0,
    localChars: 16_000_000,
  });

  /**
   * One page of the request listing as served: its ETag at once (one primary-key read of the audit
   * chain head) and the presented JSON body on demand. Every change to a request or its decisions
   * appends to the audit chain in the same transaction, so the head names the listing's version:
   * a page's ETag (head and query) changes whenever any request it could show changes, and a
   * body kept under it can never be stale. The head is read before the page, so a body holds data
   * at least as new as its tag. The listing does not depend on the caller (reading it is one
   * basic permission), so the bodies are shared by all callers, and, being named by the
   * database's version, need no invalidation across replicas.
   */
  async listRequestsPage(
    options: ListApprovalRequestsFilter,
  ): Promise<{ etag: string; body: () => Promise<string> }> {
    const head = await this.deps.store.auditHead();
    const etag = versionedEtag([
      'approvals-list-1',
      head.seq,
      head.hash,
      options.modelRef ? norm(options.modelRef) : '',
      options.modelVersion,
      options.state,
      options.requester ? norm(options.requester) : '',
      options.limit ?? PAGE_DEFAULT_LIMIT,
      options.cursor,
    ]);
    return {
      etag,
      body: () =>
        this.listPages.get(etag, async () => {
          const page = await this.deps.store.listRequests(options);
          return { ...page, items: page.items.map(ApprovalService.present) };
        }),
    };
  }

  listPromotions(modelRef: string) {
    return this.deps.store.listPromotions(modelRef);
  }

  /** The promotions of several models (normalised refs), newest first. */
  listPromotionsOf(modelRefs: string[]) {
    return this.deps.store.listPromotionsOf(modelRefs);
  }

  listAuditEvents(options: ListAuditEventsFilter) {
    return this.deps.store.listAuditEvents(options);
  }

  verifyAuditChain() {
    return this.deps.store.verifyAuditChain();
  }

  auditHead() {
    return this.deps.store.auditHead();
  }

  /** Marks pending requests past their expiry as expired (the scheduled task); returns how many. */
  async expireDue(): Promise<number> {
    const expired = await this.deps.store.expireDue(this.now());
    if (expired.length)
      this.deps.logger.info(
        `modelops approvals: ${expired.length} request(s) expired`,
      );
    return expired.length;
  }

  /** A user and their groups (direct memberships from the catalog's memberOf relations). */
  async approverOf(userRef: string): Promise<Approver> {
    return (
      (await this.catalogUser(userRef)) ?? {
        userRef: norm(userRef),
        groupRefs: [],
      }
    );
  }

  /**
   * The catalog User and their groups, or undefined for a signed-in identity without a User entity
   * (the example portal's guest `user:development/guest`): such a caller may read, not act.
   */
  async catalogUser(userRef: string): Promise<Approver | undefined> {
    const entity = await this.deps.catalog.getEntityByRef(
      userRef,
      await this.credentials(),
    );
    if (!entity || entity.kind.toLocaleLowerCase('en-US') !== 'user')
      return undefined;
    const groupRefs = (entity.relations ?? [])
      .filter(r => r.type === RELATION_MEMBER_OF)
      .map(r => norm(r.targetRef));
    return { userRef: norm(userRef), groupRefs };
  }

  /** The policy that applies to a version transition of a model (undefined when none). */
  policyFor(
    model: ModelEntity,
    toStage: ModelVersionStage,
  ): ApprovalPolicy | undefined {
    return selectApprovalPolicy(this.deps.policies, {
      riskTier: model.spec.riskTier ?? null,
      toStage,
    });
  }

  /** A new request by a signed-in catalog user; the policy is selected from the model's risk tier. */
  async createRequest(
    body: CreateRequestBody,
    caller: Caller,
  ): Promise<ApprovalRequest> {
    const user = await this.requireCatalogUser(
      caller,
      'requesting an approval',
    );
    const by: AuditActor = { actor: user, client: caller.client };
    const model = await this.getModel(body.modelRef);
    const modelRef = norm(stringifyEntityRef(model));
    const version = (model.spec.versions ?? []).find(
      v => v.version === body.modelVersion,
    );
    if (!version) {
      const known = (model.spec.versions ?? []).map(v => v.version);
      throw new InputError(
        `modelVersion: ${modelRef} has no version "${body.modelVersion}"${
          known.length ? ` (known: ${known.join(', ')})` : ''
        }; add it to spec.versions first`,
      );
    }
    if (version.stage === body.toStage) {
      throw new InputError(
        `toStage: version ${body.modelVersion} of ${modelRef} is already in ${body.toStage}`,
      );
    }
    const policy = this.policyFor(model, body.toStage);
    if (!policy) {
      throw new InputError(
        `toStage: no approval policy applies to ${
          model.spec.riskTier ?? 'unclassified (treated as high)'
        } risk models moving to ${
          body.toStage
        }; add one under modelops.approvals.policies`,
      );
    }
    const now = this.now();
    const request = await this.deps.store.createRequest(
      {
        modelRef,
        modelVersion: body.modelVersion,
        fromStage: version.stage,
        toStage: body.toStage,
        requester: by.actor,
        justification: body.justification,
        links: body.links ?? [],
        ownerRef: ownerRefOf(model) ?? null,
        riskTier: model.spec.riskTier ?? null,
        policyId: policy.id,
        requirements: policy.requirements,
        allowOwnerApproval: policy.allowOwnerApproval,
        createdAt: now.toISOString(),
        expiresAt: new Date(
          now.getTime() + policy.expiresAfterHours * 3_600_000,
        ).toISOString(),
      },
      by,
    );
    const title = model.metadata.title ?? model.metadata.name;
    await this.notify(await this.approversToNotify(request), {
      title: `Approval requested: ${title} ${request.modelVersion} → ${request.toStage}`,
      description: `${request.requester} asks for your approval (policy ${request.policyId}): ${request.justification}`,
      link: `/approvals/requests/${request.id}`,
      severity: 'normal',
      topic: `modelops-approval-${request.id}`,
    });
    return request;
  }

  /**
   * The people who may approve a request now: catalog Users who are direct members of a group of
   * a role that still needs approvals, minus whoever the segregation of duties refuses (the
   * requester, the owning team unless the policy allows it, people who already decided). Each is
   * notified by name, so the requester is never told to approve her own request.
   */
  async eligibleApprovers(request: ApprovalRequest): Promise<string[]> {
    const groups = openApproverGroups(request);
    if (groups.length === 0) return [];
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: { kind: 'user', 'relations.memberOf': groups },
        fields: ['kind', 'metadata.namespace', 'metadata.name', 'relations'],
      },
      await this.credentials(),
    );
    const now = this.now();
    const eligible = new Set<string>();
    for (const user of items) {
      const approver: Approver = {
        userRef: norm(stringifyEntityRef(user)),
        groupRefs: (user.relations ?? [])
          .filter(r => r.type === RELATION_MEMBER_OF)
          .map(r => norm(r.targetRef)),
      };
      if (checkDecision(request, approver, 'approve', now).allowed)
        eligible.add(approver.userRef);
    }
    return [...eligible].sort();
  }

  /** {@link eligibleApprovers}, or none (logged) when the catalog cannot answer. */
  private async approversToNotify(request: ApprovalRequest) {
    try {
      return await this.eligibleApprovers(request);
    } catch (e) {
      this.deps.logger.warn(
        `modelops approvals: could not list the approvers of request ${request.id} to notify them: ${e}`,
      );
      return [];
    }
  }

  /** A decision by a signed-in user; segregation of duties is checked by the store, in its transaction. */
  async decide(
    requestId: string,
    caller: Caller,
    body: { decision: 'approve' | 'reject'; comment?: string | null },
  ) {
    const userRef = this.requireUser(caller, 'deciding on a request');
    const comment = body.comment?.trim() || null;
    if (body.decision === 'reject' && !comment) {
      throw new InputError(`comment: ${REJECT_NEEDS_REASON}`);
    }
    await this.getRequest(requestId);
    const input = {
      requestId,
      userRef,
      decision: body.decision,
      comment,
      client: caller.client,
    };
    const approver = await this.approverOf(userRef);
    const result = await this.deps.store.decide({
      ...input,
      approver,
      now: this.now(),
    });
    const { request } = result;
    if (request.state !== 'pending') {
      await this.notify([request.requester], {
        title: `Approval ${request.state}: ${request.modelRef} ${request.modelVersion} → ${request.toStage}`,
        description: `${input.userRef} ${
          input.decision === 'approve' ? 'approved' : 'rejected'
        }${input.comment ? `: ${input.comment}` : ''}`,
        severity: request.state === 'rejected' ? 'high' : 'normal',
        link: `/approvals/requests/${request.id}`,
        topic: `modelops-approval-${request.id}`,
      });
    }
    return result;
  }

  /**
   * Cancels a pending request: its requester may, and so may an approvals admin; nobody else (a
   * 403 that names both). Recorded in the audit chain with the caller as actor.
   */
  async cancel(
    requestId: string,
    caller: Caller,
    comment: string | null,
  ): Promise<ApprovalRequest> {
    const request = await this.getRequest(requestId);
    const own = !!caller.user && caller.user === norm(request.requester);
    if (!own && !(await this.isAdmin(caller))) {
      throw new NotAllowedError(
        'only the requester or an approvals admin (modelops.approval.admin and a group in modelops.approvals.admins) can cancel a request',
      );
    }
    return this.deps.store.cancel({
      requestId: request.id,
      by: { actor: caller.actor, client: caller.client },
      comment,
      now: this.now(),
    });
  }

  /** Whether this user may approve or reject now, and why not. */
  async viewerStatus(
    request: ApprovalRequest,
    userRef: string | undefined,
  ): Promise<ApprovalViewerStatus> {
    if (!userRef)
      return {
        canApprove: false,
        canReject: false,
        reason: 'only signed-in users decide',
        isRequester: false,
      };
    const approver = await this.approverOf(userRef);
    const now = this.now();
    const approve = checkDecision(request, approver, 'approve', now);
    const reject = checkDecision(request, approver, 'reject', now);
    return {
      canApprove: approve.allowed,
      canReject: reject.allowed,
      reason: approve.allowed ? null : approve.message,
      isRequester: norm(request.requester) === norm(userRef),
    };
  }

  /**
   * A page of the pending requests this user may decide on ("My approvals"), newest first. The
   * pending requests are read in pages of {@link INBOX_SCAN} and filtered, until `limit` are found;
   * `nextCursor` continues after the last one returned (so a last page may be empty).
   */
  async inbox(
    caller: Caller,
    page: PageQuery = {},
  ): Promise<ItemsPage<ApprovalRequest>> {
    const approver = await this.approverOf(
      this.requireUser(caller, 'listing your approvals'),
    );
    const limit = page.limit ?? PAGE_DEFAULT_LIMIT;
    const now = this.now();
    const items: ApprovalRequest[] = [];
    let cursor = page.cursor;
    for (;;) {
      const scanned = await this.deps.store.listRequests({
        state: 'pending',
        limit: INBOX_SCAN,
        cursor,
      });
      for (const [i, r] of scanned.items.entries()) {
        if (!checkDecision(r, approver, 'reject', now).allowed) continue;
        items.push(r);
        if (items.length === limit) {
          const more = i < scanned.items.length - 1 || !!scanned.nextCursor;
          return more ? { items, nextCursor: requestCursor(r) } : { items };
        }
      }
      if (!scanned.nextCursor) return { items };
      cursor = scanned.nextCursor;
    }
  }

  /**
   * Every audit event matching `filter`, in chain order, read in pages (the CSV export): the
   * whole trail however long it is, without holding it in memory.
   */
  async *auditEvents(
    filter: Omit<ListAuditEventsFilter, 'limit' | 'format'>,
  ): AsyncGenerator<AuditEvent[]> {
    let cursor = filter.cursor;
    do {
      const page = await this.deps.store.listAuditEvents({
        ...filter,
        cursor,
        limit: AUDIT_EXPORT_PAGE,
      });
      if (page.items.length) yield page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }

  /** Request + per-role progress, as served by the API. */
  static present(request: ApprovalRequest): ApprovalRequestView {
    return {
      ...request,
      progress: approvalProgress(request, request.decisions).map(p => ({
        requirementId: p.requirement.id,
        title: p.requirement.title ?? p.requirement.id,
        groups: p.requirement.groups,
        count: p.requirement.count,
        approvers: p.approvers,
        missing: p.missing,
      })),
    };
  }

  /**
   * Records the promotion of an approved request. The requester records it through their scaffolder
   * task (the template that asked for approval), which calls on their behalf; anyone else needs to
   * be an approvals admin. Decided before the request is looked up, so other callers learn nothing
   * about which ids exist.
   */
  async promote(requestId: string, caller: Caller) {
    const user = this.requireUser(caller, 'recording a promotion');
    const viaScaffolder = caller.onBehalfOf === SCAFFOLDER_SUBJECT;
    const admin = await this.isAdmin(caller);
    const refusal =
      "a promotion is recorded by the requester's scaffolder task (modelops:model:promote) or by an approvals admin";
    if (!viaScaffolder && !admin) throw new NotAllowedError(refusal);
    const request = await this.getRequest(requestId);
    if (!admin && norm(request.requester) !== user) {
      throw new NotAllowedError(
        `${refusal}; ${user} did not request ${request.id}`,
      );
    }
    const by: AuditActor = { actor: user, client: caller.client };
    if (request.state !== 'approved') {
      throw new NotAllowedError(
        `request ${requestId} is ${request.state}: ${request.modelRef} ${request.modelVersion} can only move to ${request.toStage} through an approved request`,
      );
    }
    // Recorded already: answered as before (200), whatever the model's readiness is now.
    if (!request.promotedAt) await this.requireReadiness(request);
    const recorded = await this.deps.store.recordPromotion({
      requestId,
      by,
      now: this.now(),
    });
    // The readiness check above cached an evaluation without this promotion.
    if (recorded.created) await this.deps.onPromoted?.();
    return recorded;
  }

  /**
   * The policy whose minimum readiness applies to a request's promotion: the request's policy as
   * configured now (so a raised minimum applies to requests approved before), or, when that policy
   * is gone from config, the policy that now matches the request's risk tier and target stage.
   */
  promotionPolicy(request: ApprovalRequest): ApprovalPolicy | undefined {
    return (
      this.deps.policies.find(p => p.id === request.policyId) ??
      selectApprovalPolicy(this.deps.policies, {
        riskTier: request.riskTier,
        toStage: request.toStage,
      })
    );
  }

  /**
   * Refuses (409) a promotion of a model below the policy's minimum readiness, naming the level it
   * holds, the minimum, the policy and what to fix next. The requester never chooses this gate.
   */
  async requireReadiness(request: ApprovalRequest): Promise<void> {
    const policy = this.promotionPolicy(request);
    const minimum = policy?.minimumReadiness;
    if (!policy || !minimum) return;
    const wanted = `${minimum.scorecard} level ${minimum.level} (${minimum.levelName})`;
    if (!this.deps.readiness) {
      throw new ConflictError(
        `policy ${policy.id} requires ${wanted} for ${request.toStage}, but the scorecards are not available to check it`,
      );
    }
    const result = await this.deps.readiness(request.modelRef);
    const card = result.scorecards.find(s => s.scorecard === minimum.scorecard);
    if (card && card.level >= minimum.level) return;
    const held = card
      ? `level ${card.level} (${card.levelName})`
      : 'no level (scorecard not evaluated)';
    const fix =
      card?.next && card.next.failingChecks.length
        ? `; to reach ${card.next.name}, fix: ${card.next.failingChecks.join(
            ', ',
          )}`
        : '';
    throw new ConflictError(
      `${request.modelRef} holds ${minimum.scorecard} ${held}, below the minimum ${wanted} that policy ${policy.id} requires for ${request.toStage}${fix}; the request stays approved: record the promotion once the model meets it`,
    );
  }

  private async notify(
    recipients: string[],
    payload: {
      title: string;
      description?: string;
      link?: string;
      severity?: 'critical' | 'high' | 'normal' | 'low';
      topic?: string;
    },
  ) {
    if (!this.deps.notifier || recipients.length === 0) return;
    try {
      await this.deps.notifier.send({
        recipients: { type: 'entity', entityRef: recipients },
        payload,
      });
    } catch (e) {
      this.deps.logger.warn(
        `modelops approvals: could not send notification "${payload.title}" (is the notifications backend installed?): ${e}`,
      );
    }
  }
}
