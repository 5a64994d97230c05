const path = require('node:path');
const fs = require('node:fs');
const { expectText } = require('./expect');

module.exports = {
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
    await expectText(page, 'Lineage');
    await expectText(page, 'Loan applications 2019');
    await expectText(page, 'Credit Scoring Service');
    // The graph draws the serving service and the training data as nodes, with titled edges.
    const graph = page.locator('svg');
    await graph
      .getByText('Credit Scoring Service', { exact: false })
      .first()
      .waitFor({ timeout: 30_000 });
    await graph
      .getByText('trained on', { exact: false })
      .first()
      .waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1000); // let the graph finish its layout
    const shotDir = path.join(root, 'docs', 'screenshots');
    fs.mkdirSync(shotDir, { recursive: true });
    await page.screenshot({
      path: path.join(shotDir, 'model-page.png'),
      fullPage: true,
    });
  },
};
