/*
 * The `modelops` command line. Each command lives in its own file under ./commands and
 * registers itself on the program; this file only wires them together.
 */
import { createProgram } from './program';

// `modelops score ... | head` closes the pipe early: stop quietly, as Unix tools do, instead of
// crashing with an unhandled EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

createProgram()
  .parseAsync(process.argv)
  .catch(error => {
    process.stderr.write(`modelops: ${error?.message ?? String(error)}\n`);
    process.exit(2);
  });
