import type {
  ApprovalRequest,
  AuditChainHead,
  AuditChainVerification,
  ModelPromotion,
} from '../approvals';
import type { DriftReferenceSummary, DriftRun } from '../drift';
import type { ModelEntity } from '../model';
import { isHttpUrl } from '../schema';
import type {
  ModelScorecardResult,
  ScorecardExemptionView,
} from '../scorecards';
import {
  EVIDENCE_NOT_COVERED,
  EVIDENCE_SECTIONS,
  EvidenceSectionDefinition,
  EvidenceSectionId,
} from './evidenceSections';

/*
 * The evidence pack is built from plain data into sections of simple blocks (fields, tables,
 * paragraphs, status lines); the Markdown and HTML renderers escape every string they print. The
 * builder does no I/O: the backend gathers the inputs, and tests call it with fixtures.
 */

/** Longest string printed from an entity or a record; longer ones are cut with a note. */
export const EVIDENCE_MAX_TEXT = 10_000;

/** A catalog entity the model points at (dataset, serving component), as the pack prints it. */
export interface EvidenceRelatedEntity {
  /** The entity ref as declared on the model. */
  ref: string;
  /** False when the caller cannot see it or it is not in the catalog. */
  found: boolean;
  kind?: string;
  title?: string;
  owner?: string;
  description?: string;
  lifecycle?: string;
  type?: string;
}

/** A part of the pack that could not be read, and why (printed instead of its content). */
export interface EvidenceUnavailable {
  unavailable: string;
}

/** Everything the pack is assembled from; the backend reads it, the builder only formats it. */
export interface EvidencePackInput {
  model: ModelEntity;
  generatedAt: string;
  /** Who asked for the pack (user or service ref). */
  generatedBy?: string;
  /** The owner entity (title, email) when the catalog has it. */
  owner?: EvidenceRelatedEntity;
  trainingData: EvidenceRelatedEntity[];
  servedBy: EvidenceRelatedEntity[];
  derivedFrom?: EvidenceRelatedEntity;
  /** Every approval request of the model (all pages), any order. */
  approvals: ApprovalRequest[] | EvidenceUnavailable;
  promotions: ModelPromotion[] | EvidenceUnavailable;
  audit:
    | {
        verification: AuditChainVerification;
        head: AuditChainHead;
        /** Number of audit events about this model. */
        modelEvents: number;
      }
    | EvidenceUnavailable;
  scorecards:
    | { result: ModelScorecardResult; exemptions: ScorecardExemptionView[] }
    | EvidenceUnavailable;
  drift:
    | {
        references: DriftReferenceSummary[];
        /** The newest runs, newest first. */
        runs: DriftRun[];
        /** How many runs the pack shows at most. */
        runLimit: number;
      }
    | EvidenceUnavailable;
}

/** One block of a section. */
export type EvidenceBlock =
  | { type: 'fields'; rows: Array<[label: string, value: string]> }
  | {
      type: 'table';
      caption?: string;
      columns: string[];
      rows: string[][];
      /** Printed when there are no rows. */
      empty: string;
    }
  | { type: 'paragraph'; text: string }
  | { type: 'status'; ok: boolean; text: string }
  | { type: 'links'; links: Array<{ title: string; url: string }> };

/** One section of the pack, with the regulatory items it serves. */
export interface EvidenceSection extends EvidenceSectionDefinition {
  blocks: EvidenceBlock[];
}

/** The assembled evidence pack. */
export interface EvidencePack {
  title: string;
  modelRef: string;
  generatedAt: string;
  generatedBy?: string;
  /** True when the audit chain verified intact (also printed in its section). */
  auditChainIntact: boolean | null;
  sections: EvidenceSection[];
}

const norm = (s: string) => s.toLocaleLowerCase('en-US');

/**
 * Removes control characters (NUL and friends, not newlines and tabs) and Unicode bidi embedding,
 * override and isolate controls (U+202A..U+202E, U+2066..U+2069: they make text display other than
 * it reads, e.g. a comment that prints "Rejected" backwards), and cuts long text.
 */
export function cleanEvidenceText(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  text = text.replace(
    // eslint-disable-next-line no-control-regex -- the point is to strip control characters
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g,
    '',
  );
  if (text.length > EVIDENCE_MAX_TEXT)
    text = `${text.slice(
      0,
      EVIDENCE_MAX_TEXT,
    )}… (cut at ${EVIDENCE_MAX_TEXT} characters)`;
  return text;
}

