import { Command } from 'commander';
import {
  computeDrift,
  DatasetDriftResult,
  DRIFT_METHODS,
  DriftInputError,
  DriftMethod,
  DriftSettings,
  DriftSettingsError,
  parseDriftSettings,
} from '@modelops/plugin-modelops-common';
import { CsvInputError } from './drift/csvColumns';
import { readDriftInput } from './drift/columns';
import { formatDriftTable } from './drift/report';
import {
  defaultRunId,
  DriftPushError,
  DriftPushOptions,
  pushDriftReport,
} from './drift/push';
import {
  addDatabaseOptions,
  DatabaseFlags,
  databaseFlagProblems,
  databaseRunId,
  driftFromDatabase,
  givenSourceFlags,
} from './drift/sql/databaseDrift';
import { DatabaseInputError } from '@modelops/plugin-modelops-node';
import { registerDriftProfileCommand } from './driftProfile';
import { readModelSettings } from './drift/modelSettings';

export { readModelSettings };

/** Options of `modelops drift`. */
export interface DriftCommandOptions extends DatabaseFlags {
  /** Reference CSV (not with --db). */
  reference?: string;
  /** Current CSV (not with --db). */
  current?: string;
  categorical?: string[];
  format?: 'table' | 'json';
  method?: DriftMethod;
  threshold?: number;
  minCurrentSize?: number;
  datasetDriftShare?: number;
  /** Exit 1 when the dataset drifted. */
  failOnDrift?: boolean;
  /**
   * catalog-info.yaml of the model: its `spec.monitoring.drift` applies as in the portal (the
   * command-line settings override it).
   */
  entity?: string;
  /** Send the report to the portal (`--push`), see {@link DriftPushOptions}. */
  push?: boolean;
  model?: string;
  url?: string;
  token?: string;
  runId?: string;
  windowStart?: string;
  windowEnd?: string;
  modelVersion?: string;
}

/** Exit code when --push fails (the report itself was computed and printed). */
export const EXIT_PUSH_ERROR = 3;

/** Exit code for bad input or options. */
export const EXIT_INPUT_ERROR = 2;

/**
 * Checks which input the flags name: two CSV files, or --db with a reference and a current
 * source. Returns the problems (each names a flag).
 */
export function driftInputProblems(opts: DriftCommandOptions): string[] {
  if (opts.db !== undefined) {
    const problems: string[] = [];
    for (const [flag, value] of [
      ['--reference', opts.reference],
      ['--current', opts.current],
    ] as const) {
      if (value !== undefined)
        problems.push(
          `${flag} reads a CSV file; with --db give ${flag}-sql "<SELECT …>" or ${flag}-table <name>`,
        );
    }
    return [...problems, ...databaseFlagProblems(opts, true)];
  }
  const dbOnly = givenSourceFlags(opts);
  if (dbOnly.length > 0) {
    return [
      `${dbOnly.join(', ')} ${
        dbOnly.length > 1 ? 'need' : 'needs'
      } --db <connection> (postgresql://user@host/db, sqlite:<file>)`,
    ];
  }
  const problems: string[] = [];
  if (opts.reference === undefined)
    problems.push(
      '--reference <file> is required (or --db with --reference-sql / --reference-table)',
    );
  if (opts.current === undefined)
    problems.push(
      '--current <file> is required (or --db with --current-sql / --current-table)',
    );
  return problems;
}

/**
 * Runs `modelops drift`: reads both CSV files (or, with --db, computes the statistics inside the
 * database), computes the drift report and prints it.
 * Returns the exit code: 0, 1 (dataset drift with --fail-on-drift) or 2 (bad input).
 */
