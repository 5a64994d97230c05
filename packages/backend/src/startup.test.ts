/*
 * The example backend's entry point, started as `yarn start` does (without the file watcher): with
 * the shipped app-config.yaml (development sign-in enabled) and NODE_ENV=production it must exit
 * with an error, not keep serving half started.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

jest.setTimeout(150_000);

const backendDir = path.resolve(__dirname, '..');
const root = path.resolve(backendDir, '../..');

function runBackend(env: NodeJS.ProcessEnv, timeoutMs: number) {
  // Any free port and an in-memory database: nothing is written to .modelops-data/.
  const overlay = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'modelops-startup-')),
    'overlay.yaml',
  );
  fs.writeFileSync(
    overlay,
    JSON.stringify({
      backend: {
        listen: { port: 0 },
        database: { client: 'better-sqlite3', connection: ':memory:' },
      },
    }),
  );
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs', {
        paths: [root],
      }),
      'src/index.ts',
      '--config',
      path.join(root, 'app-config.yaml'),
      '--config',
      overlay,
    ],
    { cwd: backendDir, env: { ...process.env, ...env }, detached: true },
  );
  let output = '';
  child.stdout.on('data', d => (output += d));
  child.stderr.on('data', d => (output += d));
  return new Promise<{ code: number | null; output: string }>(resolve => {
    const timer = setTimeout(() => {
      // Still running: stop it (and its children) and report that it did not exit.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, timeoutMs);
    child.on('exit', code => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('example backend startup', () => {
  it('exits with code 1 and says why when the development sign-in is enabled with NODE_ENV=production', async () => {
    const { code, output } = await runBackend(
      { NODE_ENV: 'production' },
      120_000,
    );
    expect(output).toContain(
      'modelops.devSignIn.enabled is true but NODE_ENV is production',
    );
    expect(code).toBe(1);
  });
});
