#!/usr/bin/env node
/*
 * Time to interactive of a Model entity page in headless Chromium: from navigation start to the
 * model card visible ("Intended use" of credit-default-scorer), each run a full page load in the
 * same signed-in browser context. One warm-up, then N measured runs; prints every run and the median.
 *
 *   node bench/frontend/tti.js [--base http://localhost:7017] [--runs 5]
 *
 * Needs the example backend serving a built app at --base (e.g. `E2E_KEEP_OPEN=1`-style: start
 * packages/backend with e2e/app-config.e2e.yaml after `yarn workspace app build`).
 */
const path = require('node:path');
const root = path.resolve(__dirname, '../..');
const { chromium } = require(require.resolve('playwright-core', {
  paths: [root],
}));

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const base = opt('base', 'http://localhost:7017');
const runs = Number(opt('runs', '5'));
const url = `${base}/catalog/default/model/credit-default-scorer`;

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
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
  page.setDefaultTimeout(60_000);
  await page.goto(`${base}/catalog`);
  await page.getByRole('button', { name: /enter/i }).click();
  await page
    .getByRole('link', { name: /models/i })
    .first()
    .waitFor();
  const times = [];
  for (let i = 0; i <= runs; i++) {
    await page.goto('about:blank');
    await page.goto(url, { waitUntil: 'commit' });
    await page
      .getByText('Intended use', { exact: true })
      .first()
      .waitFor({ state: 'visible' });
    const ms = await page.evaluate(() => performance.now());
    if (i === 0) {
      console.log(`warm-up: ${ms.toFixed(0)} ms`);
    } else {
      times.push(ms);
      console.log(`run ${i}: ${ms.toFixed(0)} ms`);
    }
  }
  times.sort((a, b) => a - b);
  console.log(
    `median of ${runs}: ${times[Math.floor(times.length / 2)].toFixed(0)} ms`,
  );
  await browser.close();
}
main().catch(e => {
  console.error(e);
  process.exit(1);
});