export async function runDrift(
  opts: DriftCommandOptions,
  out: (line: string) => void = l => process.stdout.write(`${l}\n`),
  err: (line: string) => void = l => process.stderr.write(`${l}\n`),
): Promise<number> {
  let result: DatasetDriftResult;
  let runIdSeed: string | undefined;
  let model: { ref: string; settings: DriftSettings } | undefined;
  const inputProblems = driftInputProblems(opts);
  if (inputProblems.length > 0) {
    for (const p of inputProblems) err(`modelops drift: ${p}`);
    return EXIT_INPUT_ERROR;
  }
  if (opts.entity) {
    try {
      model = await readModelSettings(opts.entity, opts.model);
    } catch (e) {
      if (e instanceof DriftSettingsError) {
        for (const p of e.problems)
          err(`modelops drift: ${opts.entity}: ${p.path} ${p.message}`);
      } else err(`modelops drift: --entity ${(e as Error).message}`);
      return EXIT_INPUT_ERROR;
    }
  }
  const modelRef = opts.model ?? model?.ref;
  if (opts.push && !modelRef) {
    err(
      'modelops drift: --push needs --model (or --entity), e.g. --model model:default/credit-default-scorer',
    );
    return EXIT_INPUT_ERROR;
  }
  try {
    const overrides = parseDriftSettings(
      {
        method: opts.method,
        threshold: opts.threshold,
        minCurrentSize: opts.minCurrentSize,
        datasetDriftShare: opts.datasetDriftShare,
      },
      '',
    );
    if (opts.db !== undefined) {
      // The statistics are computed inside the database; only aggregates come back.
      ({ result, runIdSeed } = await driftFromDatabase(
        { ...opts, db: opts.db },
        {
          settings: model?.settings,
          ...overrides,
          categoricalColumns: opts.categorical,
        },
      ));
    } else {
      const referenceFile = opts.reference!;
      const currentFile = opts.current!;
      let input = await readDriftInput(
        referenceFile,
        currentFile,
        opts.categorical ?? [],
      );
      // Features the model declares categorical are read as strings, as the portal reads them.
      const declared = declaredCategorical(model?.settings).filter(
        name => input.kinds[name] === 'numeric',
      );
      if (declared.length > 0) {
        input = await readDriftInput(referenceFile, currentFile, [
          ...(opts.categorical ?? []),
          ...declared,
        ]);
      }
      // As the portal: the model's settings, then the engine's defaults; flags override both.
      result = computeDrift(input.reference, input.current, {
        settings: model?.settings,
        ...overrides,
        kinds: input.kinds,
      });
    }
  } catch (e: any) {
    if (e instanceof DriftSettingsError) {
      for (const p of e.problems)
        err(`modelops drift: --${kebab(p.path)} ${p.message}`);
      return EXIT_INPUT_ERROR;
    }
    if (
      e instanceof CsvInputError ||
      e instanceof DriftInputError ||
      e instanceof DatabaseInputError
    ) {
      err(`modelops drift: ${e.message}`);
      return EXIT_INPUT_ERROR;
    }
    throw e;
  }
  if (opts.format === 'json') {
    out(JSON.stringify(result, null, 2));
  } else {
    for (const line of formatDriftTable(result)) out(line);
    err(
      model
        ? `modelops drift: settings from spec.monitoring.drift of ${model.ref} (${opts.entity}), as the portal applies them`
        : "modelops drift: default settings; pass --entity catalog-info.yaml to apply the model's spec.monitoring.drift as the portal does",
    );
  }
  if (opts.push) {
    try {
      const runId =
        opts.runId ??
        (runIdSeed !== undefined
          ? databaseRunId(runIdSeed, result)
          : await defaultRunId(opts.reference!, opts.current!));
      const pushed = await pushDriftReport(result, {
        model: modelRef!,
        url: opts.url ?? process.env.MODELOPS_URL ?? 'http://localhost:7007',
        token: opts.token ?? process.env.MODELOPS_TOKEN,
        runId,
        windowStart: opts.windowStart,
        windowEnd: opts.windowEnd,
        modelVersion: opts.modelVersion,
      } as DriftPushOptions & { runId: string });
      err(
        `modelops drift: pushed run ${pushed.runId} to ${opts.model} (${
          pushed.created ? 'recorded' : 'already recorded earlier, unchanged'
        })`,
      );
    } catch (e) {
      if (e instanceof DriftPushError) {
        err(`modelops drift: --push failed: ${e.message}`);
        return EXIT_PUSH_ERROR;
      }
      throw e;
    }
  }
  return opts.failOnDrift && result.datasetDrift ? 1 : 0;
}

