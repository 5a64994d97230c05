/* eslint-disable no-script-url -- script URLs are hostile input the pack must not turn into links */
import fs from 'node:fs';
import path from 'node:path';
import type { ModelEntity } from '../model';
import {
  buildEvidencePack,
  EVIDENCE_MAX_TEXT,
  EvidencePackInput,
} from './buildEvidencePack';
import { EVIDENCE_SECTIONS, annexIvLabel } from './evidenceSections';
import { evidenceFileName, evidenceFormatSchema } from './evidenceFormat';
import { renderEvidenceHtml } from './renderEvidenceHtml';
import { renderEvidenceMarkdown } from './renderEvidenceMarkdown';

const model = (spec: Partial<ModelEntity['spec']> = {}): ModelEntity =>
  ({
    apiVersion: 'modelops.io/v1alpha1',
    kind: 'Model',
    metadata: {
      name: 'credit-default-scorer',
      namespace: 'default',
      title: 'Credit Default Scorer',
      links: [
        { url: 'https://mlflow.example.com/#/models/cds', title: 'MLflow' },
        { url: 'javascript:alert(1)', title: 'evil' },
      ],
    },
    spec: {
      type: 'classification',
      lifecycle: 'production',
      owner: 'group:default/credit-risk-ds',
      riskTier: 'high',
      euAiActCategory: 'high-risk',
      intendedUse:
        'Scores the probability of default of retail loan applicants.',
      limitations: 'Not validated for small-business loans.',
      trainingData: ['resource:default/loan-history-2025'],
      servedBy: ['component:default/credit-scoring-api'],
      versions: [
        {
          version: '3.2.0',
          stage: 'production',
          createdAt: '2026-09-01',
          metrics: { auc: 0.91, ks: 0.52 },
          runUrl: 'https://mlflow.example.com/#/runs/1',
        },
        { version: '3.3.0', stage: 'staging', metrics: { auc: 0.916 } },
      ],
      monitoring: { drift: { method: 'psi', threshold: 0.2 } },
      ...spec,
    },
  } as any);

const request = (id: string, over: Record<string, unknown> = {}) =>
  ({
    id,
    modelRef: 'model:default/credit-default-scorer',
    modelVersion: '3.3.0',
    fromStage: 'staging',
    toStage: 'production',
    requester: 'user:default/priya.raman',
    justification: 'AUC +0.006 on the 2026 holdout',
    links: [],
    ownerRef: 'group:default/credit-risk-ds',
    riskTier: 'high',
    policyId: 'high-production',
    requirements: [],
    allowOwnerApproval: false,
    state: 'approved',
    createdAt: '2026-11-20T10:00:00.000Z',
    expiresAt: '2026-11-27T10:00:00.000Z',
    closedAt: '2026-11-21T10:00:00.000Z',
    promotedAt: null,
    decisions: [
      {
        id: `${id}-d1`,
        requestId: id,
        decider: 'user:default/fatima.haddad',
        decision: 'approve',
        requirementId: 'model-risk',
        eligibleRequirementIds: ['model-risk'],
        comment: 'Backtest reviewed',
        createdAt: '2026-11-21T09:00:00.000Z',
      },
    ],
    ...over,
  } as any);

function input(over: Partial<EvidencePackInput> = {}): EvidencePackInput {
  return {
    model: model(),
    generatedAt: '2026-11-28T12:00:00.000Z',
    generatedBy: 'user:default/noah.klein',
    owner: {
      ref: 'group:default/credit-risk-ds',
      found: true,
      title: 'Credit Risk Data Science',
    },
    trainingData: [
      {
        ref: 'resource:default/loan-history-2025',
        found: true,
        title: 'Loan history 2025',
        owner: 'group:default/data-platform',
        type: 'dataset',
      },
    ],
    servedBy: [
      {
        ref: 'component:default/credit-scoring-api',
        found: false,
      },
    ],
    approvals: [request('req-1')],
    promotions: [],
    audit: {
      verification: {
        valid: true,
        checked: 3,
        headHash: 'abc123',
        firstBroken: null,
      },
      head: { seq: 3, hash: 'abc123' },
      modelEvents: 3,
    },
    scorecards: {
      result: {
        entityRef: 'model:default/credit-default-scorer',
        evaluatedAt: '2026-11-28T11:59:00.000Z',
        factSources: [],
        scorecards: [
          {
            scorecard: 'readiness',
            title: 'Production readiness',
            level: 1,
            levelName: 'Documented',
            maxLevel: 3,
            blocked: false,
            next: {
              level: 2,
              name: 'Monitored',
              failingChecks: ['drift-monitored'],
              notEvaluatedChecks: [],
            },
            counts: {
              pass: 1,
              fail: 1,
              notApplicable: 0,
              notEvaluated: 0,
              waived: 0,
            },
            checks: [
              {
                checkId: 'has-limitations',
                title: 'Limitations documented',
                description: '',
                citations: [],
                howToFix: '',
                level: 1,
                status: 'pass',
                evidence: ['spec.limitations is set'],
                blocking: false,
              },
            ],
          },
        ],
      } as any,
      exemptions: [],
    },
    drift: { references: [], runs: [], runLimit: 20 },
    ...over,
  };
}

