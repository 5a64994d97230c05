/*
 * Browser scenarios, run in order by e2e/run.js after the guest sign-in. Each gets
 * { page, base, outDir, root, log } and throws on failure.
 */
const path = require('node:path');
const fs = require('node:fs');

async function expectText(page, text, opts = {}) {
  const locator = page.getByText(text, { exact: false }).first();
  await locator.waitFor({ state: 'visible', timeout: opts.timeout ?? 30_000 });
}

module.exports = [
  {
    id: 'model-page',
    name: 'a Model entity page shows the model card, versions and lineage',
    async run({ page, base, root }) {
      await page.goto(`${base}/catalog/default/model/credit-default-scorer`);
      // Model card
      await expectText(page, 'Credit Default Scorer');
      await expectText(page, 'Risk tier');
      await expectText(page, 'high-risk');
      await expectText(page, 'Intended use');
      // Versions table with metrics
      await expectText(page, '3.2.0');
      // Lineage: the graph card and the table of related entities
      await page.locator('svg#dependency-graph, [data-testid="dependency-graph"], svg').first().waitFor();
      await expectText(page, 'loan-applications-2019-2025');
      await expectText(page, 'credit-scoring-service');
      const graphNode = page.locator('svg').getByText('credit-scoring-service', { exact: false });
      if ((await graphNode.count()) === 0) {
        throw new Error('lineage graph does not draw the serving service node');
      }
      await page.waitForTimeout(1000); // let the graph finish its layout animation
      const shotDir = path.join(root, 'docs', 'screenshots');
      fs.mkdirSync(shotDir, { recursive: true });
      await page.screenshot({ path: path.join(shotDir, 'model-page.png'), fullPage: true });
    },
  },
  {
    id: 'models-inventory',
    name: 'the Models page lists every example model',
    async run({ page, base, root }) {
      await page.goto(`${base}/modelops`);
      await expectText(page, 'credit-default-scorer');
      await expectText(page, 'support-assistant-llm');
      await expectText(page, 'synthetic-transactions-generator');
      await page.screenshot({ path: path.join(root, 'docs', 'screenshots', 'models-page.png'), fullPage: true });
    },
  },
];
