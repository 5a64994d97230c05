import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { registerValidateCommand } from './commands/validate';
import { registerDriftCommand } from './commands/drift';
import { registerScoreCommand } from './commands/score';
import { registerBomCommand } from './commands/bom';
import { registerEvidenceCommand } from './commands/evidence';
import { registerImportCommand } from './commands/import';

/** The CLI's own version, from its package.json (works from the sources and from the built dist). */
export function cliVersion(): string {
  // The backend's resolvePackagePath() is not for a CLI: `..` is the package root both from src/
  // (run from the sources) and from dist/ (the built CLI), as in @backstage/cli's own paths.
  const pkg = JSON.parse(
    // eslint-disable-next-line no-restricted-syntax
    readFileSync(resolve(__dirname, '..', 'package.json'), 'utf8'),
  );
  return String(pkg.version);
}

/** Builds the `modelops` program with every command registered. */
export function createProgram(): Command {
  const program = new Command();
  program
    .name('modelops')
    .version(cliVersion(), '-V, --version', 'print the modelops CLI version')
    .description(
      'ModelOps for Backstage: validate Model entities and compute drift reports.',
    )
    .showHelpAfterError()
    // Options after a subcommand belong to it (`drift profile --db …` is not `drift --db …`).
    .enablePositionalOptions();
  registerValidateCommand(program);
  registerDriftCommand(program);
  registerScoreCommand(program);
  registerBomCommand(program, cliVersion());
  registerImportCommand(program);
  registerEvidenceCommand(program);
  // Further commands register here, one line each.
  return program;
}
