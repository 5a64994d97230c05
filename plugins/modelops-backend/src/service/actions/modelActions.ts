import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  DriftRun,
  explainScorecardLevel,
  isHttpUrl,
  isModelEntity,
  MODEL_RISK_TIERS,
  MODEL_VERSION_STAGES,
  ModelEntity,
  modelopsApprovalReadPermission,
  modelopsDriftReadPermission,
  modelopsScorecardReadPermission,
  productionStatus,
  productionVersion,
  RELATION_DERIVED_FROM,
  RELATION_HAS_DERIVATIVE,
  RELATION_SERVED_BY,
  RELATION_TRAINED_ON,
} from '@modelops/plugin-modelops-common';
import { z } from 'zod';
import { modelRefSchema } from '../modelRefSchema';
import { documentedInput, parseActionInput } from './actionInput';
import {
  type Zv3,
  ModelopsActionsDeps,
  modelForCaller,
  permitted,
} from './actionDeps';

/*
 * Read-only actions over models: find, describe, explain the scorecard level. Each reads the
 * catalog with the caller's credentials and checks the plugin's permissions per section: a section
 * the caller may not read is left out and named in `withheld`, never silently empty.
 */

/** The drift status of a model from its newest run, as agents filter and read it. */
export const DRIFT_STATUSES = [
  'drifting',
  'acknowledged',
  'stable',
  'no-runs',
] as const;
export type DriftStatus = (typeof DRIFT_STATUSES)[number];

export function driftStatusOf(
  lastRun: Pick<DriftRun, 'datasetDrift' | 'acknowledgement'> | null,
): DriftStatus {
  if (!lastRun) return 'no-runs';
  if (!lastRun.datasetDrift) return 'stable';
  return lastRun.acknowledgement ? 'acknowledged' : 'drifting';
}

const FIND_MAX_LIMIT = 100;
/** Catalog entities read per page while filtering, and at most in all. */
const FIND_PAGE = 500;
const FIND_MAX_SCAN = 10_000;

const findInputSchema = z.strictObject({
  owner: z
    .string({
      error: 'must be a group entity ref such as group:default/credit-risk-ds',
    })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(255, { error: 'must be at most 255 characters' })
    .transform((v, ctx) => {
      try {
        const ref = parseEntityRef(v, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        });
        return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: 'must be an entity ref such as group:default/credit-risk-ds',
        });
        return z.NEVER;
      }
    })
    .optional(),
  riskTier: z
    .enum([...MODEL_RISK_TIERS, 'unclassified'], {
      error: `must be one of ${[...MODEL_RISK_TIERS, 'unclassified'].join(
        ', ',
      )}`,
    })
    .optional(),
  stage: z
    .enum(MODEL_VERSION_STAGES, {
      error: `must be one of ${MODEL_VERSION_STAGES.join(', ')}`,
    })
    .optional(),
  driftStatus: z
    .enum(DRIFT_STATUSES, {
      error: `must be one of ${DRIFT_STATUSES.join(', ')}`,
    })
    .optional(),
  text: z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(200, { error: 'must be at most 200 characters' })
    .optional(),
  limit: z
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(FIND_MAX_LIMIT, { error: `must be at most ${FIND_MAX_LIMIT}` })
    .default(25),
});

const modelRefInputSchema = z.strictObject({ modelRef: modelRefSchema });