describe('buildEvidencePack', () => {
  it('has every section, in order, with its Annex IV item and SR 11-7 element', () => {
    const pack = buildEvidencePack(input());
    expect(pack.sections.map(s => s.id)).toEqual(
      EVIDENCE_SECTIONS.map(s => s.id),
    );
    for (const s of pack.sections) {
      expect(s.annexIv.length).toBeGreaterThan(0);
      expect(s.sr117).toBeTruthy();
      expect(s.blocks.length).toBeGreaterThan(0);
    }
    const md = renderEvidenceMarkdown(pack);
    const html = renderEvidenceHtml(pack);
    for (const s of EVIDENCE_SECTIONS) {
      expect(md).toContain(`## ${s.title}\n`);
      expect(html).toContain(`<section id="${s.id}"`);
      expect(html).toContain(`EU AI Act Annex IV ${annexIvLabel(s)}`);
    }
    expect(md).toContain('Scores the probability of default');
    expect(md).toContain('Loan history 2025');
    expect(md).toContain('not found in the catalog');
    expect(md).toContain('auc=0.91, ks=0.52');
    expect(md).toContain('user:default/fatima.haddad');
    expect(md).toContain('Backtest reviewed');
    expect(md).toContain(
      'Audit chain intact: 3 event(s) verified, head hash abc123',
    );
    expect(md).toContain('Monitored: drift-monitored');
    expect(md).toContain('method | psi');
  });

  it('shows a broken audit chain with its first broken link', () => {
    const pack = buildEvidencePack(
      input({
        audit: {
          verification: {
            valid: false,
            checked: 1,
            headHash: 'h1',
            firstBroken: {
              seq: 2,
              id: 'e2',
              reason: 'hash-mismatch',
              message: 'event #2 was modified',
            },
          },
          head: { seq: 3, hash: 'h3' },
          modelEvents: 3,
        },
      }),
    );
    expect(pack.auditChainIntact).toBe(false);
    const md = renderEvidenceMarkdown(pack);
    expect(md).toContain('Audit chain BROKEN at event #2 (hash-mismatch)');
    expect(md).toContain(
      '| First broken link | event #2 (id e2): hash-mismatch |',
    );
    expect(md).toContain('**BROKEN**');
    expect(renderEvidenceHtml(pack)).toContain(
      '<div class="status attention" role="status">ATTENTION: Audit chain BROKEN at event #2',
    );
  });

  it('prints what could not be read instead of failing', () => {
    const pack = buildEvidencePack(
      input({
        scorecards: { unavailable: 'scorecards backend error' },
        drift: { unavailable: 'missing permission modelops.drift.read' },
        approvals: { unavailable: 'timeout' },
        audit: { unavailable: 'timeout' },
      }),
    );
    expect(pack.auditChainIntact).toBeNull();
    const md = renderEvidenceMarkdown(pack);
    expect(md).toContain(
      'Scorecards could not be read: scorecards backend error',
    );
    expect(md).toContain('Approval requests could not be read: timeout');
    expect(md).toContain('not verified');
  });

  it('lists only http(s) links and training-run URLs', () => {
    const md = renderEvidenceMarkdown(buildEvidencePack(input()));
    expect(md).toContain('<https://mlflow.example.com/#/models/cds>');
    expect(md).not.toContain('javascript:');
  });
});

