#!/usr/bin/env node
/*
 * Browser part of scripts/adoption-test.sh: in the new app created by @backstage/create-app (with the
 * packed @modelops packages added), sign in as guest and check that a kind: Model entity page renders the
 * ModelOps overview cards and the Lineage, Drift and Scorecards tabs. Saves
 * docs/screenshots/adoption-model-page.png.
 *
 * Env: ADOPT_BASE (the backend serving the built app), ADOPT_TOKEN (a catalog read token), ADOPT_ROOT (this
 * repository), CHROMIUM_PATH (default /usr/bin/chromium).
 */
const fs = require('node:fs');
const path = require('node:path');

const base = process.env.ADOPT_BASE;
const token = process.env.ADOPT_TOKEN;
const root = process.env.ADOPT_ROOT || path.resolve(__dirname, '..');
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const model = 'credit-default-scorer';

function log(msg) {
  process.stdout.write(`[adoption] ${msg}\n`);
}

async function waitForHttp(url, timeoutMs, headers = {}) {
  const start = Date.now();
  let last = '';
  while (Date.now() - start < timeoutMs) {
    try {
      const res = await fetch(url, { headers });
      if (res.ok) return res;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = e.message;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${url} (${last})`,
  );
}

async function expectText(page, text) {
  await page
    .getByText(text, { exact: false })
    .first()
    .waitFor({ timeout: 30_000 });
}

async function main() {
  if (!base || !token)
    throw new Error(
      'ADOPT_BASE and ADOPT_TOKEN must be set (run scripts/adoption-test.sh)',
    );
  await waitForHttp(`${base}/api/modelops/health`, 180_000);
  await waitForHttp(`${base}/`, 60_000);
  await waitForHttp(
    `${base}/api/catalog/entities/by-name/model/default/${model}`,
    180_000,
    {
      Authorization: `Bearer ${token}`,
    },
  );
  log('backend up, catalog has the example Model');

  const { chromium: pw } = require(require.resolve('playwright-core', {
    paths: [root],
  }));
  const browser = await pw.launch({
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
  const shotDir = path.join(root, 'docs', 'screenshots');
  fs.mkdirSync(shotDir, { recursive: true });
  const errors = [];
  try {
    const page = await browser.newPage({
      viewport: { width: 1440, height: 1000 },
    });
    page.setDefaultTimeout(60_000);
    page.on('pageerror', e => errors.push(e.message));
    await page.goto(`${base}/catalog/default/model/${model}`);
    // create-app's guest sign-in page.
    const enter = page.getByRole('button', { name: /enter/i });
    const card = page.getByText('Risk tier', { exact: false }).first();
    await Promise.race([enter.waitFor(), card.waitFor()]);
    if (await enter.isVisible().catch(() => false)) {
      await enter.click();
      log('signed in as guest');
    }
    // Overview: the model card, versions, lineage graph + table, approvals and drift summary cards.
    const overview = [
      'Credit Default Scorer',
      'Risk tier',
      'Intended use',
      '3.2.0',
      'Loan applications 2019',
    ];
    for (const text of [...overview, 'Approvals', 'Data drift']) {
      await expectText(page, text);
    }
    await page
      .locator('svg')
      .getByText('trained on', { exact: false })
      .first()
      .waitFor();
    // The three ModelOps tabs next to the catalog's own (the entity page's tabs are links to sub-paths).
    const tab = sub =>
      page.locator(`a[href$="/catalog/default/model/${model}/${sub}"]`).first();
    for (const sub of ['lineage', 'drift', 'scorecards'])
      await tab(sub).waitFor();
    log(
      'Model page: model card, versions, lineage, approvals, drift cards and the Lineage/Drift/Scorecards tabs',
    );
    await page.waitForTimeout(1000); // let the graph finish its layout
    await page.screenshot({
      path: path.join(shotDir, 'adoption-model-page.png'),
      fullPage: true,
    });
    // Each tab opens and shows its content.
    await tab('drift').click();
    await page.waitForURL(/\/drift$/);
    await expectText(page, 'No drift data');
    await tab('scorecards').click();
    await page.waitForURL(/\/scorecards$/);
    await expectText(page, 'Maturity');
    await tab('lineage').click();
    await page.waitForURL(/\/lineage$/);
    await page
      .locator('svg')
      .getByText('Credit Scoring Service', { exact: false })
      .first()
      .waitFor();
    log('Drift, Scorecards and Lineage tabs open with their content');
    if (errors.length)
      throw new Error(`uncaught errors in the page: ${errors.join(' | ')}`);
  } catch (e) {
    const pages = browser.contexts().flatMap(c => c.pages());
    if (pages[0]) {
      const out = path.join(root, 'e2e-artifacts', 'adoption-failure.png');
      fs.mkdirSync(path.dirname(out), { recursive: true });
      await pages[0].screenshot({ path: out, fullPage: true }).catch(() => {});
      log(`failure screenshot: ${out}`);
    }
    throw e;
  } finally {
    await browser.close();
  }
}

main().then(
  () => process.exit(0),
  e => {
    process.stderr.write(`[adoption] ${e.stack || e.message}\n`);
    process.exit(1);
  },
);
