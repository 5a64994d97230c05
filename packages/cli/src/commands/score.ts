import { Command } from 'commander';
import fs from 'node:fs/promises';
import {
  BuiltinCheckOptions,
  entityRefOf,
  formatProblem,
  isModelEntity,
  CheckResultStatus,
  ModelScorecardResult,
  parseExemptionConfig,
  parseModelScorecardResult,
  ScorecardConfigError,
  ScorecardEngine,
  validateModelEntity,
} from '@modelops/plugin-modelops-common';
import type { Entity } from '@backstage/catalog-model';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { fetchFromPortal } from './portalFetch';

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
  /** `offline`: evaluated here from the files alone; `portal`: the portal's evaluation. */
  source: 'offline' | 'portal';
  /** Base URL of the portal, with `source: 'portal'`. */
  portal?: string;
  results: ModelScorecardResult[];
  invalid: Array<{ file: string; entity: string; problems: string[] }>;
  belowMinimum: Array<{
    entityRef: string;
    scorecard: string;
    level: number;
    required: number;
  }>;
  /** Models the portal could not score (unreachable, refused, unknown model). */
  unavailable: Array<{ entityRef: string; problem: string }>;
  /** E.g. the local file disagrees with the catalog's copy on a check the entity decides. */
  warnings: string[];
}

/** A valid Model entity read from a file. */
interface ModelInput {
  file: string;
  entity: Entity;
}

/** Reads the Model entities of YAML texts; invalid ones go to `report.invalid`. */
function readModels(
  files: Array<{ file: string; text: string }>,
  report: ScoreReport,
): ModelInput[] {
  const models: ModelInput[] = [];
  for (const { file, text } of files) {
    parseAllDocuments(text).forEach((doc, index) => {
      if (doc.errors.length > 0) {
        report.invalid.push({
          file,
          entity: `document ${index + 1}`,
          problems: doc.errors.map(e => e.message.split('\n')[0]),
        });
        return;
      }
      const value = doc.toJS();
      if (!value || typeof value !== 'object' || !isModelEntity(value)) return;
      const validation = validateModelEntity(value);
      if (!validation.valid) {
        const name = value.metadata?.name ?? `document ${index + 1}`;
        report.invalid.push({
          file,
          entity: `model:${value.metadata?.namespace ?? 'default'}/${name}`,
          problems: validation.problems.map(formatProblem),
        });
        return;
      }
      models.push({ file, entity: value });
    });
  }
  return models;
}

/** Records the scorecards of a result below the required minimum (on the level it proves). */
function gate(
  result: ModelScorecardResult,
  minLevels: Record<string, number>,
  report: ScoreReport,
) {
  for (const s of result.scorecards) {
    const required = minLevels[s.scorecard];
    if (required !== undefined && s.level < required) {
      report.belowMinimum.push({
        entityRef: result.entityRef,
        scorecard: s.scorecard,
        level: s.level,
        required,
      });
    }
  }
}

/** Parses `maturity=2,production-readiness=1`. */
export function parseMinLevels(
  value: string | undefined,
  engine: ScorecardEngine,
): Record<string, number> {
  const out: Record<string, number> = {};
  if (!value) return out;
  for (const part of value
    .split(',')
    .map(p => p.trim())
    .filter(Boolean)) {
    const m = /^([a-z0-9-]+)=(\d+)$/.exec(part);
    if (!m) throw new Error(`--min-level: "${part}" must look like maturity=2`);
    const scorecard = engine.scorecards.find(s => s.id === m[1]);
    if (!scorecard) {
      throw new Error(
        `--min-level: unknown scorecard "${m[1]}"; known: ${engine.scorecards
          .map(s => s.id)
          .join(', ')}`,
      );
    }
    const max = scorecard.levels[scorecard.levels.length - 1].level;
    if (Number(m[2]) > max)
      throw new Error(`--min-level: ${m[1]} has levels 0-${max}`);
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
    ...(t.driftMaxAgeDays !== undefined
      ? { driftMaxAgeDays: t.driftMaxAgeDays }
      : {}),
    ...(t.minDocumentationLength !== undefined
      ? { minDocumentationLength: t.minDocumentationLength }
      : {}),
    ...(t.reviewIntervalMonths
      ? {
          reviewIntervalMonths: {
            high: 12,
            medium: 24,
            low: 36,
            ...t.reviewIntervalMonths,
          },
        }
      : {}),
  };
  const engine = ScorecardEngine.create({ builtin, customChecks: sc.checks });
  const exemptions = parseExemptionConfig(sc.exemptions, {
    checkIds: engine.listChecks().map(c => c.id),
  });
  return { engine, exemptions };
}