const orDash = (value: unknown) => cleanEvidenceText(value) || '—';

const refOf = (model: ModelEntity) =>
  norm(`model:${model.metadata.namespace ?? 'default'}/${model.metadata.name}`);

function isUnavailable(value: unknown): value is EvidenceUnavailable {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as EvidenceUnavailable).unavailable === 'string'
  );
}

const unavailableBlock = (what: string, u: EvidenceUnavailable) =>
  ({
    type: 'status',
    ok: false,
    text: `${what} could not be read: ${cleanEvidenceText(u.unavailable)}`,
  } as EvidenceBlock);

function relatedRow(e: EvidenceRelatedEntity): string[] {
  return [
    cleanEvidenceText(e.ref),
    e.found
      ? orDash(e.title)
      : 'not found in the catalog (or not visible to you)',
    orDash(e.owner),
    orDash(e.type ?? e.kind),
    orDash(e.lifecycle),
    orDash(e.description),
  ];
}

const RELATED_COLUMNS = [
  'Entity',
  'Title',
  'Owner',
  'Type',
  'Lifecycle',
  'Description',
];

function identity(input: EvidencePackInput): EvidenceBlock[] {
  const { model } = input;
  const spec = model.spec;
  const versions = spec.versions ?? [];
  const production = versions.filter(v => v.stage === 'production');
  const blocks: EvidenceBlock[] = [
    {
      type: 'fields',
      rows: [
        ['Entity', refOf(model)],
        ['Title', orDash(model.metadata.title ?? model.metadata.name)],
        ['Description', orDash(model.metadata.description)],
        ['Type', orDash(spec.type)],
        ['Framework', orDash(spec.framework)],
        ['Lifecycle', orDash(spec.lifecycle)],
        [
          'Provider / owner',
          input.owner?.found && input.owner.title
            ? cleanEvidenceText(`${input.owner.title} (${input.owner.ref})`)
            : orDash(input.owner?.ref ?? spec.owner),
        ],
        ['System', orDash(spec.system)],
        ['Intended purpose', orDash(spec.intendedUse)],
        [
          'Current production version',
          production.length
            ? production.map(v => v.version).join(', ')
            : 'none',
        ],
        ['Versions declared', String(versions.length)],
        [
          'Derived from',
          input.derivedFrom
            ? `${cleanEvidenceText(input.derivedFrom.ref)}${
                input.derivedFrom.found ? '' : ' (not found in the catalog)'
              }`
            : orDash(spec.derivedFrom),
        ],
      ],
    },
  ];
  const links = (model.metadata.links ?? [])
    .filter(l => isHttpUrl(l.url))
    .map(l => ({
      title: cleanEvidenceText(l.title ?? l.url),
      // The href is printed too (print CSS): without bidi controls (2,048 characters at most).
      url: cleanEvidenceText(l.url),
    }));
  if (links.length) blocks.push({ type: 'links', links });
  return blocks;
}

function risk(input: EvidencePackInput): EvidenceBlock[] {
  const { spec } = input.model;
  const rows: Array<[string, string]> = [
    [
      'Risk tier',
      spec.riskTier ?? 'not classified (treated as high by approval policies)',
    ],
    ['EU AI Act category', spec.euAiActCategory ?? 'not classified'],
  ];
  const blocks: EvidenceBlock[] = [{ type: 'fields', rows }];
  if (spec.euAiActCategory === 'high-risk' && !spec.riskTier) {
    blocks.push({
      type: 'status',
      ok: false,
      text: 'High-risk under the EU AI Act but no internal risk tier is set.',
    });
  }
  return blocks;
}

function limitations(input: EvidencePackInput): EvidenceBlock[] {
  const text = cleanEvidenceText(input.model.spec.limitations);
  return text
    ? [{ type: 'paragraph', text }]
    : [
        {
          type: 'status',
          ok: false,
          text: 'No limitations are documented (spec.limitations is empty).',
        },
      ];
}

