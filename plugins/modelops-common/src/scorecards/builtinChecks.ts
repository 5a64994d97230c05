import { parseEntityRef } from '@backstage/catalog-model';
import type { ModelRiskTier } from '../model';
import { productionVersion } from '../model/productionVersion';
import { productionStatus } from '../model/productionStatus';
import {
  addMonths,
  isInProduction,
  LAST_REVIEW_DATE_ANNOTATION,
  parseIsoDate,
  refsOf,
  specOf,
  TECHDOCS_REF_ANNOTATION,
  textOf,
  versionsOf,
} from './modelFacts';
import type { CheckOutcome, ScorecardCheck, ScorecardFacts } from './types';

/** Thresholds of the built-in checks (configurable under `modelops.scorecards.thresholds`). */
export interface BuiltinCheckOptions {
  /** Maximum months between periodic reviews, per risk tier. A model without a tier is treated as `high`. */
  reviewIntervalMonths: Record<ModelRiskTier, number>;
  /** Maximum age in days of the newest drift window of a production model. */
  driftMaxAgeDays: number;
  /** Minimum length of `spec.intendedUse` and `spec.limitations` to count as documented. */
  minDocumentationLength: number;
}

/** Defaults: reviews at least annually for high risk (SR 11-7), every 2 years for medium, 3 for low. */
export const DEFAULT_BUILTIN_CHECK_OPTIONS: BuiltinCheckOptions = {
  reviewIntervalMonths: { high: 12, medium: 24, low: 36 },
  driftMaxAgeDays: 14,
  minDocumentationLength: 40,
};

/** Ids of the built-in checks. */
export const BUILTIN_CHECK_IDS = {
  ownerIsGroup: 'owner-is-group',
  intendedUse: 'intended-use-documented',
  limitations: 'limitations-documented',
  riskTier: 'risk-tier-set',
  euAiAct: 'eu-ai-act-category',
  trainingData: 'training-data-lineage',
  serving: 'serving-lineage',
  versionEvidence: 'version-metrics-and-run',
  productionApproved: 'production-version-approved',
  driftConfigured: 'drift-monitoring-configured',
  driftRecent: 'drift-run-recent',
  driftAcknowledged: 'no-unacknowledged-drift',
  periodicReview: 'periodic-review-current',
  modelCard: 'model-card-present',
} as const;

const pass = (...evidence: string[]): CheckOutcome => ({
  status: 'pass',
  evidence,
});
const fail = (...evidence: string[]): CheckOutcome => ({
  status: 'fail',
  evidence,
});
const na = (...evidence: string[]): CheckOutcome => ({
  status: 'not-applicable',
  evidence,
});
/** The check concerns the model but a fact source it needs is absent (e.g. offline in the CLI). */
const notEvaluated = (...evidence: string[]): CheckOutcome => ({
  status: 'not-evaluated',
  evidence,
});
const quote = (s: string, max = 60) =>
  JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);

function documented(
  field: 'intendedUse' | 'limitations',
  facts: ScorecardFacts,
  min: number,
): CheckOutcome {
  const text = textOf(specOf(facts.entity)[field]);
  if (!text) return fail(`spec.${field} is missing`);
  if (text.length < min)
    return fail(
      `spec.${field} has ${
        text.length
      } characters (at least ${min} expected): ${quote(text)}`,
    );
  return pass(`spec.${field} has ${text.length} characters`);
}

function notInProduction(facts: ScorecardFacts): CheckOutcome | undefined {
  if (isInProduction(facts.entity)) return undefined;
  const lifecycle = textOf(specOf(facts.entity).lifecycle) ?? '(none)';
  return na(
    `spec.lifecycle = ${quote(lifecycle)} and no version is in production`,
  );
}

/**
 * The built-in checks. Each is pure: it reads the facts and returns pass, fail, not-applicable or
 * not-evaluated (a fact source it needs is absent) with the evidence it looked at.
 */
