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
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('modelops score', () => {
  it('scores models offline: entity checks apply, catalog/drift/approval checks are not applicable', () => {
    const report = scoreCatalogYaml([{ file: 'a.yaml', text: MODEL('ready') }], { format: 'text', minLevels: {}, now });
    const [r] = report.results;
    expect(r.factSources).toEqual([]);
    expect(r.scorecards.map(s => [s.scorecard, s.level])).toEqual([
      ['maturity', 4],
      ['production-readiness', 3],
    ]);
    const na = r.scorecards[1].checks.filter(c => c.status === 'not-applicable').map(c => c.checkId);
    expect(na.sort()).toEqual(['drift-run-recent', 'no-unacknowledged-drift', 'owner-is-group', 'production-version-approved']);
  });

  it('prints failing checks with evidence and fix, and fails the run below --min-level', async () => {
    const dir = tmp({ 'm.yaml': `${MODEL('ready')}---\n${MODEL('no-card').replace('    backstage.io/techdocs-ref: dir:.\n', '')}` });
    const lines: string[] = [];
    const code = await runScore([path.join(dir, 'm.yaml')], { format: 'text', minLevel: 'maturity=2', date: '2026-11-22' }, l => lines.push(l), () => {});
    expect(code).toBe(1);
    expect(lines).toContain('model:default/no-card');
    expect(lines).toContain('  Maturity: Managed (level 1/4) — next: Reproducible (fix model-card-present)');
    expect(lines.find(l => l.includes('FAIL L2 Model card or TechDocs'))).toBeDefined();
    expect(lines.find(l => l.startsWith('         fix: Add metadata.annotations'))).toBeDefined();
    expect(lines).toContain('below minimum: model:default/no-card maturity level 1 < 2');
    const ok = await runScore([path.join(dir, 'm.yaml')], { format: 'text', minLevel: 'maturity=1', date: '2026-11-22' }, () => {}, () => {});
    expect(ok).toBe(0);
  });

  it('fails on prohibited and invalid models', async () => {
    const dir = tmp({ 'p.yaml': MODEL('banned').replace('high-risk', 'prohibited'), 'i.yaml': MODEL('bad').replace('riskTier: high', 'riskTier: extreme') });
    const lines: string[] = [];
    expect(await runScore([path.join(dir, 'p.yaml')], { format: 'text', date: '2026-11-22' }, l => lines.push(l), () => {})).toBe(1);
    expect(lines).toContain('  Maturity: BLOCKED, Ad hoc (level 0/4) — next: Managed (fix eu-ai-act-category)');
    const json: string[] = [];
    expect(await runScore([path.join(dir, 'i.yaml')], { format: 'json' }, l => json.push(l), () => {})).toBe(1);
    expect(JSON.parse(json[0]).invalid[0]).toMatchObject({ entity: 'model:default/bad' });
  });

  it('reads custom checks and exemptions from an app-config file and reports config errors', async () => {
    const config = `modelops:
  scorecards:
    checks:
      - { id: framework-declared, title: Framework declared, howToFix: Set spec.framework, scorecard: maturity, level: 1, path: spec.framework, operator: exists }
    exemptions:
      - { entityRef: 'model:default/ready', checkId: framework-declared, reason: legacy model, requestedBy: 'user:default/ada', approvedBy: 'user:default/grace', expiresAt: '2026-12-31' }
`;
    const dir = tmp({ 'm.yaml': `${MODEL('ready')}---\n${MODEL('other')}`, 'app-config.yaml': config, 'bad.yaml': config.replace('level: 1', 'level: 9') });
    const out: string[] = [];
    const code = await runScore([path.join(dir, 'm.yaml')], { format: 'json', config: path.join(dir, 'app-config.yaml'), date: '2026-11-22' }, l => out.push(l), () => {});
    expect(code).toBe(0);
    const results = JSON.parse(out[0]).results;
    expect(results.map((r: any) => [r.entityRef, r.scorecards[0].level])).toEqual([
      ['model:default/ready', 4], // waived
      ['model:default/other', 0],
    ]);
    const errors: string[] = [];
    expect(await runScore([path.join(dir, 'm.yaml')], { format: 'text', config: path.join(dir, 'bad.yaml') }, () => {}, e => errors.push(e))).toBe(2);
    expect(errors).toEqual(['config error: modelops.scorecards.checks[0].level 9 does not exist in scorecard maturity (levels 1-4)']);
    expect(await runScore([path.join(dir, 'm.yaml')], { format: 'text', minLevel: 'gold=1' }, () => {}, e => errors.push(e))).toBe(2);
    expect(errors[1]).toBe('--min-level: unknown scorecard "gold"; known: maturity, production-readiness');
  });
});
