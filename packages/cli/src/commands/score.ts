import { Command } from 'commander';
import fs from 'node:fs/promises';
import {
  BuiltinCheckOptions,
  formatProblem,
  isModelEntity,
  ModelScorecardResult,
  parseExemptionConfig,
  ScorecardConfigError,
  ScorecardEngine,
  validateModelEntity,
} from '@modelops/plugin-modelops-common';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

/** Options of `modelops score`. */
export interface ScoreOptions {
  format: 'text' | 'json';
  /** Minimum level per scorecard id; a model below it fails the run. */
  minLevels: Record<string, number>;
  /** app-config.yaml text with `modelops.scorecards` (custom checks, thresholds, exemptions). */
  configText?: string;
  /** Evaluation time (default now). */
  now?: Date;
}

/** What `modelops score` found in one run. */
export interface ScoreReport {
  results: ModelScorecardResult[];
  invalid: Array<{ file: string; entity: string; problems: string[] }>;
  belowMinimum: Array<{ entityRef: string; scorecard: string; level: number; required: number }>;
}

/** Parses `maturity=2,production-readiness=1`. */
export function parseMinLevels(value: string | undefined, engine: ScorecardEngine): Record<string, number> {
  const out: Record<string, number> = {};
  if (!value) return out;
  for (const part of value.split(',').map(p => p.trim()).filter(Boolean)) {
    const m = /^([a-z0-9-]+)=(\d+)$/.exec(part);
    if (!m) throw new Error(`--min-level: "${part}" must look like maturity=2`);
    const scorecard = engine.scorecards.find(s => s.id === m[1]);
    if (!scorecard) {
      throw new Error(`--min-level: unknown scorecard "${m[1]}"; known: ${engine.scorecards.map(s => s.id).join(', ')}`);
    }
    const max = scorecard.levels[scorecard.levels.length - 1].level;
    if (Number(m[2]) > max) throw new Error(`--min-level: ${m[1]} has levels 0-${max}`);
    out[m[1]] = Number(m[2]);
  }
  return out;
}

/** Builds the engine from an app-config.yaml text (its `modelops.scorecards` part), or the defaults. */
export function engineFromConfig(configText?: string) {
  const config = configText ? (parseYaml(configText) as any) : undefined;
  const sc = config?.modelops?.scorecards ?? {};
  const t = sc.thresholds ?? {};
  const builtin: Partial<BuiltinCheckOptions> = {
    ...(t.driftMaxAgeDays !== undefined ? { driftMaxAgeDays: t.driftMaxAgeDays } : {}),
    ...(t.minDocumentationLength !== undefined ? { minDocumentationLength: t.minDocumentationLength } : {}),
    ...(t.reviewIntervalMonths ? { reviewIntervalMonths: { high: 12, medium: 24, low: 36, ...t.reviewIntervalMonths } } : {}),
  };
  const engine = ScorecardEngine.create({ builtin, customChecks: sc.checks });
  const exemptions = parseExemptionConfig(sc.exemptions, { checkIds: engine.listChecks().map(c => c.id) });
  return { engine, exemptions };
}

/** Scores the Model entities of YAML texts, offline (entity-only facts). */
export function scoreCatalogYaml(files: Array<{ file: string; text: string }>, options: ScoreOptions): ScoreReport {
  const { engine, exemptions } = engineFromConfig(options.configText);
  const now = options.now ?? new Date();
  const report: ScoreReport = { results: [], invalid: [], belowMinimum: [] };
  for (const { file, text } of files) {
    parseAllDocuments(text).forEach((doc, index) => {
      if (doc.errors.length > 0) {
        report.invalid.push({ file, entity: `document ${index + 1}`, problems: doc.errors.map(e => e.message.split('\n')[0]) });
        return;
      }
      const value = doc.toJS();
      if (!value || typeof value !== 'object' || !isModelEntity(value)) return;
      const validation = validateModelEntity(value);
      if (!validation.valid) {
        const name = value.metadata?.name ?? `document ${index + 1}`;
        report.invalid.push({ file, entity: `model:${value.metadata?.namespace ?? 'default'}/${name}`, problems: validation.problems.map(formatProblem) });
        return;
      }
      const result = engine.evaluate({ entity: value, now }, exemptions);
      report.results.push(result);
      for (const s of result.scorecards) {
        const required = options.minLevels[s.scorecard];
        if (required !== undefined && s.level < required) {
          report.belowMinimum.push({ entityRef: result.entityRef, scorecard: s.scorecard, level: s.level, required });
        }
      }
    });
  }
  return report;
}