function trainingData(input: EvidencePackInput): EvidenceBlock[] {
  return [
    {
      type: 'table',
      columns: RELATED_COLUMNS,
      rows: input.trainingData.map(relatedRow),
      empty: 'No training datasets are declared (spec.trainingData).',
    },
  ];
}

function serving(input: EvidencePackInput): EvidenceBlock[] {
  const dependsOn = input.model.spec.dependsOn ?? [];
  const blocks: EvidenceBlock[] = [
    {
      type: 'table',
      caption: 'Served by',
      columns: RELATED_COLUMNS,
      rows: input.servedBy.map(relatedRow),
      empty: 'No serving components are declared (spec.servedBy).',
    },
  ];
  if (dependsOn.length) {
    blocks.push({
      type: 'fields',
      rows: [['Depends on', dependsOn.map(cleanEvidenceText).join(', ')]],
    });
  }
  return blocks;
}

function versionsSection(input: EvidencePackInput): EvidenceBlock[] {
  const versions = input.model.spec.versions ?? [];
  const promotions = isUnavailable(input.promotions) ? [] : input.promotions;
  const rows = versions.map(v => {
    const promoted = promotions
      .filter(p => p.modelVersion === v.version)
      .map(
        p =>
          `${p.fromStage ?? 'none'} → ${p.toStage} on ${p.createdAt} by ${
            p.promotedBy
          } (request ${p.requestId})`,
      );
    return [
      cleanEvidenceText(v.version),
      v.stage,
      orDash(v.createdAt),
      Object.entries(v.metrics ?? {})
        .map(([k, m]) => `${cleanEvidenceText(k)}=${m}`)
        .join(', ') || '—',
      orDash(v.artifact),
      isHttpUrl(v.runUrl) ? cleanEvidenceText(v.runUrl) : '—',
      promoted.join('; ') || '—',
    ];
  });
  const blocks: EvidenceBlock[] = [
    {
      type: 'table',
      columns: [
        'Version',
        'Stage',
        'Created',
        'Metrics',
        'Artifact',
        'Training run',
        'Recorded promotions',
      ],
      rows,
      empty: 'No versions are declared (spec.versions).',
    },
  ];
  if (isUnavailable(input.promotions))
    blocks.push(unavailableBlock('Recorded promotions', input.promotions));
  return blocks;
}

function approvalsSection(input: EvidencePackInput): EvidenceBlock[] {
  if (isUnavailable(input.approvals))
    return [unavailableBlock('Approval requests', input.approvals)];
  const requests = [...input.approvals].sort(
    (a, b) =>
      a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
  );
  const blocks: EvidenceBlock[] = [
    {
      type: 'table',
      caption: `${requests.length} approval request(s), oldest first`,
      columns: [
        'Request',
        'Version',
        'Transition',
        'State',
        'Requested by',
        'Created',
        'Closed',
        'Policy',
        'Justification',
      ],
      rows: requests.map(r => [
        r.id,
        cleanEvidenceText(r.modelVersion),
        `${r.fromStage ?? 'none'} → ${r.toStage}`,
        r.state + (r.promotedAt ? ` (promoted ${r.promotedAt})` : ''),
        cleanEvidenceText(r.requester),
        r.createdAt,
        orDash(r.closedAt),
        cleanEvidenceText(r.policyId),
        orDash(r.justification),
      ]),
      empty: 'No approval requests were ever made for this model.',
    },
  ];
  const decisions = requests.flatMap(r =>
    [...r.decisions]
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map(d => [
        r.id,
        cleanEvidenceText(r.modelVersion),
        cleanEvidenceText(d.decider),
        d.decision,
        orDash(d.requirementId),
        d.createdAt,
        orDash(d.comment),
      ]),
  );
  blocks.push({
    type: 'table',
    caption: 'Decisions (approvers and comments)',
    columns: [
      'Request',
      'Version',
      'Approver',
      'Decision',
      'Role',
      'At',
      'Comment',
    ],
    rows: decisions,
    empty: 'No decisions recorded.',
  });
  return blocks;
}

function chainStatusText(
  v: AuditChainVerification,
  head: AuditChainHead,
): string {
  if (v.valid)
    return `Audit chain intact: ${v.checked} event(s) verified, head hash ${head.hash}.`;
  if (v.firstBroken)
    return `Audit chain BROKEN at event #${v.firstBroken.seq} (${
      v.firstBroken.reason
    }): ${cleanEvidenceText(v.firstBroken.message)}`;
  return `Audit chain BROKEN: request rows disagree with the chain (${
    v.stateMismatches?.length ?? 0
  } mismatch(es)).`;
}

