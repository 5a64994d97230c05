import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliVersion, createProgram } from './program';

const BIN = path.resolve(__dirname, '..', 'bin', 'modelops');
const MODEL = (name: string) => `apiVersion: modelops.io/v1alpha1
kind: Model
metadata:
  name: ${name}
spec:
  type: classification
  lifecycle: experimental
  owner: credit-risk-ds
`;

jest.setTimeout(60_000);

describe('modelops program', () => {
  it('prints its version with --version', () => {
    const out: string[] = [];
    const program = createProgram()
      .exitOverride()
      .configureOutput({ writeOut: s => out.push(s) });
    expect(() => program.parse(['node', 'modelops', '--version'])).toThrow(
      /0\.1\.0|version/,
    );
    expect(out.join('')).toBe(`${cliVersion()}\n`);
    expect(cliVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('stops quietly when its output pipe closes early (modelops score | head)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelops-epipe-'));
    const file = path.join(dir, 'catalog-info.yaml');
    // Enough models that the report is far larger than a pipe buffer (64 KiB).
    fs.writeFileSync(
      file,
      Array.from({ length: 1500 }, (_, i) => MODEL(`m${i}`)).join('---\n'),
    );
    const child = spawn(process.execPath, [BIN, 'score', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', d => (stderr += d));
    // Read the first chunk, then close the pipe as `head -1` does.
    await new Promise<void>(resolve =>
      child.stdout.once('data', () => resolve()),
    );
    child.stdout.destroy();
    const code = await new Promise<number | null>(resolve =>
      child.on('close', c => resolve(c)),
    );
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect([0, 1]).toContain(code);
  });
});