describe('injection and hostile input', () => {
  const hostile = input({
    model: model({
      limitations:
        '<script>alert(1)</script>\n# Fake heading\n- fake list\n| a | b |\n[click](javascript:alert(1))',
      intendedUse: 'pipe | breaks\nthe table <img src=x onerror=alert(1)>',
      framework: `nul\u0000byte and ${'x'.repeat(EVIDENCE_MAX_TEXT + 50)}`,
    }),
    approvals: [
      request('req-<b>', {
        justification: '"><script>alert(2)</script>',
        decisions: [],
      }),
    ],
  });
  const pack = buildEvidencePack(hostile);

  it('escapes HTML in the printable page', () => {
    const html = renderEvidenceHtml(pack);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(2)');
    expect(html).toContain('req-&lt;b&gt;');
    expect(html).not.toContain('javascript:alert(1)"');
    expect(html).toContain('Content-Security-Policy');
    expect(html).not.toContain('\u0000');
  });

  it('escapes Markdown: no raw HTML, no links, no headings, no broken table rows', () => {
    const md = renderEvidenceMarkdown(pack);
    expect(md).not.toMatch(/(^|[^\\])<script/);
    expect(md).not.toMatch(/(^|[^\\])<img/);
    expect(md).toContain('\\<script\\>');
    expect(md).not.toMatch(/^# Fake heading/m);
    expect(md).not.toMatch(/^- fake list/m);
    expect(md).not.toMatch(/(^|[^\\])\[click\]/);
    // The intended use stays one table row: its pipe is escaped and its newline is a <br>.
    const row = md.split('\n').find(l => l.startsWith('| Intended purpose |'));
    expect(row).toBe(
      '| Intended purpose | pipe \\| breaks<br>the table \\<img src=x onerror=alert(1)\\> |',
    );
    // Every table row has as many unescaped pipes as its header.
    for (const line of md.split('\n').filter(l => l.startsWith('|'))) {
      expect(line.endsWith('|')).toBe(true);
    }
    expect(md).not.toContain('\u0000');
    expect(md).toContain(`(cut at ${EVIDENCE_MAX_TEXT} characters)`);
  });

  it('drops Unicode bidi controls, so no field prints other than it reads (Trojan Source)', () => {
    // U+202E RIGHT-TO-LEFT OVERRIDE shows "Rejected" as "detcejeR" on screen and in print, and
    // U+2066..U+2069 isolates can move text across table cells in a reader's view.
    const bidiModel = model({
      limitations: 'Reviewed: \u202edetcejeR\u202c by model risk',
      versions: [
        {
          version: '1.0.0',
          stage: 'development',
          runUrl: 'https://mlflow.example.com/#/runs/\u202e1',
        },
      ],
    });
    bidiModel.metadata.links = [
      { url: 'https://mlflow.example.com/#/\u202egnp.exe', title: 'MLflow' },
    ];
    const bidi = input({
      model: bidiModel,
      owner: {
        ref: 'group:default/credit-risk-ds',
        found: true,
        title: 'Credit \u2067Risk\u2069 \u0000DS',
      },
      approvals: [
        request('req-1', {
          decisions: [
            {
              ...request('req-1').decisions[0],
              comment: 'ok \u202a\u202b\u202d\u2066 fine',
            },
          ],
        }),
      ],
    });
    const p = buildEvidencePack(bidi);
    for (const out of [renderEvidenceMarkdown(p), renderEvidenceHtml(p)]) {
      // eslint-disable-next-line no-control-regex -- NUL is one of the characters that must be gone
      expect(out).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u0000]/);
      expect(out).toContain('detcejeR');
    }
  });
});

describe('evidence formats', () => {
  it('defaults to markdown and names the choices', () => {
    expect(evidenceFormatSchema.parse(undefined)).toBe('markdown');
    expect(evidenceFormatSchema.parse('html')).toBe('html');
    const r = evidenceFormatSchema.safeParse('pdf');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toBe('must be one of markdown, html');
  });

  it('makes a safe file name', () => {
    expect(evidenceFileName('default', 'credit-default-scorer', 'html')).toBe(
      'evidence-default-credit-default-scorer.html',
    );
    expect(evidenceFileName('a/b', 'x"\r\ny', 'markdown')).toBe(
      'evidence-a-b-x-y.md',
    );
  });
});

describe('docs/evidence.md', () => {
  it('documents the same mapping as the pack', () => {
    const doc = fs.readFileSync(
      path.resolve(__dirname, '../../../../docs/evidence.md'),
      'utf8',
    );
    // Rows as cells (prettier pads Markdown tables, so compare trimmed cells).
    const rows = doc
      .split('\n')
      .filter(l => l.startsWith('|'))
      .map(l =>
        l
          .split('|')
          .slice(1, -1)
          .map(c => c.trim())
          .join(' | '),
      );
    for (const s of EVIDENCE_SECTIONS) {
      expect(rows).toContain(`${s.title} | ${annexIvLabel(s)} | ${s.sr117}`);
    }
  });
});