/** The pack's one-word audit chain result: `intact`, `BROKEN`, or `not verified`. */
export function auditChainLabel(pack: Pick<EvidencePack, 'auditChainIntact'>) {
  if (pack.auditChainIntact === null) return 'not verified';
  return pack.auditChainIntact ? 'intact' : 'BROKEN';
}

function auditSection(input: EvidencePackInput): EvidenceBlock[] {
  if (isUnavailable(input.audit))
    return [unavailableBlock('The audit chain', input.audit)];
  const { verification: v, head, modelEvents } = input.audit;
  const blocks: EvidenceBlock[] = [
    {
      type: 'status',
      ok: v.valid,
      text: chainStatusText(v, head),
    },
    {
      type: 'fields',
      rows: [
        ['Result', v.valid ? 'intact' : 'broken'],
        ['Chain head (seq)', String(head.seq)],
        ['Chain head hash', head.hash],
        ['Events verified intact', String(v.checked)],
        ['Hash of the last intact event', v.headHash],
        [
          'First broken link',
          v.firstBroken
            ? `event #${v.firstBroken.seq} (id ${cleanEvidenceText(
                v.firstBroken.id,
              )}): ${v.firstBroken.reason}`
            : 'none',
        ],
        ['Audit events about this model', String(modelEvents)],
      ],
    },
  ];
  if (v.stateMismatches?.length) {
    blocks.push({
      type: 'table',
      caption: 'Request rows that disagree with the audit chain',
      columns: ['Request', 'Column', 'Database', 'Chain'],
      rows: v.stateMismatches.map(m => [
        m.requestId,
        m.column,
        cleanEvidenceText(m.database),
        cleanEvidenceText(m.chain),
      ]),
      empty: '',
    });
  }
  blocks.push({
    type: 'paragraph',
    text: 'The chain is verified over all events (every model), because each event hashes the one before it. Compare the head hash with a copy published outside the portal (docs/security.md) to detect a rewrite of the whole chain.',
  });
  return blocks;
}

function scorecardsSection(input: EvidencePackInput): EvidenceBlock[] {
  if (isUnavailable(input.scorecards))
    return [unavailableBlock('Scorecards', input.scorecards)];
  const { result, exemptions } = input.scorecards;
  const blocks: EvidenceBlock[] = [
    {
      type: 'table',
      caption: `Evaluated ${result.evaluatedAt}`,
      columns: ['Scorecard', 'Level', 'Blocked', 'Next level needs'],
      rows: result.scorecards.map(s => [
        cleanEvidenceText(s.title),
        `${s.level} of ${s.maxLevel} (${cleanEvidenceText(s.levelName)})`,
        s.blocked ? 'yes' : 'no',
        s.next
          ? `${cleanEvidenceText(s.next.name)}: ${
              s.next.failingChecks.map(cleanEvidenceText).join(', ') || '—'
            }`
          : '—',
      ]),
      empty: 'No scorecards are configured.',
    },
  ];
  for (const s of result.scorecards) {
    blocks.push({
      type: 'table',
      caption: `${cleanEvidenceText(s.title)}: checks`,
      columns: ['Level', 'Check', 'Status', 'Evidence', 'Exemption'],
      rows: s.checks.map(c => [
        String(c.level),
        `${cleanEvidenceText(c.title)} (${cleanEvidenceText(c.checkId)})`,
        c.status + (c.blocking ? ' (blocking)' : ''),
        c.evidence.map(cleanEvidenceText).join('; ') || '—',
        c.exemption
          ? `${cleanEvidenceText(
              c.exemption.reason,
            )} (requested by ${cleanEvidenceText(
              c.exemption.requestedBy,
            )}, approved by ${orDash(c.exemption.approvedBy)}, until ${
              c.exemption.expiresAt
            })`
          : '—',
      ]),
      empty: 'No checks.',
    });
  }
  blocks.push({
    type: 'table',
    caption: 'Exemptions (all, including expired and revoked)',
    columns: [
      'Check',
      'State',
      'Reason',
      'Requested by',
      'Approved by',
      'Expires',
    ],
    rows: exemptions.map(e => [
      cleanEvidenceText(e.checkId),
      e.state,
      orDash(e.reason),
      cleanEvidenceText(e.requestedBy),
      orDash(e.approvedBy),
      e.expiresAt,
    ]),
    empty: 'No exemptions.',
  });
  return blocks;
}