const explainInputSchema = z.strictObject({
  modelRef: modelRefSchema,
  scorecard: z
    .string({ error: 'must be a scorecard id such as production-readiness' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(100, { error: 'must be at most 100 characters' })
    .optional(),
});

const refOf = (e: Entity) => stringifyEntityRef(e).toLocaleLowerCase('en-US');

function versionsOf(entity: ModelEntity) {
  return (entity.spec.versions ?? []).map(v => ({
    version: v.version,
    stage: v.stage,
    ...(v.createdAt ? { createdAt: v.createdAt } : {}),
    ...(v.metrics ? { metrics: v.metrics } : {}),
  }));
}

function relationTargets(entity: ModelEntity, type: string): string[] {
  return (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef);
}

/** Registers modelops:find-models, modelops:describe-model and modelops:explain-level. */
export function registerModelActions(
  registry: ActionsRegistryService,
  deps: ModelopsActionsDeps,
): void {
  registry.register({
    name: 'find-models',
    title: 'Find models',
    description:
      'Lists Model entities of the catalog visible to the calling user, filtered by owner (group ref), ' +
      'risk tier (low, medium, high, unclassified), stage (a version in that stage: development, staging, ' +
      'production, archived), drift status (drifting, acknowledged, stable, no-runs) and a text search of ' +
      'name, title and description. Returns each model ref with its owner, risk tier, versions and drift ' +
      'status (drift status needs the modelops.drift.read permission).',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: zv3 =>
        documentedInput(
          zv3.object({
            owner: zv3
              .string()
              .describe(
                'Owning group entity ref, e.g. group:default/credit-risk-ds',
              )
              .optional(),
            riskTier: zv3
              .enum([...MODEL_RISK_TIERS, 'unclassified'])
              .describe('spec.riskTier; unclassified = not assessed')
              .optional(),
            stage: zv3
              .enum(MODEL_VERSION_STAGES)
              .describe('Only models with a version in this stage')
              .optional(),
            driftStatus: zv3
              .enum(DRIFT_STATUSES)
              .describe(
                'From the newest drift run: drifting (unacknowledged drift), acknowledged, stable, no-runs',
              )
              .optional(),
            text: zv3
              .string()
              .describe('Words to search in name, title and description')
              .optional(),
            limit: zv3
              .number()
              .int()
              .min(1)
              .max(FIND_MAX_LIMIT)
              .describe('At most this many models (default 25)')
              .optional(),
          }),
        ),
      output: zv3 =>
        zv3.object({
          items: zv3.array(
            zv3.object({
              ref: zv3.string(),
              title: zv3.string(),
              owner: zv3.string().nullable(),
              riskTier: zv3.string(),
              type: zv3.string(),
              lifecycle: zv3.string(),
              productionVersion: zv3.string().nullable(),
              versions: zv3.array(
                zv3.object({ version: zv3.string(), stage: zv3.string() }),
              ),
              driftStatus: zv3.enum(DRIFT_STATUSES).optional(),
            }),
          ),
          more: zv3
            .boolean()
            .describe('More models match; narrow the filters or raise limit'),
          withheld: zv3.array(zv3.string()),
        }),
    },
    action: async ({ input, credentials }) => {
      const query = parseActionInput(findInputSchema, input);
      const [driftAllowed] = await permitted(deps, credentials, [
        modelopsDriftReadPermission,
      ]);
      if (query.driftStatus && !driftAllowed) {
        throw new NotAllowedError(
          `missing permission ${modelopsDriftReadPermission.name} (needed to filter by driftStatus)`,
        );
      }
      const statuses = new Map<string, DriftStatus>();
      if (driftAllowed) {
        for (const s of await deps.drift.latestStatusAll()) {
          statuses.set(
            s.entityRef.toLocaleLowerCase('en-US'),
            driftStatusOf(s.lastRun),
          );
        }
      }
      const filter: Record<string, string> = { kind: 'model' };
      if (query.owner) filter['relations.ownedBy'] = query.owner;
      if (query.riskTier && query.riskTier !== 'unclassified')
        filter['spec.riskTier'] = query.riskTier;

      // The catalog's text filter takes one term (a substring of a field): the longest word; the
      // other words are matched here, on the same fields (as the Models page does).
      const words = (query.text ?? '')
        .toLocaleLowerCase('en-US')
        .split(/\s+/)
        .filter(Boolean);
      const longest = words.reduce(
        (best, word) => (word.length > best.length ? word : best),
        '',
      );
      const otherWords = words.filter(word => !longest.includes(word));

      const items = [];
      let more = false;
      let cursor: string | undefined;
      let scanned = 0;
      for (;;) {
        const page = await deps.catalog.queryEntities(
          cursor
            ? { cursor, limit: FIND_PAGE }
            : {
                filter,
                limit: FIND_PAGE,
                orderFields: { field: 'metadata.name', order: 'asc' },
                ...(longest
                  ? {
                      fullTextFilter: {
                        term: longest,
                        fields: [
                          'metadata.name',
                          'metadata.title',
                          'metadata.description',
                        ],
                      },
                    }
                  : {}),
              },
          { credentials },
        );
        for (const entity of page.items) {
          scanned += 1;
          if (!isModelEntity(entity)) continue;
          const ref = refOf(entity);
          const searchable = [
            entity.metadata.name,
            entity.metadata.title ?? '',
            entity.metadata.description ?? '',
          ]
            .join(' ')
            .toLocaleLowerCase('en-US');
          if (otherWords.some(word => !searchable.includes(word))) continue;
          const tier = entity.spec.riskTier ?? 'unclassified';
          if (query.riskTier && tier !== query.riskTier) continue;
          const versions = (entity.spec.versions ?? []).map(v => ({
            version: v.version,
            stage: v.stage,
          }));
          if (query.stage && !versions.some(v => v.stage === query.stage))
            continue;
          const driftStatus = driftAllowed
            ? statuses.get(ref) ?? 'no-runs'
            : undefined;
          if (query.driftStatus && driftStatus !== query.driftStatus) continue;
          if (items.length === query.limit) {
            more = true;
            break;
          }
          items.push({
            ref,
            title: entity.metadata.title ?? entity.metadata.name,
            owner:
              relationTargets(entity, 'ownedBy')[0] ??
              entity.spec.owner ??
              null,
            riskTier: tier,
            type: entity.spec.type,
            lifecycle: entity.spec.lifecycle,
            productionVersion: productionVersion(entity)?.version ?? null,
            versions,
            ...(driftStatus ? { driftStatus } : {}),
          });
        }
        cursor = page.pageInfo.nextCursor;
        if (more || !cursor) break;
        if (scanned >= FIND_MAX_SCAN) {
          more = true;
          break;
        }
      }
      return {
        output: {
          items,
          more,
          withheld: driftAllowed
            ? []
            : [
                `driftStatus: missing permission ${modelopsDriftReadPermission.name}`,
              ],
        },
      };
    },
  });

  registry.register({
    name: 'describe-model',
    title: 'Describe a model',
    description:
      'Everything about one Model: its card (type, owner, risk tier, EU AI Act category, intended use, ' +
      'limitations, versions with metrics), lineage (training data, serving components, parent and derived ' +
      'models, dependencies), the production version and whether its promotion was approved, the level on ' +
      'each scorecard with the failing checks and how to fix them, and the latest drift verdicts. Sections ' +
      'the calling user may not read are listed in withheld.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: zv3 =>
        documentedInput(
          zv3.object({
            modelRef: zv3
              .string()
              .describe(
                'Model entity ref, e.g. model:default/credit-default-scorer (or default/name, or name)',
              ),
          }),
        ),
      output: zv3 => describeOutputSchema(zv3),
    },
    action: async ({ input, credentials }) => {
      const { modelRef } = parseActionInput(modelRefInputSchema, input);
      return { output: await describeModel(deps, credentials, modelRef) };
    },
  });

  registry.register({
    name: 'explain-level',
    title: 'Explain why a model is not at the next level',
    description:
      'For each scorecard (or the one named), the level the model holds, the next level, and every check ' +
      'that keeps it from the next level: failing checks (blocking ones first) with their evidence and how ' +
      'to fix them, and checks that could not be evaluated. Needs modelops.scorecard.read.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: zv3 =>
        documentedInput(
          zv3.object({
            modelRef: zv3
              .string()
              .describe(
                'Model entity ref, e.g. model:default/credit-default-scorer',
              ),
            scorecard: zv3
              .string()
              .describe(
                'Scorecard id (production-readiness or maturity); all scorecards when absent',
              )
              .optional(),
          }),
        ),
      output: zv3 =>
        zv3.object({
          modelRef: zv3.string(),
          explanations: zv3.array(levelExplanationSchema(zv3)),
        }),
    },
    action: async ({ input, credentials }) => {
      const query = parseActionInput(explainInputSchema, input);
      const [allowed] = await permitted(deps, credentials, [
        modelopsScorecardReadPermission,
      ]);
      if (!allowed)
        throw new NotAllowedError(
          `missing permission ${modelopsScorecardReadPermission.name}`,
        );
      const model = await modelForCaller(deps, credentials, query.modelRef);
      const modelRef = refOf(model);
      const result = await deps.scorecards.evaluateModel(modelRef);
      const cards = query.scorecard
        ? result.scorecards.filter(s => s.scorecard === query.scorecard)
        : result.scorecards;
      if (query.scorecard && cards.length === 0) {
        throw new InputError(
          `scorecard: no scorecard "${
            query.scorecard
          }"; known: ${result.scorecards.map(s => s.scorecard).join(', ')}`,
        );
      }
      return {
        output: { modelRef, explanations: cards.map(explainScorecardLevel) },
      };
    },
  });
}

