import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ApprovalRequest,
  buildEvidencePack,
  EvidencePack,
  EvidencePackInput,
  EvidenceRelatedEntity,
  EvidenceUnavailable,
  isModelEntity,
  ModelEntity,
} from '@modelops/plugin-modelops-common';
import { PAGE_MAX_LIMIT } from '../../database/pageCursors';
import type { ApprovalService } from '../approvals/ApprovalService';
import type { DriftService } from '../drift/DriftService';
import type { ScorecardService } from '../scorecards/ScorecardService';

/** What a section says when the caller lacks the permission to read it. */
const denied = async (permission: string): Promise<EvidenceUnavailable> => ({
  unavailable: `not included: you lack the permission ${permission}`,
});

/** Drift runs the pack shows (the newest). */
export const EVIDENCE_DRIFT_RUNS = 20;

const norm = (s: string) => s.toLocaleLowerCase('en-US');

/** What the caller may read besides the model and its approvals (checked by the router). */
export interface EvidenceAccess {
  scorecards: boolean;
  drift: boolean;
}

/**
 * Gathers what the portal knows about a model into an evidence pack (docs/evidence.md): the Model
 * and the entities it points at, read from the catalog with the caller's own credentials (so the
 * pack shows only what the caller may see), every approval request (all pages), the audit chain
 * verification, the scorecards with exemptions and the drift configuration and latest runs. A part
 * that cannot be read is printed as such instead of failing the pack.
 */
/** Errors whose message is shown in the pack: they say what is refused or missing, nothing internal. */
const SHOWN_ERRORS = new Set([
  'NotAllowedError',
  'NotFoundError',
  'InputError',
  'AuthenticationError',
]);

