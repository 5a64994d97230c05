import type { Entity } from '@backstage/catalog-model';

/**
 * What one check concluded about one model. `not-applicable`: the check does not concern this
 * model (e.g. serving lineage of a model not in production); it never holds a level back.
 * `not-evaluated`: the check concerns the model but could not be evaluated here (a fact source it
 * needs is absent, e.g. the catalog when scoring offline); it is not a failure to fix, but a level
 * is only held when it is proven, so it holds the level back like a failure.
 */
export type CheckStatus = 'pass' | 'fail' | 'not-applicable' | 'not-evaluated';

/** A check's status in a result: `waived` is a failure covered by an active exemption. */
export type CheckResultStatus = CheckStatus | 'waived';

/** Sources of facts beyond the entity itself; a check that needs an absent one is not evaluated. */
export type ScorecardFactSource = 'catalog' | 'drift' | 'approvals';

/** The latest drift run of a model, as the drift store reports it. */
export interface DriftRunFact {
  /** End of the evaluated data window (ISO 8601). */
  windowEnd: string;
  /** Whether the run concluded dataset drift. */
  datasetDrift: boolean;
  /** Set when someone acknowledged this run's drift (future drift API; absent means not acknowledged). */
  acknowledged?: boolean;
}

/** Drift monitoring facts of a model, from the drift store. */
export interface DriftFacts {
  /** Whether a reference profile exists. */
  hasReference: boolean;
  /** The newest run, or null when none was ever submitted. */
  latestRun: DriftRunFact | null;
}

/** A version approved for a stage through the approval workflow. */
export interface ApprovedVersionFact {
  version: string;
  toStage: string;
  /** When the promotion was recorded. */
  approvedAt: string;
  /** The approved request behind the promotion, when known. */
  requestId?: string;
}

/** Approval facts of a model, from the approval workflow. */
export interface ApprovalFacts {
  approvedVersions: ApprovedVersionFact[];
}

/** Catalog facts: how the model's references resolve. */
export interface CatalogFacts {
  /** The owner ref, and the kind of the entity it resolves to (null when it does not resolve). */
  owner: { ref: string; kind: string | null };
}

/**
 * Everything a check may look at. Only `entity` and `now` are always present; the CLI evaluates
 * offline with those two, the backend adds catalog, drift and (when configured) approval facts.
 */
export interface ScorecardFacts {
  entity: Entity;
  now: Date;
  catalog?: CatalogFacts;
  drift?: DriftFacts;
  approvals?: ApprovalFacts;
}

/** What a check's evaluation returns. */
export interface CheckOutcome {
  status: CheckStatus;
  /** The evidence looked at, one short line each (e.g. `spec.riskTier = "high"`). */
  evidence: string[];
  /** A failure that blocks every level of every scorecard and cannot be waived (e.g. a prohibited AI practice). */
  blocking?: boolean;
}

/** The serializable description of a check. */
export interface ScorecardCheckInfo {
  /** Stable id, kebab-case, e.g. `intended-use-documented`. */
  id: string;
  title: string;
  /** What the check verifies and why, naming its source frameworks. */
  description: string;
  /** Framework references, e.g. `EU AI Act Art. 13(3)(b)`, `SR 11-7`, `NIST AI RMF MAP 1.1`, `ML Test Score Monitor 2`. */
  citations: string[];
  /** One line: what to change so the check passes. */
  howToFix: string;
  /** Fact sources the check needs; when one is absent the check is not evaluated. */
  requires: ScorecardFactSource[];
  /**
   * Set when `evaluate` copes with absent `requires` sources itself: it fails what the entity
   * alone disproves, says not-applicable when the check does not concern the model, and returns
   * not-evaluated otherwise. Without it, the engine reports not-evaluated without calling it.
   */
  handlesMissingSources?: boolean;
  /** Where the check comes from. */
  origin: 'builtin' | 'config' | 'module';
}

/** A check: its description plus a pure evaluation over facts. */
export interface ScorecardCheck extends ScorecardCheckInfo {
  evaluate(facts: ScorecardFacts): CheckOutcome;
}

/** One level of a scorecard. */
export interface ScorecardLevel {
  level: number;
  name: string;
  description: string;
}

/** Where a check sits: scorecard and level. */
export interface ScorecardCheckPlacement {
  scorecard: string;
  level: number;
}

/** A scorecard: ordered levels, and the checks placed at each level. */
export interface ScorecardDefinition {
  id: string;
  title: string;
  description: string;
  /** Frameworks the levels follow. */
  basedOn: string[];
  /** Ascending; the first is the floor every non-blocked model holds (it has no checks). */
  levels: ScorecardLevel[];
  checks: Array<{ checkId: string; level: number }>;
}

/** A waiver of one check for one model. */
export interface ScorecardExemption {
  id?: string;
  /** Model entity ref (compared lowercase). */
  entityRef: string;
  checkId: string;
  /** Restrict to one scorecard; all scorecards when absent. */
  scorecard?: string | null;
  reason: string;
  /** User entity ref of the person asking for the waiver. */
  requestedBy: string;
  /** User entity ref of the approver; must differ from the requester. Null while pending. */
  approvedBy?: string | null;
  /** ISO 8601; the waiver stops counting at this instant. */
  expiresAt: string;
  createdAt?: string;
  approvedAt?: string | null;
}

/** Whether an exemption counts now. */
export type ExemptionState = 'active' | 'pending' | 'expired' | 'invalid';

/** One check's result inside a scorecard. */
export interface CheckResult {
  checkId: string;
  title: string;
  description: string;
  citations: string[];
  howToFix: string;
  level: number;
  status: CheckResultStatus;
  evidence: string[];
  blocking: boolean;
  /** The exemption that waived a failure. */
  exemption?: Pick<
    ScorecardExemption,
    'id' | 'reason' | 'requestedBy' | 'approvedBy' | 'expiresAt'
  >;
}

/** Counts of results by status. */
export interface CheckCounts {
  pass: number;
  fail: number;
  notApplicable: number;
  /** Checks that could not be evaluated here (a fact source was absent). */
  notEvaluated: number;
  waived: number;
}

/** A model's result on one scorecard. */
export interface ScorecardResult {
  scorecard: string;
  title: string;
  /**
   * The level held, as proven by this evaluation: every applicable check at this level or below
   * passes (or is waived). A check that could not be evaluated holds the level back.
   */
  level: number;
  levelName: string;
  maxLevel: number;
  /** A blocking failure (e.g. a prohibited practice) pins the model at the floor level. */
  blocked: boolean;
  /**
   * The next level and what stops the model from holding it: failing checks to fix, and checks
   * that could not be evaluated here (they may pass where their facts are available).
   */
  next: {
    level: number;
    name: string;
    failingChecks: string[];
    notEvaluatedChecks: string[];
  } | null;
  /**
   * Only when some check was not evaluated: the level the model would hold if every check not
   * evaluated here passed. An upper bound, never a level held.
   */
  ceiling?: { level: number; name: string };
  counts: CheckCounts;
  /** Ordered by level, then as the scorecard lists them. */
  checks: CheckResult[];
}

/** A model's results on every scorecard. */
export interface ModelScorecardResult {
  entityRef: string;
  title?: string;
  owner?: string;
  evaluatedAt: string;
  /** Fact sources that were available for this evaluation. */
  factSources: ScorecardFactSource[];
  scorecards: ScorecardResult[];
}
