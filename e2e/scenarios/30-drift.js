const path = require('node:path');
const fs = require('node:fs');
const { expectText } = require('./expect');

module.exports = {
  id: 'drift',
  name: "a drifting model's Drift tab shows the dataset drift, the drifted features and the charts",
  async run({ page, base, root }) {
    await page.goto(
      `${base}/catalog/default/model/credit-default-scorer/drift`,
    );
    // The example backend seeds the drift history in the background after start: reload until it is there.
    const status = page.getByLabel('Dataset status: Drift');
    const deadline = Date.now() + 90_000;
    for (;;) {
      try {
        await status.first().waitFor({ state: 'visible', timeout: 10_000 });
        break;
      } catch (e) {
        if (Date.now() > deadline)
          throw new Error(
            `the dataset status never showed drift: ${e.message}`,
          );
        await page.reload();
      }
    }
    await expectText(page, 'Last window ended');
    // The drifted features, in the summary and in the table with their verdicts.
    await expectText(page, 'features drifted');
    await page
      .getByLabel('Verdict of income: Drift')
      .first()
      .waitFor({ state: 'visible' });
    await page
      .getByLabel('Verdict of debt_to_income: Drift')
      .first()
      .waitFor({ state: 'visible' });
    await page
      .getByLabel('Verdict of age: No drift')
      .first()
      .waitFor({ state: 'visible' });
    await expectText(page, '≥ 0.1');
    // History chart with the threshold line, and the distribution chart.
    await page
      .locator('svg.recharts-surface')
      .first()
      .waitFor({ state: 'visible' });
    await page
      .getByRole('figure', {
        name: /^Wasserstein \(normed\) of .*income.* over \d+ windows$/,
      })
      .waitFor();
    await page
      .locator('.recharts-reference-line')
      .first()
      .waitFor({ state: 'attached' });
    await page
      .getByRole('figure', {
        name: /^Distribution of (income|debt_to_income) over \d+ (equal-width|reference decile) bins/,
      })
      .waitFor();
    const lines = await page.locator('.recharts-line-curve').count();
    if (lines < 4)
      throw new Error(
        `expected the history lines and sparklines, found ${lines} lines`,
      );
    // The page scrolls inside Backstage's content area, not the document: a taller viewport puts the
    // charts in the screenshot.
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: 1440, height: 1900 });
    try {
      await page.waitForTimeout(1000);
      const shotDir = path.join(root, 'docs', 'screenshots');
      fs.mkdirSync(shotDir, { recursive: true });
      await page.screenshot({
        path: path.join(shotDir, 'drift-tab.png'),
        fullPage: true,
      });
    } finally {
      if (viewport) await page.setViewportSize(viewport);
    }
  },
};