export class EvidenceService {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      approvals: ApprovalService;
      scorecards: ScorecardService;
      drift: DriftService;
      now?: () => Date;
      /** Where a part that could not be read is logged with its error (the pack only says it failed). */
      logger?: LoggerService;
    },
  ) {}

  /**
   * A part of the pack, or why it is missing. Refusals and not-found keep their message (they
   * name what is missing); any other error (a database error may quote SQL, values or a
   * connection) is logged and the pack says only that the part could not be read.
   */
  private async settle<T>(
    part: string,
    read: () => Promise<T>,
  ): Promise<T | EvidenceUnavailable> {
    try {
      return await read();
    } catch (e) {
      const name = e instanceof Error ? e.name : '';
      if (SHOWN_ERRORS.has(name)) return { unavailable: (e as Error).message };
      this.deps.logger?.warn(`evidence pack: reading ${part} failed: ${e}`);
      return {
        unavailable: `could not be read (server error; the backend log has the details)`,
      };
    }
  }

  /** The Model as the caller sees it, or a 404 naming the ref. */
  async getModel(
    modelRef: string,
    credentials: BackstageCredentials,
  ): Promise<ModelEntity> {
    const entity = await this.deps.catalog.getEntityByRef(modelRef, {
      credentials,
    });
    if (!entity || !isModelEntity(entity)) {
      throw new NotFoundError(
        `${modelRef} is not a Model in the catalog (or you may not read it); check the namespace and name`,
      );
    }
    return entity;
  }

  async build(options: {
    modelRef: string;
    credentials: BackstageCredentials;
    generatedBy: string;
    access: EvidenceAccess;
  }): Promise<EvidencePack> {
    const { credentials, access } = options;
    const model = await this.getModel(options.modelRef, credentials);
    const ref = norm(stringifyEntityRef(model));
    const { spec } = model;
    const [related, approvals, promotions, audit, scorecards, drift] =
      await Promise.all([
        this.related(
          [
            ...refsOf([spec.owner], 'group'),
            ...refsOf(spec.trainingData ?? [], 'resource'),
            ...refsOf(spec.servedBy ?? [], 'component'),
            ...refsOf(spec.derivedFrom ? [spec.derivedFrom] : [], 'model'),
          ],
          credentials,
        ),
        this.settle('approval requests', () => this.allRequests(ref)),
        this.settle('promotions', () =>
          this.deps.approvals.listPromotions(ref),
        ),
        this.settle('the audit chain', () => this.audit(ref)),
        access.scorecards
          ? this.settle('scorecards', async () => ({
              result: await this.deps.scorecards.evaluateModel(ref),
              exemptions: await this.deps.scorecards.listExemptions(ref),
            }))
          : denied('modelops.scorecard.read'),
        access.drift
          ? this.settle('drift monitoring', async () => ({
              references: await this.deps.drift.listReferences(ref),
              runs: (
                await this.deps.drift.listRuns(ref, {
                  limit: EVIDENCE_DRIFT_RUNS,
                  includeReport: false,
                })
              ).items,
              runLimit: EVIDENCE_DRIFT_RUNS,
            }))
          : denied('modelops.drift.read'),
      ]);
    const input: EvidencePackInput = {
      model,
      generatedAt: (this.deps.now?.() ?? new Date()).toISOString(),
      generatedBy: options.generatedBy,
      owner: related(spec.owner, 'group'),
      trainingData: (spec.trainingData ?? []).map(r => related(r, 'resource')),
      servedBy: (spec.servedBy ?? []).map(r => related(r, 'component')),
      derivedFrom: spec.derivedFrom
        ? related(spec.derivedFrom, 'model')
        : undefined,
      approvals,
      promotions,
      audit,
      scorecards,
      drift,
    };
    return buildEvidencePack(input);
  }

  /** Every approval request of the model, following `nextCursor` to the last page. */
  async allRequests(modelRef: string): Promise<ApprovalRequest[]> {
    const all: ApprovalRequest[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.approvals.listRequests({
        modelRef,
        limit: PAGE_MAX_LIMIT,
        cursor,
      });
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  private async audit(modelRef: string) {
    const [verification, head] = await Promise.all([
      this.deps.approvals.verifyAuditChain(),
      this.deps.approvals.auditHead(),
    ]);
    let modelEvents = 0;
    for await (const events of this.deps.approvals.auditEvents({ modelRef }))
      modelEvents += events.length;
    return { verification, head, modelEvents };
  }

  /**
   * Reads the entities the model points at in one catalog call, with the caller's credentials;
   * returns a lookup that says "not found" for what the caller cannot see.
   */
  private async related(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<(ref: string, defaultKind: string) => EvidenceRelatedEntity> {
    const found = new Map<string, Entity>();
    if (refs.length) {
      const { items } = await this.deps.catalog.getEntitiesByRefs(
        { entityRefs: refs },
        { credentials },
      );
      for (const e of items) if (e) found.set(norm(stringifyEntityRef(e)), e);
    }
    return (raw, defaultKind) => {
      const ref = refsOf([raw], defaultKind)[0] ?? raw;
      const entity = found.get(ref);
      if (!entity) return { ref, found: false };
      const s = (entity.spec ?? {}) as Record<string, unknown>;
      const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
      const profile = (s.profile ?? {}) as Record<string, unknown>;
      return {
        ref,
        found: true,
        kind: entity.kind,
        title: entity.metadata.title ?? str(profile.displayName),
        owner: str(s.owner),
        description: entity.metadata.description,
        lifecycle: str(s.lifecycle),
        type: str(s.type),
      };
    };
  }
}

/** Normalised refs (`kind:namespace/name`, lower case); unparseable ones are dropped. */
function refsOf(raw: Array<string | undefined>, defaultKind: string) {
  const out: string[] = [];
  for (const r of raw) {
    if (!r) continue;
    try {
      out.push(
        norm(
          stringifyEntityRef(
            parseEntityRef(r, { defaultKind, defaultNamespace: 'default' }),
          ),
        ),
      );
    } catch {
      // The catalog validated the model; a ref it accepted but we cannot parse is shown as is.
    }
  }
  return out;
}

/** A part of the pack, or what went wrong reading it. */