/** Scores the Model entities of YAML texts, offline (entity-only facts). */
export function scoreCatalogYaml(
  files: Array<{ file: string; text: string }>,
  options: ScoreOptions,
): ScoreReport {
  const { engine, exemptions } = engineFromConfig(options.configText);
  const now = options.now ?? new Date();
  const report: ScoreReport = {
    source: 'offline',
    results: [],
    invalid: [],
    belowMinimum: [],
    unavailable: [],
    warnings: [],
  };
  for (const { entity } of readModels(files, report)) {
    const result = engine.evaluate({ entity, now }, exemptions);
    report.results.push(result);
    gate(result, options.minLevels, report);
  }
  return report;
}

/** Options of {@link scoreWithPortal}. */
export interface PortalScoreOptions extends ScoreOptions {
  /** Base URL of the Backstage backend, e.g. https://backstage.example.com. */
  portal: string;
  /** Backstage token sent as a bearer token. */
  token?: string;
  fetchImpl?: typeof fetch;
}

/** `pass`/`fail` the entity alone decides; a waived failure is still a failure of the entity. */
const entityVerdict = (status: CheckResultStatus) =>
  status === 'waived' ? 'fail' : status;

/**
 * Warns where the local file and the catalog's copy disagree: a check that needs nothing but the
 * entity has a different verdict here than in the portal.
 */
function compareWithLocal(
  file: string,
  local: ModelScorecardResult,
  portal: ModelScorecardResult,
  engine: ScorecardEngine,
): string[] {
  const entityOnly = new Set(
    engine
      .listChecks()
      .filter(c => c.requires.length === 0)
      .map(c => c.id),
  );
  const differ = new Map<string, string>();
  for (const ls of local.scorecards) {
    const ps = portal.scorecards.find(s => s.scorecard === ls.scorecard);
    for (const lc of ls.checks) {
      const pc = ps?.checks.find(c => c.checkId === lc.checkId);
      if (!pc || !entityOnly.has(lc.checkId) || differ.has(lc.checkId))
        continue;
      if (entityVerdict(lc.status) !== entityVerdict(pc.status)) {
        differ.set(
          lc.checkId,
          `${lc.checkId} is ${entityVerdict(
            lc.status,
          )} in ${file} but ${entityVerdict(pc.status)} in the portal`,
        );
      }
    }
  }
  return [...differ.values()].map(
    d =>
      `warning: ${portal.entityRef}: ${d}; the portal scores the catalog's copy of the entity (commit the file and let the catalog refresh)`,
  );
}

/** Fetches the portal's evaluation of one model. */
async function fetchPortalResult(
  base: string,
  entity: Entity,
  options: PortalScoreOptions,
): Promise<{ result: ModelScorecardResult } | { problem: string }> {
  const ns = encodeURIComponent(entity.metadata.namespace ?? 'default');
  const name = encodeURIComponent(entity.metadata.name);
  const url = `${base}/api/modelops/scorecards/models/${ns}/${name}`;
  const res = await fetchFromPortal(url, base, {
    accept: 'application/json',
    token: options.token,
    fetchImpl: options.fetchImpl,
  });
  if ('problem' in res) return res;
  if (res.status === 401 || res.status === 403) {
    return {
      problem: `--portal: ${base} refused the request (${res.status}); pass a Backstage token with --token or MODELOPS_TOKEN that may read scorecards`,
    };
  }
  if (res.status === 404) {
    return {
      problem: `--portal: ${base} has no ${entityRefOf(
        entity,
      )} in its catalog (404); register the model, or score it offline`,
    };
  }
  if (!res.ok)
    return {
      problem: `--portal: ${url} answered ${res.status} ${res.statusText}`,
    };
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    return {
      problem: `--portal: ${url} did not answer JSON; is ${base} the Backstage backend?`,
    };
  }
  const parsed = parseModelScorecardResult(body);
  if (!parsed.success)
    return {
      problem: `--portal: ${url} answered an unexpected scorecard result (${parsed.problem})`,
    };
  return { result: parsed.result };
}

