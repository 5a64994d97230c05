import { normalizeGroupRef, OWNER_PSEUDO_GROUP } from './approvalPolicy';
import type {
  ApprovalDecision,
  ApprovalDecisionValue,
  ApprovalRequest,
  ApprovalRequestState,
  ApprovalRequirement,
} from './ApprovalRequest';

/*
 * Segregation of duties, pure:
 * - the requester never decides on their own request;
 * - one person decides at most once per request, so one person never fills two required roles;
 * - an approver must be a member of a group of a role that still needs approvers; members of the
 *   model's owning group only when the policy allows it;
 * - roles are filled by a maximum bipartite matching of approvers to role slots, so a person who
 *   qualifies for two roles never blocks the request by taking the "wrong" one.
 */

/** Who is deciding: a user and the groups they are a member of (resolved from the catalog). */
export interface Approver {
  userRef: string;
  groupRefs: string[];
}

const norm = (ref: string) => ref.toLocaleLowerCase('en-US');

/** The groups of a requirement with `owner` replaced by the model's owning group. */
export function requirementGroups(
  requirement: ApprovalRequirement,
  ownerRef: string | null,
): string[] {
  return requirement.groups.flatMap(g => {
    if (g !== OWNER_PSEUDO_GROUP) return [normalizeGroupRef(g)];
    return ownerRef ? [norm(ownerRef)] : [];
  });
}

/** True when the approver is (a member of) the model's owner. */
export function isOwnerOfModel(
  request: Pick<ApprovalRequest, 'ownerRef'>,
  approver: Approver,
): boolean {
  if (!request.ownerRef) return false;
  const owner = norm(request.ownerRef);
  return (
    norm(approver.userRef) === owner ||
    approver.groupRefs.some(g => norm(g) === owner)
  );
}

/** Ids of the roles of the request this approver qualifies for (ignoring whether they are filled). */
export function eligibleRequirementIds(
  request: Pick<
    ApprovalRequest,
    'requirements' | 'ownerRef' | 'allowOwnerApproval'
  >,
  approver: Approver,
): string[] {
  const owner = isOwnerOfModel(request, approver);
  if (owner && !request.allowOwnerApproval) return [];
  const groups = new Set(approver.groupRefs.map(norm));
  return request.requirements
    .filter(r =>
      requirementGroups(r, request.ownerRef).some(g => groups.has(g)),
    )
    .map(r => r.id);
}

/** One approval that can count towards roles. */
export interface ApprovalCandidate {
  decider: string;
  eligibleRequirementIds: string[];
}

/**
 * Assigns approvers to role slots (each role has `count` slots; one person fills at most one slot)
 * maximizing filled slots (augmenting paths; requests have a handful of approvers). Returns
 * decider → requirement id for every assigned approver. Earlier approvers are placed first.
 */
export function assignApprovers(
  requirements: ApprovalRequirement[],
  candidates: ApprovalCandidate[],
): Map<string, string> {
  const slots: string[] = requirements.flatMap(r =>
    Array.from({ length: r.count }, () => r.id),
  );
  const slotOwner: (string | undefined)[] = new Array(slots.length).fill(
    undefined,
  );
  const eligible = new Map(
    candidates.map(c => [c.decider, new Set(c.eligibleRequirementIds)]),
  );

  const tryAssign = (decider: string, seen: Set<number>): boolean => {
    const roles = eligible.get(decider)!;
    for (let i = 0; i < slots.length; i++) {
      if (!roles.has(slots[i]) || seen.has(i)) continue;
      seen.add(i);
      if (slotOwner[i] === undefined || tryAssign(slotOwner[i]!, seen)) {
        slotOwner[i] = decider;
        return true;
      }
    }
    return false;
  };
  for (const c of candidates) tryAssign(c.decider, new Set());
  const result = new Map<string, string>();
  slotOwner.forEach((d, i) => {
    if (d !== undefined) result.set(d, slots[i]);
  });
  return result;
}

/** Per role: how many approvals it needs and who fills it now. */
export interface RequirementProgress {
  requirement: ApprovalRequirement;
  approvers: string[];
  missing: number;
}

/** Progress of each role, from the approvals recorded so far. */
export function approvalProgress(
  request: Pick<ApprovalRequest, 'requirements'>,
  decisions: ApprovalDecision[],
): RequirementProgress[] {
  const assignment = assignApprovers(
    request.requirements,
    decisions.filter(d => d.decision === 'approve'),
  );
  return request.requirements.map(requirement => {
    const approvers = [...assignment]
      .filter(([, r]) => r === requirement.id)
      .map(([d]) => d);
    return {
      requirement,
      approvers,
      missing: Math.max(0, requirement.count - approvers.length),
    };
  });
}

