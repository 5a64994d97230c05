import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, RELATION_MEMBER_OF, RELATION_OWNED_BY, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ApprovalPolicy,
  ApprovalRequest,
  Approver,
  approvalProgress,
  checkDecision,
  isModelEntity,
  ModelEntity,
  ModelVersionStage,
  openApproverGroups,
  selectApprovalPolicy,
} from '@modelops/plugin-modelops-common';
import { ApprovalStore, AuditActor } from '../../database/ApprovalStore';
import type { DriftNotifier } from '../drift/DriftService';
import type { CreateRequestBody } from './approvalSchemas';

/** What a viewer may do on a request (drives the approve/reject buttons). */
export interface ViewerStatus {
  canApprove: boolean;
  canReject: boolean;
  /** Why not, when neither is possible. */
  reason: string | null;
  isRequester: boolean;
}

const norm = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * The approval workflow around the store: resolves models, versions, owners and group membership in
 * the catalog (with the plugin's own service credentials), selects the policy from config, and
 * notifies approvers and requesters (best effort: a missing notifications backend is logged).
 */
export class ApprovalService {
  constructor(
    private readonly deps: {
      store: ApprovalStore;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      policies: ApprovalPolicy[];
      notifier?: DriftNotifier;
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
    const entity = await this.deps.catalog.getEntityByRef(modelRef, await this.credentials());
    if (!entity || !isModelEntity(entity)) {
      throw new NotFoundError(`${modelRef} is not a Model in the catalog; check the namespace and name`);
    }
    return entity;
  }

  /** The owning group of a model (from its ownedBy relation, or spec.owner). */
  static ownerOf(entity: Entity): string | null {
    const rel = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
    if (rel) return norm(rel.targetRef);
    const owner = (entity.spec as any)?.owner;
    if (typeof owner !== 'string') return null;
    return norm(owner.includes(':') ? (owner.includes('/') ? owner : owner.replace(':', ':default/')) : `group:default/${owner}`);
  }

  /** A user and their groups (direct memberships from the catalog's memberOf relations). */
  async approverOf(userRef: string): Promise<Approver> {
    return (await this.catalogUser(userRef)) ?? { userRef: norm(userRef), groupRefs: [] };
  }

  /**
   * The catalog User and their groups, or undefined for a signed-in identity without a User entity
   * (the example portal's guest `user:development/guest`): such a caller may read, not act.
   */
  async catalogUser(userRef: string): Promise<Approver | undefined> {
    const entity = await this.deps.catalog.getEntityByRef(userRef, await this.credentials());
    if (!entity || entity.kind.toLocaleLowerCase('en-US') !== 'user') return undefined;
    const groupRefs = (entity.relations ?? [])
      .filter(r => r.type === RELATION_MEMBER_OF)
      .map(r => norm(r.targetRef));
    return { userRef: norm(userRef), groupRefs };
  }

  /** The policy that applies to a version transition of a model (undefined when none). */
  policyFor(model: ModelEntity, toStage: ModelVersionStage): ApprovalPolicy | undefined {
    return selectApprovalPolicy(this.deps.policies, { riskTier: model.spec.riskTier ?? null, toStage });
  }

  async createRequest(body: CreateRequestBody, by: AuditActor): Promise<ApprovalRequest> {
    const model = await this.getModel(body.modelRef);
    const modelRef = norm(stringifyEntityRef(model));
    const version = (model.spec.versions ?? []).find(v => v.version === body.modelVersion);
    if (!version) {
      const known = (model.spec.versions ?? []).map(v => v.version);
      throw new InputError(
        `modelVersion: ${modelRef} has no version "${body.modelVersion}"${known.length ? ` (known: ${known.join(', ')})` : ''}; add it to spec.versions first`,
      );
    }
    if (version.stage === body.toStage) {
      throw new InputError(`toStage: version ${body.modelVersion} of ${modelRef} is already in ${body.toStage}`);
    }
    const policy = this.policyFor(model, body.toStage);
    if (!policy) {
      throw new InputError(
        `toStage: no approval policy applies to ${model.spec.riskTier ?? 'unclassified (treated as high)'} risk models moving to ${body.toStage}; add one under modelops.approvals.policies`,
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
        ownerRef: ApprovalService.ownerOf(model),
        riskTier: model.spec.riskTier ?? null,
        policyId: policy.id,
        requirements: policy.requirements,
        allowOwnerApproval: policy.allowOwnerApproval,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + policy.expiresAfterHours * 3_600_000).toISOString(),
      },
      by,
    );
    const title = model.metadata.title ?? model.metadata.name;
    await this.notify(openApproverGroups(request), {
      title: `Approval requested: ${title} ${request.modelVersion} → ${request.toStage}`,
      description: `${request.requester} asks for approval (policy ${request.policyId}): ${request.justification}`,
      link: this.link(model),
      severity: 'normal',
      topic: `modelops-approval-${request.id}`,
    });
    return request;
  }

  async decide(input: { requestId: string; userRef: string; decision: 'approve' | 'reject'; comment: string | null; client: string | null }) {
    const approver = await this.approverOf(input.userRef);
    const result = await this.deps.store.decide({ ...input, approver, now: this.now() });
    const { request } = result;
    if (request.state !== 'pending') {
      await this.notify([request.requester], {
        title: `Approval ${request.state}: ${request.modelRef} ${request.modelVersion} → ${request.toStage}`,
        description: `${input.userRef} ${input.decision === 'approve' ? 'approved' : 'rejected'}${input.comment ? `: ${input.comment}` : ''}`,
        severity: request.state === 'rejected' ? 'high' : 'normal',
        topic: `modelops-approval-${request.id}`,
      });
    }
    return result;
  }

  /** Whether this user may approve or reject now, and why not. */
  async viewerStatus(request: ApprovalRequest, userRef: string | undefined): Promise<ViewerStatus> {
    if (!userRef) return { canApprove: false, canReject: false, reason: 'only signed-in users decide', isRequester: false };
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

  /** Pending requests this user may decide on ("My approvals"). */
  async inbox(userRef: string): Promise<ApprovalRequest[]> {
    const approver = await this.approverOf(userRef);
    const pending = await this.deps.store.listRequests({ state: 'pending', limit: 1000 });
    const now = this.now();
    return pending.filter(r => checkDecision(r, approver, 'reject', now).allowed);
  }

  /** Request + per-role progress, as served by the API. */
  static present(request: ApprovalRequest) {
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

  async promote(requestId: string, by: AuditActor) {
    const request = await this.deps.store.getRequest(requestId);
    if (!request) throw new NotFoundError(`no approval request ${requestId}`);
    if (request.state !== 'approved') {
      throw new NotAllowedError(
        `request ${requestId} is ${request.state}: ${request.modelRef} ${request.modelVersion} can only move to ${request.toStage} through an approved request`,
      );
    }
    return this.deps.store.recordPromotion({ requestId, by, now: this.now() });
  }

  private link(model: Entity): string | undefined {
    const ns = model.metadata.namespace ?? 'default';
    return `/catalog/${ns}/model/${model.metadata.name}`;
  }

  private async notify(
    recipients: string[],
    payload: { title: string; description?: string; link?: string; severity?: 'critical' | 'high' | 'normal' | 'low'; topic?: string },
  ) {
    if (!this.deps.notifier || recipients.length === 0) return;
    try {
      await this.deps.notifier.send({ recipients: { type: 'entity', entityRef: recipients }, payload });
    } catch (e) {
      this.deps.logger.warn(`modelops approvals: could not send notification "${payload.title}" (is the notifications backend installed?): ${e}`);
    }
  }
}