/**
 * Scores the Model entities of YAML texts as the portal does: fetches the portal's evaluation of
 * each model (catalog, drift and approval facts included) and gates on the level it shows.
 */
export async function scoreWithPortal(
  files: Array<{ file: string; text: string }>,
  options: PortalScoreOptions,
): Promise<ScoreReport> {
  const base = options.portal
    .replace(/\/+$/, '')
    .replace(/\/api\/modelops$/, '');
  const { engine, exemptions } = engineFromConfig(options.configText);
  const report: ScoreReport = {
    source: 'portal',
    portal: base,
    results: [],
    invalid: [],
    belowMinimum: [],
    unavailable: [],
    warnings: [],
  };
  for (const { file, entity } of readModels(files, report)) {
    const fetched = await fetchPortalResult(base, entity, options);
    if ('problem' in fetched) {
      report.unavailable.push({
        entityRef: entityRefOf(entity),
        problem: fetched.problem,
      });
      continue;
    }
    report.results.push(fetched.result);
    gate(fetched.result, options.minLevels, report);
    const local = engine.evaluate(
      { entity, now: new Date(fetched.result.evaluatedAt) },
      exemptions,
    );
    report.warnings.push(
      ...compareWithLocal(file, local, fetched.result, engine),
    );
  }
  return report;
}

const MARK: Record<string, string> = {
  pass: 'ok  ',
  fail: 'FAIL',
  waived: 'WAIV',
  'not-applicable': 'n/a ',
  'not-evaluated': '??  ',
};

function nextText(s: ModelScorecardResult['scorecards'][number]): string {
  if (!s.next) return ' — top level';
  const parts = [
    ...(s.next.failingChecks.length
      ? [`fix ${s.next.failingChecks.join(', ')}`]
      : []),
    ...(s.next.notEvaluatedChecks?.length
      ? [`not evaluated here: ${s.next.notEvaluatedChecks.join(', ')}`]
      : []),
  ];
  return ` — next: ${s.next.name}${
    parts.length ? ` (${parts.join('; ')})` : ''
  }`;
}

/** Human-readable report lines. */
export function formatScoreReport(report: ScoreReport): string[] {
  const lines: string[] = [];
  const where = report.source === 'portal' ? 'in the portal' : 'proven offline';
  for (const i of report.invalid) {
    for (const p of i.problems)
      lines.push(`error ${i.file}  ${i.entity}  ${p}`);
  }
  for (const u of report.unavailable)
    lines.push(`error ${u.entityRef}  ${u.problem}`);
  for (const r of report.results) {
    lines.push(r.entityRef);
    for (const s of r.scorecards) {
      lines.push(
        `  ${s.title}: ${s.blocked ? 'BLOCKED, ' : ''}${s.levelName} (level ${
          s.level
        }/${s.maxLevel} ${where})${nextText(s)}`,
      );
      if (s.ceiling && s.ceiling.level > s.level) {
        lines.push(
          `    at most ${s.ceiling.name} (level ${s.ceiling.level}) if the ${
            s.counts.notEvaluated
          } check${
            s.counts.notEvaluated === 1 ? '' : 's'
          } not evaluated here pass`,
        );
      }
      for (const c of s.checks) {
        if (c.status === 'pass') continue;
        lines.push(
          `    ${MARK[c.status]} L${c.level} ${c.title}: ${c.evidence.join(
            '; ',
          )}`,
        );
        if (c.status === 'fail') lines.push(`         fix: ${c.howToFix}`);
      }
    }
  }
  for (const b of report.belowMinimum) {
    lines.push(
      `below minimum: ${b.entityRef} ${b.scorecard} level ${b.level} < ${b.required}`,
    );
  }
  lines.push(...report.warnings);
  const blocked = report.results.filter(r =>
    r.scorecards.some(s => s.blocked),
  ).length;
  const n = report.results.length;
  const tail = `${
    report.invalid.length ? `, ${report.invalid.length} invalid` : ''
  }${
    report.unavailable.length ? `, ${report.unavailable.length} not scored` : ''
  }${blocked ? `, ${blocked} blocked` : ''}`;
  if (report.source === 'portal') {
    lines.push(
      `${n} model${n === 1 ? '' : 's'} scored by the portal at ${
        report.portal
      } (its catalog, drift and approval facts)${tail}`,
    );
  } else {
    const unproven = report.results.reduce(
      (sum, r) =>
        sum + r.scorecards.reduce((k, s) => k + s.counts.notEvaluated, 0),
      0,
    );
    const hint = unproven
      ? `; ?? marks checks not evaluated here (they need catalog, drift or approval facts): use --portal <url> for the portal's level`
      : '';
    lines.push(
      `${n} model${
        n === 1 ? '' : 's'
      } scored offline${tail}: levels are what the files alone prove${hint}`,
    );
  }
  return lines;
}