/** The state the decisions lead to: any rejection rejects; every slot filled approves. */
export function stateAfterDecisions(
  request: Pick<ApprovalRequest, 'requirements'>,
  decisions: ApprovalDecision[],
): ApprovalRequestState {
  if (decisions.some(d => d.decision === 'reject')) return 'rejected';
  return approvalProgress(request, decisions).every(p => p.missing === 0)
    ? 'approved'
    : 'pending';
}

/** Why a decision is refused. */
export type DecisionRefusal =
  | 'not-pending'
  | 'expired'
  | 'self-decision'
  | 'already-decided'
  | 'owner-not-allowed'
  | 'not-eligible'
  | 'roles-filled';

/** The outcome of {@link checkDecision}. */
export type DecisionCheck =
  | {
      allowed: true;
      requirementId: string | null;
      eligibleRequirementIds: string[];
      nextState: ApprovalRequestState;
    }
  | { allowed: false; reason: DecisionRefusal; message: string };

/**
 * Whether `approver` may record `decision` on `request` now, and with which effect. The request's
 * `decisions` must be complete (the store calls this inside the transaction that records it).
 */
export function checkDecision(
  request: ApprovalRequest,
  approver: Approver,
  decision: ApprovalDecisionValue,
  now: Date,
): DecisionCheck {
  const user = norm(approver.userRef);
  if (request.state !== 'pending') {
    return {
      allowed: false,
      reason: 'not-pending',
      message: `request ${request.id} is ${request.state}; only pending requests take decisions`,
    };
  }
  if (Date.parse(request.expiresAt) <= now.getTime()) {
    return {
      allowed: false,
      reason: 'expired',
      message: `request ${request.id} expired at ${request.expiresAt}`,
    };
  }
  if (norm(request.requester) === user) {
    return {
      allowed: false,
      reason: 'self-decision',
      message:
        'segregation of duties: the requester cannot decide on their own request',
    };
  }
  const previous = request.decisions.find(d => norm(d.decider) === user);
  if (previous) {
    return {
      allowed: false,
      reason: 'already-decided',
      message: `segregation of duties: ${approver.userRef} already decided (${previous.decision}) on this request; one person fills at most one role`,
    };
  }
  const eligible = eligibleRequirementIds(request, approver);
  if (eligible.length === 0) {
    if (isOwnerOfModel(request, approver) && !request.allowOwnerApproval) {
      return {
        allowed: false,
        reason: 'owner-not-allowed',
        message: `segregation of duties: members of the owning team (${request.ownerRef}) may not decide under policy ${request.policyId}`,
      };
    }
    const groups = request.requirements.flatMap(r =>
      requirementGroups(r, request.ownerRef),
    );
    return {
      allowed: false,
      reason: 'not-eligible',
      message: `${approver.userRef} is not a member of a required group (${[
        ...new Set(groups),
      ].join(', ')})`,
    };
  }
  const candidate: ApprovalDecision = {
    id: '(new)',
    requestId: request.id,
    decider: approver.userRef,
    decision,
    requirementId: null,
    eligibleRequirementIds: eligible,
    comment: null,
    createdAt: now.toISOString(),
  };
  const decisions = [...request.decisions, candidate];
  if (decision === 'reject') {
    return {
      allowed: true,
      requirementId: null,
      eligibleRequirementIds: eligible,
      nextState: 'rejected',
    };
  }
  const assignment = assignApprovers(
    request.requirements,
    decisions.filter(d => d.decision === 'approve'),
  );
  const requirementId = assignment.get(approver.userRef);
  if (!requirementId) {
    return {
      allowed: false,
      reason: 'roles-filled',
      message: `the roles ${approver.userRef} qualifies for (${eligible.join(
        ', ',
      )}) already have their approvals`,
    };
  }
  return {
    allowed: true,
    requirementId,
    eligibleRequirementIds: eligible,
    nextState: stateAfterDecisions(request, decisions),
  };
}

/** Groups whose members may still approve (roles with open slots), for notifications. */
export function openApproverGroups(request: ApprovalRequest): string[] {
  const groups = approvalProgress(request, request.decisions)
    .filter(p => p.missing > 0)
    .flatMap(p => requirementGroups(p.requirement, request.ownerRef));
  return [...new Set(groups)];
}
