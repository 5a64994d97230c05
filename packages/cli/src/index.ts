/*
 * The `modelops` command line. Each command lives in its own file under ./commands and
 * registers itself on the program; this file only wires them together.
 */
import { createProgram } from './program';

createProgram()
  .parseAsync(process.argv)
  .catch(error => {
    process.stderr.write(`modelops: ${error?.message ?? String(error)}\n`);
    process.exit(2);
  });