export function createBuiltinChecks(
  options: Partial<BuiltinCheckOptions> = {},
): ScorecardCheck[] {
  const opts: BuiltinCheckOptions = {
    ...DEFAULT_BUILTIN_CHECK_OPTIONS,
    ...options,
    reviewIntervalMonths: {
      ...DEFAULT_BUILTIN_CHECK_OPTIONS.reviewIntervalMonths,
      ...options.reviewIntervalMonths,
    },
  };
  const ids = BUILTIN_CHECK_IDS;
  const builtin = { origin: 'builtin' as const };

  return [
    {
      ...builtin,
      id: ids.ownerIsGroup,
      title: 'Owned by a team',
      description:
        'spec.owner resolves to a Group in the catalog, so a team (not one person) is accountable. SR 11-7 (Governance: roles and responsibilities, model owners); NIST AI RMF GOVERN 2.1 (roles and responsibilities documented); EU AI Act Art. 17(1)(m) (accountability framework).',
      citations: [
        'SR 11-7 Governance, Policies, and Controls',
        'NIST AI RMF GOVERN 2.1',
        'EU AI Act Art. 17(1)(m)',
      ],
      howToFix:
        'Set spec.owner to an existing Group (e.g. group:default/credit-risk-ds), not a user.',
      requires: ['catalog'],
      // Offline, a missing or user owner still fails; only the catalog lookup is left unproven.
      handlesMissingSources: true,
      evaluate(facts) {
        const raw = textOf(specOf(facts.entity).owner);
        if (!raw) return fail('spec.owner is missing');
        let kind: string;
        try {
          kind = parseEntityRef(raw, {
            defaultKind: 'group',
            defaultNamespace: 'default',
          }).kind.toLocaleLowerCase('en-US');
        } catch {
          return fail(`spec.owner = ${quote(raw)} is not an entity reference`);
        }
        if (kind !== 'group')
          return fail(`spec.owner = ${quote(raw)} is a ${kind}, not a Group`);
        if (!facts.catalog)
          return notEvaluated(
            `spec.owner = ${quote(
              raw,
            )}; needs catalog facts to resolve it, not available here`,
          );
        const { ref, kind: resolved } = facts.catalog.owner;
        if (resolved === null)
          return fail(`${ref} does not exist in the catalog`);
        if (resolved.toLocaleLowerCase('en-US') !== 'group')
          return fail(`${ref} resolves to a ${resolved}, not a Group`);
        return pass(`${ref} resolves to a Group`);
      },
    },
    {
      ...builtin,
      id: ids.intendedUse,
      title: 'Intended use documented',
      description:
        'spec.intendedUse states the purpose, users and context of use. EU AI Act Art. 13(3)(b)(i) (intended purpose in the instructions for use); NIST AI RMF MAP 1.1 (intended purposes documented); SR 11-7 (model documentation of purpose and use).',
      citations: [
        'EU AI Act Art. 13(3)(b)(i)',
        'NIST AI RMF MAP 1.1',
        'SR 11-7 Model Development, Implementation, and Use',
      ],
      howToFix: `Describe in spec.intendedUse who uses the model, for what decision, and where (at least ${opts.minDocumentationLength} characters).`,
      requires: [],
      evaluate: facts =>
        documented('intendedUse', facts, opts.minDocumentationLength),
    },
    {
      ...builtin,
      id: ids.limitations,
      title: 'Limitations documented',
      description:
        'spec.limitations names the known limits, out-of-scope uses and populations where the model is weaker. EU AI Act Art. 13(3)(b)(ii)-(iii) (known circumstances affecting accuracy, foreseeable misuse); NIST AI RMF MAP 2.2 (knowledge limits documented); SR 11-7 (limitations and assumptions).',
      citations: [
        'EU AI Act Art. 13(3)(b)(ii)-(iii)',
        'NIST AI RMF MAP 2.2',
        'SR 11-7 Model Development, Implementation, and Use',
      ],
      howToFix: `Write spec.limitations: known weaknesses, under-represented populations and out-of-scope uses (at least ${opts.minDocumentationLength} characters).`,
      requires: [],
      evaluate: facts =>
        documented('limitations', facts, opts.minDocumentationLength),
    },
    {
      ...builtin,
      id: ids.riskTier,
      title: 'Risk tier set',
      description:
        'spec.riskTier (low, medium, high) sets the rigour of validation and review. SR 11-7 (model risk rated by materiality to scale validation); NIST AI RMF MAP 1.5 and GOVERN 1.3 (risk tolerance and risk-based processes).',
      citations: [
        'SR 11-7 Model Validation',
        'NIST AI RMF MAP 1.5',
        'NIST AI RMF GOVERN 1.3',
      ],
      howToFix:
        'Set spec.riskTier to low, medium or high, as agreed with model risk management.',
      requires: [],
      evaluate(facts) {
        const tier = textOf(specOf(facts.entity).riskTier);
        return tier
          ? pass(`spec.riskTier = ${quote(tier)}`)
          : fail('spec.riskTier is missing');
      },
    },
    {
      ...builtin,
      id: ids.euAiAct,
      title: 'EU AI Act category set, not prohibited',
      description:
        'spec.euAiActCategory is set; `prohibited` is a blocking failure that no exemption can waive. EU AI Act Art. 5 (prohibited AI practices), Art. 6 and Annex III (high-risk classification), Art. 50 (transparency obligations).',
      citations: [
        'EU AI Act Art. 5',
        'EU AI Act Art. 6 and Annex III',
        'EU AI Act Art. 50',
      ],
      howToFix:
        'Set spec.euAiActCategory (high-risk, limited or minimal); a prohibited practice must be retired, not deployed.',
      requires: [],
      evaluate(facts) {
        const category = textOf(specOf(facts.entity).euAiActCategory);
        if (!category) return fail('spec.euAiActCategory is missing');
        if (category === 'prohibited') {
          return {
            status: 'fail',
            blocking: true,
            evidence: [
              'spec.euAiActCategory = "prohibited" (EU AI Act Art. 5)',
            ],
          };
        }
        return pass(`spec.euAiActCategory = ${quote(category)}`);
      },
    },
    {
      ...builtin,
      id: ids.trainingData,
      title: 'Training data lineage',
      description:
        'spec.trainingData lists the datasets the model was trained on, so data governance and reproduction are possible. EU AI Act Art. 10 and Annex IV(2)(d) (data governance, training data documented); ML Test Score Infra 1 (training is reproducible); NIST AI RMF MAP 4.1 (data and third-party components mapped).',
      citations: [
        'EU AI Act Art. 10',
        'EU AI Act Annex IV(2)(d)',
        'ML Test Score Infra 1',
        'NIST AI RMF MAP 4.1',
      ],
      howToFix:
        'List the training datasets in spec.trainingData (Resource entities), e.g. - resource:default/loan-applications-2019-2025.',
      requires: [],
      evaluate(facts) {
        const refs = refsOf(specOf(facts.entity).trainingData);
        if (refs.length > 0)
          return pass(`spec.trainingData: ${refs.join(', ')}`);
        if (textOf(specOf(facts.entity).type) === 'rules') {
          return na('spec.type = "rules": a rule set is not trained on data');
        }
        return fail('spec.trainingData is empty');
      },
    },
    {
      ...builtin,
      id: ids.serving,
      title: 'Serving lineage',
      description:
        'A production model lists the services or APIs that serve it (spec.servedBy), so incidents, rollbacks and impact analysis can find it. SR 11-7 (model inventory: where models are used); EU AI Act Art. 12 (traceability, record-keeping); ML Test Score Infra 7 (serving models can be rolled back).',
      citations: [
        'SR 11-7 Governance, Policies, and Controls (model inventory)',
        'EU AI Act Art. 12',
        'ML Test Score Infra 7',
      ],
      howToFix:
        'List the serving components or APIs in spec.servedBy, e.g. - component:default/credit-scoring-service.',
      requires: [],
      evaluate(facts) {
        const notProd = notInProduction(facts);
        if (notProd) return notProd;
        const refs = refsOf(specOf(facts.entity).servedBy);
        return refs.length > 0
          ? pass(`spec.servedBy: ${refs.join(', ')}`)
          : fail('spec.servedBy is empty');
      },
    },
    {
      ...builtin,
      id: ids.versionEvidence,
      title: 'Version with metrics and training run',
      description:
        'The production version (or the newest version) records offline evaluation metrics and a link to its training run. ML Test Score Infra 1 (training is reproducible) and Infra 4 (model quality validated before serving); NIST AI RMF MEASURE 2.1 (test sets, metrics and tools documented); EU AI Act Annex IV(2)(g) (validation and testing, metrics).',
      citations: [
        'ML Test Score Infra 1',
        'ML Test Score Infra 4',
        'NIST AI RMF MEASURE 2.1',
        'EU AI Act Annex IV(2)(g)',
      ],
      howToFix:
        'Add metrics (e.g. { auc: 0.91 }) and runUrl (the MLflow/W&B run) to the production version in spec.versions.',
      requires: [],
      evaluate(facts) {
        const versions = versionsOf(facts.entity);
        if (versions.length === 0) return fail('spec.versions is empty');
        const v =
          productionVersion(facts.entity) ?? versions[versions.length - 1];
        const metrics = Object.keys(v.metrics ?? {});
        const which = `version ${v.version} (${v.stage})`;
        const evidence = [
          metrics.length > 0
            ? `${which} metrics: ${metrics.join(', ')}`
            : `${which} has no metrics`,
          v.runUrl ? `${which} runUrl: ${v.runUrl}` : `${which} has no runUrl`,
        ];
        return metrics.length > 0 && v.runUrl
          ? pass(...evidence)
          : fail(...evidence);
      },
    },
    {
      ...builtin,
      id: ids.productionApproved,
      title: 'Production version approved',
      description:
        'The version in production went through the approval workflow (independent sign-off before use). SR 11-7 (effective challenge and independent validation before use); EU AI Act Art. 17(1)(b) (procedures for design verification and approval); ML Test Score Infra 4 (quality validated before serving).',
      citations: [
        'SR 11-7 Model Validation',
        'EU AI Act Art. 17(1)(b)',
        'ML Test Score Infra 4',
      ],
      howToFix:
        'Request approval of the production version (modelops approvals) and record its promotion once approved.',
      requires: ['approvals'],
      // Without a production version the check does not apply, whatever the facts.
      handlesMissingSources: true,
      evaluate(facts) {
        const prod = productionVersion(facts.entity);
        if (!facts.approvals) {
          return prod
            ? notEvaluated(
                `version ${prod.version} is in production; needs approval facts to prove it was approved, not available here`,
              )
            : na('no version is in production');
        }
        // One decision for the portal, the inventory and the CLI: the recorded promotion wins
        // over the declared stage, and a declared version no promotion backs is unverified.
        const status = productionStatus(
          facts.entity,
          facts.approvals.approvedVersions.map(a => ({
            version: a.version,
            toStage: a.toStage,
            promotedAt: a.approvedAt,
            ...(a.requestId ? { requestId: a.requestId } : {}),
          })),
        );
        if (status.status === 'approved') return pass(status.summary);
        if (status.status === 'unverified') return fail(status.summary);
        return na('no version is in production');
      },
    },
    {
      ...builtin,
      id: ids.driftConfigured,
      title: 'Drift monitoring configured',
      description:
        'A production model has drift monitoring: spec.monitoring.drift settings or a reference profile. ML Test Score Monitor 2 (data invariants hold for serving inputs) and Monitor 3 (training/serving skew); EU AI Act Art. 72 (post-market monitoring); NIST AI RMF MEASURE 2.4 (behaviour monitored in production); SR 11-7 (ongoing monitoring).',
      citations: [
        'ML Test Score Monitor 2',
        'ML Test Score Monitor 3',
        'EU AI Act Art. 72',
        'NIST AI RMF MEASURE 2.4',
        'SR 11-7 ongoing monitoring',
      ],
      howToFix:
        'Add spec.monitoring.drift to the entity and upload a reference profile (POST /api/modelops/drift/models/…/references or yarn modelops drift).',
      requires: [],
      evaluate(facts) {
        const notProd = notInProduction(facts);
        if (notProd) return notProd;
        const monitoring = specOf(facts.entity).monitoring as
          | Record<string, unknown>
          | undefined;
        const declared =
          !!monitoring &&
          typeof monitoring === 'object' &&
          monitoring.drift !== undefined;
        if (declared) return pass('spec.monitoring.drift is set');
        if (facts.drift?.hasReference)
          return pass('a drift reference profile is stored');
        return fail(
          `spec.monitoring.drift is not set${
            facts.drift ? ' and no reference profile is stored' : ''
          }`,
        );
      },
    },
    {
      ...builtin,
      id: ids.driftRecent,
      title: 'Recent drift run',
      description: `A production model's newest drift window ended at most ${opts.driftMaxAgeDays} days ago. ML Test Score Monitor 2 (serving inputs are checked continuously) and Monitor 4 (models are not too stale); NIST AI RMF MANAGE 4.1 (post-deployment monitoring implemented); EU AI Act Art. 72.`,
      citations: [
        'ML Test Score Monitor 2',
        'ML Test Score Monitor 4',
        'NIST AI RMF MANAGE 4.1',
        'EU AI Act Art. 72',
      ],
      howToFix: `Schedule drift runs (at least every ${opts.driftMaxAgeDays} days) that submit windows to /api/modelops/drift.`,
      requires: ['drift'],
      handlesMissingSources: true,
      evaluate(facts) {
        const notProd = notInProduction(facts);
        if (notProd) return notProd;
        if (!facts.drift)
          return notEvaluated('needs drift facts, not available here');
        const run = facts.drift.latestRun;
        if (!run) return fail('no drift run was ever submitted');
        const end = parseIsoDate(run.windowEnd);
        if (!end)
          return fail(
            `latest drift window end ${quote(run.windowEnd)} is not a date`,
          );
        const days = (facts.now.getTime() - end.getTime()) / 86_400_000;
        const evidence = `latest drift window ended ${
          run.windowEnd
        } (${Math.floor(days)} days ago, limit ${opts.driftMaxAgeDays})`;
        return days <= opts.driftMaxAgeDays ? pass(evidence) : fail(evidence);
      },
    },
    {
      ...builtin,
      id: ids.driftAcknowledged,
      title: 'No unacknowledged drift',
      description:
        'The newest drift run shows no dataset drift, or its drift was acknowledged. ML Test Score Monitor 7 (prediction quality has not regressed); SR 11-7 (ongoing monitoring, outcomes analysis); NIST AI RMF MANAGE 4.1; EU AI Act Art. 72.',
      citations: [
        'ML Test Score Monitor 7',
        'SR 11-7 ongoing monitoring',
        'NIST AI RMF MANAGE 4.1',
        'EU AI Act Art. 72',
      ],
      howToFix:
        'Investigate the drifted features on the Drift tab, then retrain; or, when no action is needed now, acknowledge the drift there with a comment (a member of the owning team); or record an exemption with the reason while the fix is under way.',
      requires: ['drift'],
      evaluate(facts) {
        if (!facts.drift)
          return notEvaluated('needs drift facts, not available here');
        const run = facts.drift.latestRun;
        if (!run) return na('no drift run yet');
        if (!run.datasetDrift)
          return pass(`latest drift run (${run.windowEnd}): no dataset drift`);
        if (run.acknowledged)
          return pass(
            `latest drift run (${run.windowEnd}): dataset drift, acknowledged`,
          );
        return fail(
          `latest drift run (${run.windowEnd}): dataset drift, not acknowledged`,
        );
      },
    },
    {
      ...builtin,
      id: ids.periodicReview,
      title: 'Periodic review not overdue',
      description: `A production model was reviewed within its risk tier's interval (high ${opts.reviewIntervalMonths.high}, medium ${opts.reviewIntervalMonths.medium}, low ${opts.reviewIntervalMonths.low} months; no tier counts as high), recorded in the ${LAST_REVIEW_DATE_ANNOTATION} annotation. SR 11-7 (periodic review at least annually); NIST AI RMF GOVERN 1.5 (periodic review planned); EU AI Act Art. 9(2) (risk management regularly reviewed).`,
      citations: [
        'SR 11-7 Model Validation (periodic review)',
        'NIST AI RMF GOVERN 1.5',
        'EU AI Act Art. 9(2)',
      ],
      howToFix: `Review the model and set metadata.annotations['${LAST_REVIEW_DATE_ANNOTATION}'] to the review date (YYYY-MM-DD).`,
      requires: [],
      evaluate(facts) {
        const notProd = notInProduction(facts);
        if (notProd) return notProd;
        const tierRaw = textOf(specOf(facts.entity).riskTier);
        const tier: ModelRiskTier =
          tierRaw === 'low' || tierRaw === 'medium' ? tierRaw : 'high';
        const interval = opts.reviewIntervalMonths[tier];
        const raw =
          facts.entity.metadata.annotations?.[LAST_REVIEW_DATE_ANNOTATION];
        if (raw === undefined)
          return fail(`annotation ${LAST_REVIEW_DATE_ANNOTATION} is missing`);
        const reviewed = parseIsoDate(raw);
        if (!reviewed)
          return fail(
            `annotation ${LAST_REVIEW_DATE_ANNOTATION} = ${quote(
              raw,
            )} is not an ISO 8601 date`,
          );
        const due = addMonths(reviewed, interval);
        const evidence = `last review ${raw}; ${
          tierRaw ? `risk tier ${tier}` : 'no risk tier (treated as high)'
        } → due by ${due.toISOString().slice(0, 10)}`;
        return facts.now.getTime() <= due.getTime()
          ? pass(evidence)
          : fail(`${evidence} (overdue)`);
      },
    },
    {
      ...builtin,
      id: ids.modelCard,
      title: 'Model card or TechDocs',
      description: `The model has documentation beyond its entity: a ${TECHDOCS_REF_ANNOTATION} annotation or a link titled "Model card". Model Cards for Model Reporting (Mitchell et al., 2019); EU AI Act Art. 11 and Annex IV (technical documentation); SR 11-7 (documentation sufficient for an unfamiliar party).`,
      citations: [
        'Model Cards (Mitchell et al. 2019)',
        'EU AI Act Art. 11 and Annex IV',
        'SR 11-7 documentation',
      ],
      howToFix: `Add metadata.annotations['${TECHDOCS_REF_ANNOTATION}'] (e.g. dir:.) or a metadata.links entry titled "Model card".`,
      requires: [],
      evaluate(facts) {
        const techdocs =
          facts.entity.metadata.annotations?.[TECHDOCS_REF_ANNOTATION];
        if (textOf(techdocs))
          return pass(`${TECHDOCS_REF_ANNOTATION} = ${quote(techdocs!)}`);
        const link = (facts.entity.metadata.links ?? []).find(l =>
          /model[\s-]?card/i.test(l.title ?? ''),
        );
        if (link) return pass(`link "${link.title}": ${link.url}`);
        return fail(
          `no ${TECHDOCS_REF_ANNOTATION} annotation and no link titled "Model card"`,
        );
      },
    },
  ];
}
