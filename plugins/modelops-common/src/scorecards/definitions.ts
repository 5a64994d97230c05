import { BUILTIN_CHECK_IDS as C } from './builtinChecks';
import type { ScorecardDefinition } from './types';

/** Id of the maturity scorecard. */
export const MATURITY_SCORECARD_ID = 'maturity';
/** Id of the production readiness scorecard. */
export const READINESS_SCORECARD_ID = 'production-readiness';

/**
 * Maturity, levels 0-4, after the Microsoft MLOps maturity model (levels 0-4) and Google's MLOps
 * levels 0-2: from an undocumented model to a monitored, governed one.
 */
export const MATURITY_SCORECARD: ScorecardDefinition = {
  id: MATURITY_SCORECARD_ID,
  title: 'Maturity',
  description:
    'How far the model is along the MLOps maturity path, from an undocumented artifact to a monitored, governed production model.',
  basedOn: [
    'Microsoft MLOps maturity model (levels 0-4)',
    "Google Cloud 'MLOps: continuous delivery and automation pipelines' (levels 0-2)",
  ],
  levels: [
    {
      level: 0,
      name: 'Ad hoc',
      description:
        'No MLOps: the model exists, nothing about it is managed (Microsoft level 0).',
    },
    {
      level: 1,
      name: 'Managed',
      description:
        'Owned by a team, its purpose, limits and risk are documented.',
    },
    {
      level: 2,
      name: 'Reproducible',
      description:
        'Training is traceable: data lineage, tracked runs with metrics, a model card (Microsoft level 2, Google level 1).',
    },
    {
      level: 3,
      name: 'Governed release',
      description:
        'Released through governance: serving lineage and an approved production version (Microsoft level 3, Google level 2).',
    },
    {
      level: 4,
      name: 'Monitored',
      description:
        'Production behaviour is monitored and acted on: drift monitoring, recent runs, no unacknowledged drift, reviews on time (Microsoft level 4).',
    },
  ],
  checks: [
    { checkId: C.ownerIsGroup, level: 1 },
    { checkId: C.intendedUse, level: 1 },
    { checkId: C.riskTier, level: 1 },
    { checkId: C.euAiAct, level: 1 },
    { checkId: C.limitations, level: 1 },
    { checkId: C.trainingData, level: 2 },
    { checkId: C.versionEvidence, level: 2 },
    { checkId: C.modelCard, level: 2 },
    { checkId: C.serving, level: 3 },
    { checkId: C.productionApproved, level: 3 },
    { checkId: C.driftConfigured, level: 4 },
    { checkId: C.driftRecent, level: 4 },
    { checkId: C.driftAcknowledged, level: 4 },
    { checkId: C.periodicReview, level: 4 },
  ],
};

/**
 * Production readiness, Tech Insights-style ranks (Stone, Bronze, Silver, Gold), after the ML Test
 * Score and the deployment readiness checklist ("Is the model ready for deployment? Do you know
 * everything needed to deploy it? How would you monitor it? Can it be used?").
 */
export const READINESS_SCORECARD: ScorecardDefinition = {
  id: READINESS_SCORECARD_ID,
  title: 'Production readiness',
  description:
    'Whether the model can responsibly run in production: documented, traceable, approved and monitored.',
  basedOn: [
    'The ML Test Score (Breck et al., 2017)',
    'ModelOps readiness checklist (problem, data, baseline, deployment, monitoring, usability)',
    'SR 11-7, EU AI Act, NIST AI RMF',
  ],
  levels: [
    {
      level: 0,
      name: 'Stone',
      description:
        'Not ready: basic accountability or documentation is missing.',
    },
    {
      level: 1,
      name: 'Bronze',
      description:
        'Accountable and classified: team owner, intended use, limitations, risk tier and EU AI Act category.',
    },
    {
      level: 2,
      name: 'Silver',
      description:
        'Deployable: data and serving lineage, evaluated version with a training run, model card.',
    },
    {
      level: 3,
      name: 'Gold',
      description:
        'Production-ready: approved release, drift monitoring with recent runs and no open drift, review on time.',
    },
  ],
  checks: [
    { checkId: C.ownerIsGroup, level: 1 },
    { checkId: C.intendedUse, level: 1 },
    { checkId: C.limitations, level: 1 },
    { checkId: C.riskTier, level: 1 },
    { checkId: C.euAiAct, level: 1 },
    { checkId: C.trainingData, level: 2 },
    { checkId: C.serving, level: 2 },
    { checkId: C.versionEvidence, level: 2 },
    { checkId: C.modelCard, level: 2 },
    { checkId: C.productionApproved, level: 3 },
    { checkId: C.driftConfigured, level: 3 },
    { checkId: C.driftRecent, level: 3 },
    { checkId: C.driftAcknowledged, level: 3 },
    { checkId: C.periodicReview, level: 3 },
  ],
};

/** The scorecards that ship. */
export const BUILTIN_SCORECARDS: ScorecardDefinition[] = [
  MATURITY_SCORECARD,
  READINESS_SCORECARD,
];