function levelExplanationSchema(zv3: Zv3) {
  return zv3.object({
    scorecard: zv3.string(),
    title: zv3.string(),
    level: zv3.number(),
    levelName: zv3.string(),
    maxLevel: zv3.number(),
    blocked: zv3.boolean(),
    next: zv3.object({ level: zv3.number(), name: zv3.string() }).nullable(),
    blockers: zv3.array(
      zv3.object({
        checkId: zv3.string(),
        title: zv3.string(),
        level: zv3.number(),
        status: zv3.enum(['fail', 'not-evaluated']),
        blocking: zv3.boolean(),
        evidence: zv3.array(zv3.string()),
        howToFix: zv3.string(),
      }),
    ),
    waived: zv3.array(
      zv3.object({
        checkId: zv3.string(),
        title: zv3.string(),
        expiresAt: zv3.string().optional(),
      }),
    ),
    summary: zv3.string(),
  });
}

function describeOutputSchema(zv3: Zv3) {
  return zv3.object({
    ref: zv3.string(),
    title: zv3.string(),
    description: zv3.string().nullable(),
    card: zv3.object({
      type: zv3.string(),
      lifecycle: zv3.string(),
      owner: zv3.string(),
      system: zv3.string().nullable(),
      framework: zv3.string().nullable(),
      riskTier: zv3.string(),
      euAiActCategory: zv3.string().nullable(),
      intendedUse: zv3.string().nullable(),
      limitations: zv3.string().nullable(),
      versions: zv3.array(
        zv3.object({
          version: zv3.string(),
          stage: zv3.string(),
          createdAt: zv3.string().optional(),
          metrics: zv3.record(zv3.number()).optional(),
        }),
      ),
      links: zv3.array(
        zv3.object({ url: zv3.string(), title: zv3.string().optional() }),
      ),
    }),
    lineage: zv3.object({
      trainedOn: zv3.array(zv3.string()),
      servedBy: zv3.array(zv3.string()),
      derivedFrom: zv3.array(zv3.string()),
      hasDerivative: zv3.array(zv3.string()),
      dependsOn: zv3.array(zv3.string()),
      partOf: zv3.array(zv3.string()),
    }),
    production: zv3
      .object({
        status: zv3.enum(['approved', 'unverified', 'none']),
        version: zv3.string().nullable(),
        declaredVersion: zv3.string().nullable(),
        approved: zv3.boolean(),
        approvedAt: zv3.string().nullable(),
        approvedRequestId: zv3.string().nullable(),
        declarationOutdated: zv3.boolean(),
        summary: zv3.string(),
      })
      .optional(),
    scorecards: zv3.array(levelExplanationSchema(zv3)).optional(),
    drift: zv3
      .object({
        status: zv3.enum(DRIFT_STATUSES),
        hasReference: zv3.boolean(),
        latestRuns: zv3.array(
          zv3.object({
            runId: zv3.string(),
            windowEnd: zv3.string(),
            modelVersion: zv3.string().nullable(),
            datasetDrift: zv3.boolean(),
            driftShare: zv3.number(),
            driftedCount: zv3.number(),
            featureCount: zv3.number(),
            acknowledged: zv3.boolean(),
          }),
        ),
        driftedFeatures: zv3.array(
          zv3.object({
            name: zv3.string(),
            method: zv3.string(),
            value: zv3.number().nullable(),
            threshold: zv3.number().nullable(),
          }),
        ),
      })
      .optional(),
    withheld: zv3.array(zv3.string()),
  });
}