/**
 * Runs `modelops score`; returns the exit code (1: invalid, blocked or below minimum; 2: usage or
 * config error, or a model the portal could not score).
 */
export async function runScore(
  files: string[],
  opts: {
    format: string;
    minLevel?: string;
    config?: string;
    date?: string;
    portal?: string;
    token?: string;
  },
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
    minLevels = parseMinLevels(
      opts.minLevel,
      engineFromConfig(configText).engine,
    );
    if (opts.portal !== undefined) {
      let url: URL | undefined;
      try {
        url = new URL(opts.portal);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
        throw new Error(
          `--portal "${opts.portal}" must be the backend's http(s) URL, e.g. https://backstage.example.com`,
        );
      }
      if (opts.date)
        throw new Error(
          '--date cannot be used with --portal: the portal evaluates as of now',
        );
    }
    if (opts.date) {
      now = new Date(opts.date);
      if (Number.isNaN(now.getTime()))
        throw new Error(`--date "${opts.date}" is not a date`);
    }
  } catch (e) {
    if (e instanceof ScorecardConfigError)
      e.problems.forEach(p => err(`config error: ${p}`));
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
  const report =
    opts.portal !== undefined
      ? await scoreWithPortal(inputs, {
          format: opts.format,
          minLevels,
          configText,
          portal: opts.portal,
          token: opts.token ?? process.env.MODELOPS_TOKEN,
        })
      : scoreCatalogYaml(inputs, {
          format: opts.format,
          minLevels,
          configText,
          now,
        });
  if (opts.format === 'json') out(JSON.stringify(report, null, 2));
  else formatScoreReport(report).forEach(out);
  if (
    report.results.length === 0 &&
    report.invalid.length === 0 &&
    report.unavailable.length === 0
  ) {
    err('warning: no kind: Model entity found in the given files');
  }
  if (opts.format === 'json') report.warnings.forEach(err);
  // Could not score a model: neither pass nor fail it.
  if (report.unavailable.length > 0) return 2;
  const blocked = report.results.some(r => r.scorecards.some(s => s.blocked));
  return report.invalid.length > 0 || report.belowMinimum.length > 0 || blocked
    ? 1
    : 0;
}

/** Registers `modelops score <file...>`. */
export function registerScoreCommand(program: Command) {
  program
    .command('score')
    .description(
      'Score Model entities against the maturity and production readiness scorecards. Offline it reports the level the files alone prove (checks that need catalog, drift or approval facts are not evaluated and hold the level back); with --portal, the level the portal shows. Exits 1 when a model is invalid, blocked (prohibited) or below --min-level, 2 on usage errors or when the portal cannot score a model.',
    )
    .argument('<file...>', 'catalog-info.yaml files')
    .option('--format <format>', 'text or json', 'text')
    .option(
      '--min-level <levels>',
      'minimum levels, e.g. maturity=2,production-readiness=1',
    )
    .option(
      '--config <app-config.yaml>',
      'read custom checks, thresholds and exemptions from modelops.scorecards',
    )
    .option(
      '--date <iso-date>',
      'evaluate as of this date (default now; offline only)',
    )
    .option(
      '--portal <url>',
      "fetch the portal's evaluation (catalog, drift and approval facts), e.g. https://backstage.example.com",
    )
    .option(
      '--token <token>',
      'Backstage token for --portal (default $MODELOPS_TOKEN)',
    )
    .action(
      async (
        files: string[],
        opts: {
          format: string;
          minLevel?: string;
          config?: string;
          date?: string;
          portal?: string;
          token?: string;
        },
      ) => {
        process.exitCode = await runScore(files, opts);
      },
    );
}