/** Feature names the settings declare categorical (`categorical` or a feature's `kind`). */
function declaredCategorical(settings: DriftSettings | undefined): string[] {
  if (!settings) return [];
  const byFeature = Object.entries(settings.features ?? {})
    .filter(([, f]) => f.kind === 'categorical')
    .map(([name]) => name);
  return [...new Set([...(settings.categorical ?? []), ...byFeature])];
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`);
}

/** Parses a number flag (commander `argParser`). */
export function parseNumberOption(flag: string) {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) {
      throw new Error(`${flag} must be a number (got "${value}")`);
    }
    return n;
  };
}

/** Registers `modelops drift` and `modelops drift profile`. */
export function registerDriftCommand(program: Command) {
  const drift = program
    .command('drift')
    .description(
      'Compare a current window with a reference (CSV files, or inside a database with --db): per-feature KS, chi-square, Wasserstein, PSI and Jensen-Shannon, and a dataset drift verdict.',
    )
    .option('--reference <file>', 'reference CSV (header row required)')
    .option('--current <file>', 'current CSV with the same columns');
  addDatabaseOptions(drift, true);
  // `drift profile --db …`: the options after `profile` belong to the subcommand.
  drift
    .enablePositionalOptions()
    .option(
      '--categorical <columns>',
      'comma-separated columns to treat as categorical even if numeric',
      (v: string) =>
        v
          .split(',')
          .map(s => s.trim())
          .filter(Boolean),
    )
    .option('--format <format>', 'table or json', 'table')
    .option(
      '--method <method>',
      `drift method for every feature: ${DRIFT_METHODS.join(
        ', ',
      )} (default: automatic)`,
    )
    .option(
      '--threshold <number>',
      'threshold for the chosen method(s)',
      parseNumberOption('--threshold'),
    )
    .option(
      '--min-current-size <n>',
      'minimum non-missing current values per feature (default 30)',
      parseNumberOption('--min-current-size'),
    )
    .option(
      '--dataset-drift-share <share>',
      'share of drifted features for dataset drift (default 0.5)',
      parseNumberOption('--dataset-drift-share'),
    )
    .option(
      '--entity <catalog-info.yaml>',
      "apply the model's spec.monitoring.drift (methods, thresholds, minCurrentSize, datasetDriftShare) as the portal does; flags override it",
    )
    .option('--fail-on-drift', 'exit with code 1 when the dataset drifted')
    .option('--push', 'send the report to the portal as a drift run of --model')
    .option(
      '--model <ref>',
      'Model entity ref for --push (default: the --entity model), e.g. model:default/credit-default-scorer',
    )
    .option(
      '--url <url>',
      'backend base URL for --push (default $MODELOPS_URL or http://localhost:7007)',
    )
    .option(
      '--token <token>',
      'Backstage token for --push (default $MODELOPS_TOKEN)',
    )
    .option(
      '--run-id <id>',
      'idempotency key of the run (default: a hash of both files, or with --db of the queries and the report)',
    )
    .option('--window-start <iso>', 'start of the current window (ISO 8601)')
    .option(
      '--window-end <iso>',
      'end of the current window (ISO 8601, default now)',
    )
    .option(
      '--model-version <version>',
      'model version the window was scored by',
    )
    .action(async (opts: DriftCommandOptions & { format: string }) => {
      if (opts.format !== 'table' && opts.format !== 'json') {
        process.stderr.write(
          `modelops drift: --format must be table or json (got "${opts.format}")\n`,
        );
        process.exitCode = EXIT_INPUT_ERROR;
        return;
      }
      process.exitCode = await runDrift(opts);
    });
  registerDriftProfileCommand(drift);
}