/** Latest drift runs shown by describe-model. */
const DESCRIBE_RUNS = 5;

/** The describe-model output: each section only when the caller may read it. */
export async function describeModel(
  deps: ModelopsActionsDeps,
  credentials: Parameters<typeof modelForCaller>[1],
  modelRef: string,
) {
  const model = await modelForCaller(deps, credentials, modelRef);
  const ref = refOf(model);
  const [approvalsAllowed, scorecardsAllowed, driftAllowed] = await permitted(
    deps,
    credentials,
    [
      modelopsApprovalReadPermission,
      modelopsScorecardReadPermission,
      modelopsDriftReadPermission,
    ],
  );
  const withheld: string[] = [];
  const spec = model.spec;

  let production;
  if (approvalsAllowed) {
    const promotions = await deps.approvals.listPromotions(ref);
    const status = productionStatus(
      model,
      promotions.map(p => ({
        version: p.modelVersion,
        toStage: p.toStage,
        promotedAt: p.createdAt,
        requestId: p.requestId,
      })),
    );
    production = {
      status: status.status,
      version: status.version ?? null,
      declaredVersion: status.declaredVersion ?? null,
      approved: status.status === 'approved',
      approvedAt: status.approved?.promotedAt ?? null,
      approvedRequestId: status.approved?.requestId ?? null,
      declarationOutdated: status.declarationOutdated,
      summary: status.summary,
    };
  } else {
    withheld.push(
      `production: missing permission ${modelopsApprovalReadPermission.name}`,
    );
  }

  let scorecards;
  if (scorecardsAllowed) {
    const result = await deps.scorecards.evaluateModel(ref);
    scorecards = result.scorecards.map(explainScorecardLevel);
  } else {
    withheld.push(
      `scorecards: missing permission ${modelopsScorecardReadPermission.name}`,
    );
  }

  let drift;
  if (driftAllowed) {
    const status = await deps.drift.status(ref);
    const runs = await deps.drift.listRuns(ref, { limit: DESCRIBE_RUNS });
    drift = {
      status: driftStatusOf(status.lastRun),
      hasReference: status.hasReference,
      latestRuns: runs.items.map(r => ({
        runId: r.runId,
        windowEnd: r.windowEnd,
        modelVersion: r.modelVersion,
        datasetDrift: r.datasetDrift,
        driftShare: r.driftShare,
        driftedCount: r.driftedCount,
        featureCount: r.featureCount,
        acknowledged: !!r.acknowledgement,
      })),
      driftedFeatures: (status.lastRun?.report?.features ?? [])
        .filter(f => f.drift)
        .map(f => ({
          name: f.name,
          method: f.method,
          value: f.value,
          threshold: f.threshold,
        })),
    };
  } else {
    withheld.push(
      `drift: missing permission ${modelopsDriftReadPermission.name}`,
    );
  }

  return {
    ref,
    title: model.metadata.title ?? model.metadata.name,
    description: model.metadata.description ?? null,
    card: {
      type: spec.type,
      lifecycle: spec.lifecycle,
      owner: relationTargets(model, 'ownedBy')[0] ?? spec.owner,
      system: relationTargets(model, 'partOf')[0] ?? spec.system ?? null,
      framework: spec.framework ?? null,
      riskTier: spec.riskTier ?? 'unclassified',
      euAiActCategory: spec.euAiActCategory ?? null,
      intendedUse: spec.intendedUse ?? null,
      limitations: spec.limitations ?? null,
      versions: versionsOf(model),
      // Only http(s) links: an agent may render them, and the catalog accepts javascript: or data:.
      links: (model.metadata.links ?? [])
        .filter(l => isHttpUrl(l.url))
        .map(l => ({
          url: l.url,
          ...(l.title ? { title: l.title } : {}),
        })),
    },
    lineage: {
      trainedOn: relationTargets(model, RELATION_TRAINED_ON),
      servedBy: relationTargets(model, RELATION_SERVED_BY),
      derivedFrom: relationTargets(model, RELATION_DERIVED_FROM),
      hasDerivative: relationTargets(model, RELATION_HAS_DERIVATIVE),
      dependsOn: relationTargets(model, 'dependsOn'),
      partOf: relationTargets(model, 'partOf'),
    },
    ...(production ? { production } : {}),
    ...(scorecards ? { scorecards } : {}),
    ...(drift ? { drift } : {}),
    withheld,
  };
}
