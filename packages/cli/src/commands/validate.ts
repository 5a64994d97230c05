import { Command } from 'commander';
import fs from 'node:fs/promises';
import {
  formatProblem,
  isModelEntity,
  ModelValidationProblem,
  validateModelEntity,
} from '@modelops/plugin-modelops-common';
import { parseAllDocuments } from 'yaml';

/** The outcome of validating one file. */
export interface FileValidationReport {
  file: string;
  /** Models found and valid. */
  valid: string[];
  /** Problems: per entity (or per YAML document when it does not parse). */
  invalid: { entity: string; problems: ModelValidationProblem[] }[];
  /** Documents skipped because they are not Models. */
  skipped: number;
}

function describeEntity(doc: any, index: number): string {
  const name = doc?.metadata?.name;
  const ns = doc?.metadata?.namespace ?? 'default';
  return typeof name === 'string' && name
    ? `model:${ns}/${name}`
    : `document ${index + 1} (kind Model, no metadata.name)`;
}

/** Validates every `kind: Model` document of a (multi-document) YAML text. */
export function validateCatalogYaml(
  file: string,
  text: string,
): FileValidationReport {
  const report: FileValidationReport = {
    file,
    valid: [],
    invalid: [],
    skipped: 0,
  };
  const docs = parseAllDocuments(text);
  docs.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      report.invalid.push({
        entity: `document ${index + 1}`,
        problems: doc.errors.map(e => ({
          path: `(yaml line ${e.linePos?.[0]?.line ?? '?'})`,
          message: `is not valid YAML: ${e.message.split('\n')[0]}`,
        })),
      });
      return;
    }
    const value = doc.toJS();
    if (value === null || value === undefined) return; // empty document
    if (
      typeof value !== 'object' ||
      Array.isArray(value) ||
      typeof value.kind !== 'string'
    ) {
      report.skipped += 1;
      return;
    }
    if (!isModelEntity(value)) {
      report.skipped += 1;
      return;
    }
    const result = validateModelEntity(value);
    const entity = describeEntity(value, index);
    if (result.valid) {
      report.valid.push(entity);
    } else {
      report.invalid.push({ entity, problems: result.problems });
    }
  });
  return report;
}

/** Runs `modelops validate` over files; returns the process exit code. */
export async function runValidate(
  files: string[],
  opts: { format: 'text' | 'json' },
  out: (line: string) => void = l => process.stdout.write(`${l}\n`),
  err: (line: string) => void = l => process.stderr.write(`${l}\n`),
): Promise<number> {
  const reports: FileValidationReport[] = [];
  let unreadable = 0;
  for (const file of files) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e: any) {
      unreadable += 1;
      err(`${file}: cannot read file (${e.code ?? e.message}); check the path`);
      continue;
    }
    reports.push(validateCatalogYaml(file, text));
  }
  const invalid = reports.reduce((n, r) => n + r.invalid.length, 0);
  const valid = reports.reduce((n, r) => n + r.valid.length, 0);

  if (opts.format === 'json') {
    out(
      JSON.stringify({ files: reports, valid, invalid, unreadable }, null, 2),
    );
  } else {
    for (const r of reports) {
      for (const v of r.valid) out(`ok    ${r.file}  ${v}`);
      for (const i of r.invalid) {
        for (const p of i.problems) {
          out(`error ${r.file}  ${i.entity}  ${formatProblem(p)}`);
        }
      }
    }
    out(
      `${valid} valid, ${invalid} invalid Model entit${
        invalid + valid === 1 ? 'y' : 'ies'
      } in ${reports.length} file${reports.length === 1 ? '' : 's'}${
        unreadable ? `, ${unreadable} unreadable` : ''
      }`,
    );
    if (valid + invalid === 0 && unreadable === 0) {
      err('warning: no kind: Model entity found in the given files');
    }
  }
  return invalid > 0 || unreadable > 0 ? 1 : 0;
}

/** Registers `modelops validate <file...>`. */
export function registerValidateCommand(program: Command) {
  program
    .command('validate')
    .description(
      'Validate every kind: Model entity in catalog-info.yaml files (multi-document YAML). Exits 1 if any is invalid.',
    )
    .argument('<file...>', 'catalog-info.yaml files to check')
    .option('--format <format>', 'text or json', 'text')
    .action(async (files: string[], opts: { format: string }) => {
      if (opts.format !== 'text' && opts.format !== 'json') {
        process.stderr.write(
          `--format must be text or json (got "${opts.format}")\n`,
        );
        process.exitCode = 2;
        return;
      }
      process.exitCode = await runValidate(files, { format: opts.format });
    });
}