/** Flattens the drift settings into `path = value` rows. */
function flatten(value: unknown, path: string, out: Array<[string, string]>) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value))
      flatten(v, path ? `${path}.${k}` : k, out);
  } else {
    out.push([cleanEvidenceText(path), cleanEvidenceText(value)]);
  }
}

function driftSection(input: EvidencePackInput): EvidenceBlock[] {
  const settings = input.model.spec.monitoring?.drift;
  const config: Array<[string, string]> = [];
  if (settings) flatten(settings, '', config);
  const blocks: EvidenceBlock[] = [
    settings
      ? { type: 'fields', rows: config.length ? config : [['(defaults)', '']] }
      : {
          type: 'status',
          ok: false,
          text: 'No drift monitoring is configured (spec.monitoring.drift); the defaults apply when runs are submitted.',
        },
  ];
  if (isUnavailable(input.drift)) {
    blocks.push(unavailableBlock('Drift references and runs', input.drift));
    return blocks;
  }
  const { references, runs, runLimit } = input.drift;
  blocks.push({
    type: 'table',
    caption: 'Reference profiles',
    columns: ['Reference', 'Model version', 'Features', 'Rows', 'By', 'At'],
    rows: references.map(r => [
      r.id,
      orDash(r.modelVersion),
      String(r.featureCount),
      String(r.rowCount),
      cleanEvidenceText(r.createdBy),
      r.createdAt,
    ]),
    empty: 'No reference profile has been set.',
  });
  blocks.push({
    type: 'table',
    caption: `Latest runs (at most ${runLimit}, newest first)`,
    columns: [
      'Window end',
      'Model version',
      'Status',
      'Dataset drift',
      'Drifted features',
      'Acknowledged',
      'Submitted by',
    ],
    rows: runs.map(r => [
      r.windowEnd,
      orDash(r.modelVersion),
      cleanEvidenceText(r.status),
      r.datasetDrift ? 'yes' : 'no',
      `${r.driftedCount} of ${r.featureCount}`,
      r.acknowledgement
        ? `${cleanEvidenceText(r.acknowledgement.by)} at ${
            r.acknowledgement.at
          }: ${cleanEvidenceText(r.acknowledgement.comment)}`
        : '—',
      cleanEvidenceText(r.submittedBy),
    ]),
    empty: 'No drift runs have been recorded.',
  });
  return blocks;
}

function coverage(): EvidenceBlock[] {
  return [
    {
      type: 'table',
      columns: ['Annex IV', 'Item', 'Where to find it'],
      rows: EVIDENCE_NOT_COVERED.map(n => [n.annexIv, n.item, n.where]),
      empty: '',
    },
  ];
}

const BUILDERS: Record<
  EvidenceSectionId,
  (input: EvidencePackInput) => EvidenceBlock[]
> = {
  identity,
  risk,
  limitations,
  'training-data': trainingData,
  serving,
  versions: versionsSection,
  approvals: approvalsSection,
  'audit-chain': auditSection,
  scorecards: scorecardsSection,
  drift: driftSection,
  coverage,
};

/**
 * Assembles the evidence pack of a model (EU AI Act Annex IV, SR 11-7) from what the portal knows.
 * Pure: no I/O, the same input gives the same pack.
 */
export function buildEvidencePack(input: EvidencePackInput): EvidencePack {
  const { model } = input;
  return {
    title: `Evidence pack: ${cleanEvidenceText(
      model.metadata.title ?? model.metadata.name,
    )}`,
    modelRef: refOf(model),
    generatedAt: input.generatedAt,
    generatedBy: input.generatedBy
      ? cleanEvidenceText(input.generatedBy)
      : undefined,
    auditChainIntact: isUnavailable(input.audit)
      ? null
      : input.audit.verification.valid,
    sections: EVIDENCE_SECTIONS.map(definition => ({
      ...definition,
      blocks: BUILDERS[definition.id](input),
    })),
  };
}
