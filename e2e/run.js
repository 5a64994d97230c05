#!/usr/bin/env node
/*
 * Browser test of the example portal: builds the app, starts the example backend (which serves the
 * built app, embedded SQLite, example catalog), drives Debian Chromium with playwright-core through the
 * guest sign-in to a Model entity page, asserts the model card and lineage, and saves screenshots.
 *
 *   node e2e/run.js [--skip-build]
 *
 * Env: CHROMIUM_PATH (default /usr/bin/chromium), E2E_KEEP_OPEN=1 to leave the backend running,
 * E2E_ONLY=60,drift to run only the scenario files whose names contain one of these.
 */
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
// E2E_PORT runs a second browser test next to one on the default port (e.g. a clean-clone check).
const port = Number(process.env.E2E_PORT || 7017);
const base = `http://localhost:${port}`;
const outDir = path.join(root, 'e2e-artifacts');
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// Scenarios: e2e/scenarios/NN-name.js, run in file-name order (one file per feature).
const scenarioDir = path.join(__dirname, 'scenarios');
const scenarios = fs
  .readdirSync(scenarioDir)
  .filter(f => /^\d+-.*\.js$/.test(f))
  // E2E_ONLY=60,approvals runs only the scenario files whose names contain one of these.
  .filter(
    f =>
      !process.env.E2E_ONLY ||
      process.env.E2E_ONLY.split(',').some(part => f.includes(part)),
  )
  .sort()
  .map(f => require(path.join(scenarioDir, f)));

function log(msg) {
  process.stdout.write(`[e2e] ${msg}\n`);
}

async function waitForHttp(url, timeoutMs, headers = {}) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    try {
      const res = await fetch(url, { headers });
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${url}`);
}

async function main() {
  if (!fs.existsSync(chromium)) {
    throw new Error(
      `Chromium not found at ${chromium}. Install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });

  if (!process.argv.includes('--skip-build')) {
    log('building the app (packages/app)');
    const buildLog = path.join(outDir, 'app-build.log');
    const build = spawnSync('yarn', ['workspace', 'app', 'build'], {
      cwd: root,
      stdio: ['ignore', fs.openSync(buildLog, 'w'), fs.openSync(buildLog, 'a')],
      env: {
        ...process.env,
        APP_CONFIG_app_baseUrl: base,
        APP_CONFIG_backend_baseUrl: base,
      },
    });
    if (build.status !== 0)
      throw new Error(`app build failed; see ${path.relative(root, buildLog)}`);
  }

  // The shipped config has no service token. This run makes its own random one, allowed only to
  // read catalog entities (to wait for the ingestion below), and passes it in a temporary config file (JSON is YAML).
  const catalogToken = crypto.randomBytes(24).toString('base64url');
  // A service token for the MCP scenario (80-mcp-actions): an agent without a user, which the
  // actions must refuse to act for.
  const mcpServiceToken = crypto.randomBytes(24).toString('base64url');
  const tokenConfig = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'modelops-e2e-')),
    'app-config.token.yaml',
  );
  fs.writeFileSync(
    tokenConfig,
    JSON.stringify({
      app: { baseUrl: base },
      backend: {
        baseUrl: base,
        listen: { port },
        cors: { origin: base },
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: catalogToken, subject: 'modelops-e2e' },
              accessRestrictions: [
                { plugin: 'catalog', permission: 'catalog.entity.read' },
              ],
            },
            {
              type: 'static',
              options: {
                token: mcpServiceToken,
                subject: 'modelops-e2e-agent',
              },
              accessRestrictions: [
                { plugin: 'mcp-actions' },
                { plugin: 'modelops' },
                { plugin: 'catalog' },
              ],
            },
          ],
        },
      },
    }),
  );

  log(`starting the example backend on ${base}`);
  const backendLog = fs.createWriteStream(path.join(outDir, 'backend.log'));
  // Run the backend without the CLI's file watcher, so edits elsewhere never restart it mid-test.
  const backend = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs', {
        paths: [root],
      }),
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      '../../e2e/app-config.e2e.yaml',
      '--config',
      tokenConfig,
    ],
    {
      cwd: path.join(root, 'packages/backend'),
      detached: true,
      env: { ...process.env, NODE_ENV: 'development' },
    },
  );
  backend.stdout.pipe(backendLog);
  backend.stderr.pipe(backendLog);
  const stopBackend = () => {
    try {
      process.kill(-backend.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  process.on('exit', stopBackend);

  const { chromium: pw } = require('playwright-core');
  let browser;
  try {
    await waitForHttp(`${base}/api/modelops/health`, 120_000);
    await waitForHttp(`${base}/`, 60_000);
    // The catalog ingests examples/ asynchronously after start: wait for the last example Model.
    await waitForHttp(
      `${base}/api/catalog/entities/by-name/model/default/synthetic-transactions-generator`,
      120_000,
      {
        Authorization: `Bearer ${catalogToken}`,
      },
    );
    log('catalog has the example models');
    // playwright-core gives every launch a fresh temporary profile (the equivalent of a new --user-data-dir).
    browser = await pw.launch({
      executablePath: chromium,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const page = await browser.newPage({
      viewport: { width: 1440, height: 1000 },
    });
    page.setDefaultTimeout(30_000);
    const ctx = { page, base, outDir, root, log, mcpServiceToken };
    await signIn(ctx);
    let failed = 0;
    for (const scenario of scenarios) {
      try {
        await scenario.run(ctx);
        log(`PASS ${scenario.name}`);
      } catch (e) {
        failed += 1;
        log(`FAIL ${scenario.name}: ${e.message}`);
        await page
          .screenshot({
            path: path.join(outDir, `failed-${scenario.id}.png`),
            fullPage: true,
          })
          .catch(() => {});
      }
    }
    if (failed)
      throw new Error(
        `${failed} browser scenario(s) failed; see ${path.relative(
          root,
          outDir,
        )}/`,
      );
    log(`all ${scenarios.length} browser scenarios passed`);
  } finally {
    if (browser) await browser.close();
    if (!process.env.E2E_KEEP_OPEN) stopBackend();
  }
}

async function signIn({ page, base, log }) {
  await page.goto(`${base}/`);
  const enter = page.getByRole('button', { name: /enter/i });
  await enter.waitFor({ timeout: 60_000 });
  await enter.click();
  // Signed in once the app shell (sidebar) is there; later page.goto calls refresh the session.
  await page
    .getByRole('link', { name: /models/i })
    .first()
    .waitFor({ timeout: 60_000 });
  log('signed in as guest');
}

main().then(
  () => process.exit(0),
  e => {
    process.stderr.write(`[e2e] ${e.stack || e.message}\n`);
    process.exit(1);
  },
);
