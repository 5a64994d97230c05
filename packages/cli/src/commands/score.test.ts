import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runScore, scoreCatalogYaml } from './score';

const MODEL = (name: string, extra = '') => `apiVersion: modelops.io/v1alpha1
kind: Model
metadata:
  name: ${name}
  annotations:
    modelops.io/last-review-date: '2026-06-01'
    backstage.io/techdocs-ref: dir:.
spec:
  type: classification
  lifecycle: production
  owner: credit-risk-ds
  riskTier: high
  euAiActCategory: high-risk
  intendedUse: Decision support for underwriters on consumer loan applications.
  limitations: Not validated for thin-file applicants or for business lending.
  trainingData: [loans-2019-2025]
  servedBy: [credit-scoring-service]
  versions:
    - { version: '1.0.0', stage: production, metrics: { auc: 0.9 }, runUrl: 'https://mlflow/runs/1' }
  monitoring: { drift: {} }
${extra}`;

const now = new Date('2026-11-22T00:00:00Z');

function tmp(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelops-score-'));
  for (const [name, text] of Object.entries(files))
    fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('modelops score', () => {
  it('scores models offline: reports the level the file proves, never counting a check it could not evaluate as passed', () => {
    const report = scoreCatalogYaml(
      [{ file: 'a.yaml', text: MODEL('ready') }],
      { format: 'text', minLevels: {}, now },
    );
    const [r] = report.results;
    expect(r.factSources).toEqual([]);
    // owner-is-group (level 1) needs the catalog: nothing above the floor is proven offline
    expect(
      r.scorecards.map(s => [s.scorecard, s.level, s.ceiling?.level]),
    ).toEqual([
      ['maturity', 0, 4],
      ['production-readiness', 0, 3],
    ]);
    const notEvaluated = r.scorecards[1].checks
      .filter(c => c.status === 'not-evaluated')
      .map(c => c.checkId);
    expect(notEvaluated.sort()).toEqual([
      'drift-run-recent',
      'no-unacknowledged-drift',
      'owner-is-group',
      'production-version-approved',
    ]);
    expect(
      r.scorecards[1].checks.filter(c => c.status === 'not-applicable'),
    ).toEqual([]);
  });

  it('prints the proven level, the checks it could not evaluate, and gates --min-level on the proven level', async () => {
    const dir = tmp({ 'm.yaml': MODEL('ready') });
    const lines: string[] = [];
    const code = await runScore(
      [path.join(dir, 'm.yaml')],
      { format: 'text', minLevel: 'maturity=1', date: '2026-11-22' },
      l => lines.push(l),
      () => {},
    );
    expect(code).toBe(1);
    expect(lines).toContain(
      '  Maturity: Ad hoc (level 0/4 proven offline) — next: Managed (not evaluated here: owner-is-group)',
    );
    expect(lines).toContain(
      '    at most Monitored (level 4) if the 4 checks not evaluated here pass',
    );
    expect(lines).toContain(
      '  Production readiness: Stone (level 0/3 proven offline) — next: Bronze (not evaluated here: owner-is-group)',
    );
    expect(
      lines.find(l =>
        l.startsWith(
          '    ??   L1 Owned by a team: spec.owner = "credit-risk-ds"; needs catalog facts',
        ),
      ),
    ).toBeDefined();
    expect(lines).toContain(
      'below minimum: model:default/ready maturity level 0 < 1',
    );
    expect(lines[lines.length - 1]).toMatch(
      /^1 model scored offline: levels are what the files alone prove; \?\? marks checks not evaluated here .* use --portal <url>/,
    );
    expect(lines.join('\n')).not.toMatch(
      /Monitored \(level 4\/4|Gold \(level 3\/3/,
    );
  });

  it('prints failing checks with evidence and fix, and fails the run below --min-level', async () => {
    const dir = tmp({
      'm.yaml': `${MODEL('ready')}---\n${MODEL('no-card').replace(
        '    backstage.io/techdocs-ref: dir:.\n',
        '',
      )}`,
    });
    const lines: string[] = [];
    const code = await runScore(
      [path.join(dir, 'm.yaml')],
      { format: 'text', minLevel: 'maturity=0', date: '2026-11-22' },
      l => lines.push(l),
      () => {},
    );
    expect(code).toBe(0);
    expect(lines).toContain('model:default/no-card');
    expect(lines).toContain(
      '    at most Managed (level 1) if the 4 checks not evaluated here pass',
    );
    expect(
      lines.find(l => l.includes('FAIL L2 Model card or TechDocs')),
    ).toBeDefined();
    expect(
      lines.find(l => l.startsWith('         fix: Add metadata.annotations')),
    ).toBeDefined();
    const below = await runScore(
      [path.join(dir, 'm.yaml')],
      { format: 'text', minLevel: 'maturity=1', date: '2026-11-22' },
      l => lines.push(l),
      () => {},
    );
    expect(below).toBe(1);
    expect(lines).toContain(
      'below minimum: model:default/no-card maturity level 0 < 1',
    );
  });

  it('fails on prohibited and invalid models', async () => {
    const dir = tmp({
      'p.yaml': MODEL('banned').replace('high-risk', 'prohibited'),
      'i.yaml': MODEL('bad').replace('riskTier: high', 'riskTier: extreme'),
    });
    const lines: string[] = [];
    expect(
      await runScore(
        [path.join(dir, 'p.yaml')],
        { format: 'text', date: '2026-11-22' },
        l => lines.push(l),
        () => {},
      ),
    ).toBe(1);
    expect(lines).toContain(
      '  Maturity: BLOCKED, Ad hoc (level 0/4 proven offline) — next: Managed (fix eu-ai-act-category; not evaluated here: owner-is-group)',
    );
    const json: string[] = [];
    expect(
      await runScore(
        [path.join(dir, 'i.yaml')],
        { format: 'json' },
        l => json.push(l),
        () => {},
      ),
    ).toBe(1);
    expect(JSON.parse(json[0]).invalid[0]).toMatchObject({
      entity: 'model:default/bad',
    });
  });

  it('reads custom checks and exemptions from an app-config file and reports config errors', async () => {
    const config = `modelops:
  scorecards:
    checks:
      - { id: framework-declared, title: Framework declared, howToFix: Set spec.framework, scorecard: maturity, level: 1, path: spec.framework, operator: exists }
    exemptions:
      - { entityRef: 'model:default/ready', checkId: framework-declared, reason: legacy model, requestedBy: 'user:default/ada', approvedBy: 'user:default/grace', expiresAt: '2026-12-31' }
`;
    const dir = tmp({
      'm.yaml': `${MODEL('ready')}---\n${MODEL('other')}`,
      'app-config.yaml': config,
      'bad.yaml': config.replace('level: 1', 'level: 9'),
    });
    const out: string[] = [];
    const code = await runScore(
      [path.join(dir, 'm.yaml')],
      {
        format: 'json',
        config: path.join(dir, 'app-config.yaml'),
        date: '2026-11-22',
      },
      l => out.push(l),
      () => {},
    );
    expect(code).toBe(0);
    const results = JSON.parse(out[0]).results;
    expect(
      results.map((r: any) => [r.entityRef, r.scorecards[0].ceiling.level]),
    ).toEqual([
      ['model:default/ready', 4], // waived
      ['model:default/other', 0],
    ]);
    const errors: string[] = [];
    expect(
      await runScore(
        [path.join(dir, 'm.yaml')],
        { format: 'text', config: path.join(dir, 'bad.yaml') },
        () => {},
        e => errors.push(e),
      ),
    ).toBe(2);
    expect(errors).toEqual([
      'config error: modelops.scorecards.checks[0].level 9 does not exist in scorecard maturity (levels 1-4)',
    ]);
    expect(
      await runScore(
        [path.join(dir, 'm.yaml')],
        { format: 'text', minLevel: 'gold=1' },
        () => {},
        e => errors.push(e),
      ),
    ).toBe(2);
    expect(errors[1]).toBe(
      '--min-level: unknown scorecard "gold"; known: maturity, production-readiness',
    );
  });
});
