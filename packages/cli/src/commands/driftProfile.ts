/*
 * `modelops drift profile`: the reference profile the drift API accepts
 * (POST /api/modelops/drift/models/:namespace/:name/references with a `profile`), built from a
 * CSV file or, with --db, inside the database so that the reference rows never leave it.
 */
import { Command } from 'commander';
import {
  buildReferenceProfile,
  DriftSettings,
  DriftSettingsError,
  ReferenceProfile,
  validateReferenceProfile,
} from '@modelops/plugin-modelops-common';
import fs from 'node:fs/promises';
import { CsvInputError } from './drift/csvColumns';
import { readDriftInput } from './drift/columns';
import { readModelSettings } from './drift/modelSettings';
import {
  addDatabaseOptions,
  DatabaseFlags,
  databaseFlagProblems,
  givenSourceFlags,
  profileFromDatabase,
} from './drift/sql/databaseDrift';
import { DatabaseInputError } from '@modelops/plugin-modelops-node';

/** Options of `modelops drift profile`. */
export interface DriftProfileOptions extends DatabaseFlags {
  /** Reference CSV (not with --db). */
  reference?: string;
  categorical?: string[];
  entity?: string;
  model?: string;
  /** Write the profile to this file instead of stdout. */
  output?: string;
  maxExactValues?: number;
  sketchSize?: number;
}

const EXIT_INPUT_ERROR = 2;

function inputProblems(opts: DriftProfileOptions): string[] {
  if (opts.db !== undefined) {
    return [
      ...(opts.reference !== undefined
        ? [
            '--reference reads a CSV file; with --db give --reference-sql "<SELECT …>" or --reference-table <name>',
          ]
        : []),
      ...databaseFlagProblems(opts, false),
    ];
  }
  const dbOnly = givenSourceFlags(opts);
  if (dbOnly.length > 0)
    return [
      `${dbOnly.join(', ')} ${
        dbOnly.length > 1 ? 'need' : 'needs'
      } --db <connection>`,
    ];
  if (opts.reference === undefined)
    return [
      '--reference <file> is required (or --db with --reference-sql / --reference-table)',
    ];
  return [];
}

/** Runs `modelops drift profile`; returns the exit code (0, or 2 for bad input). */
export async function runDriftProfile(
  opts: DriftProfileOptions,
  out: (line: string) => void = l => process.stdout.write(`${l}\n`),
  err: (line: string) => void = l => process.stderr.write(`${l}\n`),
): Promise<number> {
  const problems = inputProblems(opts);
  if (problems.length > 0) {
    for (const p of problems) err(`modelops drift profile: ${p}`);
    return EXIT_INPUT_ERROR;
  }
  let settings: DriftSettings | undefined;
  if (opts.entity) {
    try {
      settings = (await readModelSettings(opts.entity, opts.model)).settings;
    } catch (e) {
      if (e instanceof DriftSettingsError) {
        for (const p of e.problems)
          err(`modelops drift profile: ${opts.entity}: ${p.path} ${p.message}`);
      } else err(`modelops drift profile: --entity ${(e as Error).message}`);
      return EXIT_INPUT_ERROR;
    }
  }
  let profile: ReferenceProfile;
  try {
    if (opts.db !== undefined) {
      profile = await profileFromDatabase(
        { ...opts, db: opts.db },
        {
          settings,
          categoricalColumns: opts.categorical,
          maxExactValues: opts.maxExactValues,
          sketchSize: opts.sketchSize,
        },
      );
    } else {
      const file = opts.reference!;
      const declared = [
        ...(settings?.categorical ?? []),
        ...Object.entries(settings?.features ?? {})
          .filter(([, f]) => f.kind === 'categorical')
          .map(([name]) => name),
      ];
      const input = await readDriftInput(file, file, [
        ...(opts.categorical ?? []),
        ...declared,
      ]);
      profile = buildReferenceProfile(input.reference, {
        kinds: input.kinds,
        settings,
        maxExactValues: opts.maxExactValues,
        sketchSize: opts.sketchSize,
      });
    }
  } catch (e) {
    if (
      e instanceof DatabaseInputError ||
      e instanceof CsvInputError ||
      e instanceof DriftSettingsError
    ) {
      err(`modelops drift profile: ${e.message}`);
      return EXIT_INPUT_ERROR;
    }
    throw e;
  }
  // The profile must be one the API accepts as it is.
  const checked = validateReferenceProfile(profile);
  if (!checked.success) {
    for (const p of checked.problems)
      err(
        `modelops drift profile: invalid profile: ${p.path.join('.')}: ${
          p.message
        }`,
      );
    return EXIT_INPUT_ERROR;
  }
  const json = JSON.stringify(profile);
  if (opts.output) {
    await fs.writeFile(opts.output, `${json}\n`);
  } else {
    out(json);
  }
  err(
    `modelops drift profile: ${
      profile.features.length
    } features (${profile.features
      .map(f => `${f.name}: ${f.kind}, n=${f.n}`)
      .join('; ')})${opts.output ? ` written to ${opts.output}` : ''}`,
  );
  return 0;
}

function positiveInteger(flag: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 1)
      throw new Error(`${flag} must be a positive integer (got "${value}")`);
    return n;
  };
}

/** Registers `modelops drift profile` under `modelops drift`. */
export function registerDriftProfileCommand(drift: Command) {
  const command = drift
    .command('profile')
    .description(
      'Build the reference profile the drift API accepts, from a CSV file or inside a database (--db): aggregates, decile edges and bin counts, and the sorted values or a quantile sketch.',
    )
    .option('--reference <file>', 'reference CSV (header row required)');
  addDatabaseOptions(command, false);
  command
    .option(
      '--categorical <columns>',
      'comma-separated columns to treat as categorical even if numeric',
      (v: string) =>
        v
          .split(',')
          .map(s => s.trim())
          .filter(Boolean),
    )
    .option(
      '--entity <catalog-info.yaml>',
      "apply the model's spec.monitoring.drift (categorical, features.*.kind / ignore)",
    )
    .option('--model <ref>', 'the Model entity of --entity when it has several')
    .option(
      '--max-exact-values <n>',
      'keep all sorted values up to this many per feature, else a sketch (default 200000)',
      positiveInteger('--max-exact-values'),
    )
    .option(
      '--sketch-size <n>',
      'points of the quantile sketch (default 100000)',
      positiveInteger('--sketch-size'),
    )
    .option(
      '--output <file>',
      'write the profile JSON to this file (default stdout)',
    )
    .action(async (opts: DriftProfileOptions) => {
      process.exitCode = await runDriftProfile(opts);
    });
}