const MARK: Record<string, string> = { pass: 'ok  ', fail: 'FAIL', waived: 'WAIV', 'not-applicable': 'n/a ' };

/** Human-readable report lines. */
export function formatScoreReport(report: ScoreReport): string[] {
  const lines: string[] = [];
  for (const i of report.invalid) {
    for (const p of i.problems) lines.push(`error ${i.file}  ${i.entity}  ${p}`);
  }
  for (const r of report.results) {
    lines.push(r.entityRef);
    for (const s of r.scorecards) {
      const next = s.next ? ` — next: ${s.next.name} (fix ${s.next.failingChecks.join(', ')})` : ' — top level';
      lines.push(`  ${s.title}: ${s.blocked ? 'BLOCKED, ' : ''}${s.levelName} (level ${s.level}/${s.maxLevel})${next}`);
      for (const c of s.checks) {
        if (c.status === 'pass') continue;
        lines.push(`    ${MARK[c.status]} L${c.level} ${c.title}: ${c.evidence.join('; ')}`);
        if (c.status === 'fail') lines.push(`         fix: ${c.howToFix}`);
      }
    }
  }
  for (const b of report.belowMinimum) {
    lines.push(`below minimum: ${b.entityRef} ${b.scorecard} level ${b.level} < ${b.required}`);
  }
  const blocked = report.results.filter(r => r.scorecards.some(s => s.blocked)).length;
  lines.push(
    `${report.results.length} model${report.results.length === 1 ? '' : 's'} scored offline (catalog, drift and approval checks are not applicable here)` +
      `${report.invalid.length ? `, ${report.invalid.length} invalid` : ''}${blocked ? `, ${blocked} blocked` : ''}`,
  );
  return lines;
}

/** Runs `modelops score`; returns the exit code (1: invalid, blocked or below minimum; 2: usage or config error). */
export async function runScore(
  files: string[],
  opts: { format: string; minLevel?: string; config?: string; date?: string },
  out: (line: string) => void = l => process.stdout.write(`${l}\n`),
  err: (line: string) => void = l => process.stderr.write(`${l}\n`),
): Promise<number> {
  if (opts.format !== 'text' && opts.format !== 'json') {
    err(`--format must be text or json (got "${opts.format}")`);
    return 2;
  }
  let configText: string | undefined;
  let minLevels: Record<string, number>;
  let now: Date | undefined;
  try {
    if (opts.config) configText = await fs.readFile(opts.config, 'utf8');
    minLevels = parseMinLevels(opts.minLevel, engineFromConfig(configText).engine);
    if (opts.date) {
      now = new Date(opts.date);
      if (Number.isNaN(now.getTime())) throw new Error(`--date "${opts.date}" is not a date`);
    }
  } catch (e) {
    if (e instanceof ScorecardConfigError) e.problems.forEach(p => err(`config error: ${p}`));
    else err((e as Error).message);
    return 2;
  }
  const inputs: Array<{ file: string; text: string }> = [];
  for (const file of files) {
    try {
      inputs.push({ file, text: await fs.readFile(file, 'utf8') });
    } catch (e: any) {
      err(`${file}: cannot read file (${e.code ?? e.message}); check the path`);
      return 2;
    }
  }
  const report = scoreCatalogYaml(inputs, { format: opts.format, minLevels, configText, now });
  if (opts.format === 'json') out(JSON.stringify(report, null, 2));
  else formatScoreReport(report).forEach(out);
  if (report.results.length === 0 && report.invalid.length === 0) err('warning: no kind: Model entity found in the given files');
  const blocked = report.results.some(r => r.scorecards.some(s => s.blocked));
  return report.invalid.length > 0 || report.belowMinimum.length > 0 || blocked ? 1 : 0;
}

/** Registers `modelops score <file...>`. */
export function registerScoreCommand(program: Command) {
  program
    .command('score')
    .description(
      'Score Model entities offline against the maturity and production readiness scorecards (entity-only checks). Exits 1 when a model is invalid, blocked (prohibited) or below --min-level.',
    )
    .argument('<file...>', 'catalog-info.yaml files')
    .option('--format <format>', 'text or json', 'text')
    .option('--min-level <levels>', 'minimum levels, e.g. maturity=2,production-readiness=1')
    .option('--config <app-config.yaml>', 'read custom checks, thresholds and exemptions from modelops.scorecards')
    .option('--date <iso-date>', 'evaluate as of this date (default now)')
    .action(async (files: string[], opts: { format: string; minLevel?: string; config?: string; date?: string }) => {
      process.exitCode = await runScore(files, opts);
    });
}
