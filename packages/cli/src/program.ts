import { Command } from 'commander';
import { registerValidateCommand } from './commands/validate';
import { registerDriftCommand } from './commands/drift';
import { registerScoreCommand } from './commands/score';

/** Builds the `modelops` program with every command registered. */
export function createProgram(): Command {
  const program = new Command();
  program
    .name('modelops')
    .description(
      'ModelOps for Backstage: validate Model entities and compute drift reports.',
    )
    .showHelpAfterError();
  registerValidateCommand(program);
  registerDriftCommand(program);
  registerScoreCommand(program);
  // Further commands register here, one line each.
  return program;
}
