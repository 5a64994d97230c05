const path = require('node:path');
const fs = require('node:fs');
const { expectText } = require('./expect');

module.exports = {
  id: 'drift-source',
  name: 'a model monitored by a scheduled source: the backend runs its window in the example database and the Drift tab shows the run and the source',
  async run({ page, base, root }) {
    await page.goto(`${base}/catalog/default/model/customer-churn-emea/drift`);
    // The scheduler's first tick is 15 s after start (app-config.yaml): reload until it ran.
    const panel = page.getByTestId('drift-source');
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        await panel
          .getByText('Succeeded')
          .waitFor({ state: 'visible', timeout: 10_000 });
        break;
      } catch (e) {
        if (Date.now() > deadline) {
          const text = await panel.innerText().catch(() => '(no panel)');
          throw new Error(
            `the scheduled source never succeeded: ${e.message}; panel: ${text}`,
          );
        }
        await page.reload();
      }
    }
    await expectText(
      page,
      'Runs in the portal on connection example-scoring every hour over the last day (PT1H).',
    );
    await expectText(page, 'stored as run source-');
    await expectText(page, 'submitted by source:example-scoring');
    // The window's features, computed inside SQLite: spend drifts, the market mix does not.
    await page
      .getByLabel('Verdict of monthly_spend: Drift')
      .first()
      .waitFor({ state: 'visible' });
    await page
      .getByLabel('Verdict of market: No drift')
      .first()
      .waitFor({ state: 'visible' });
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: 1440, height: 1100 });
    try {
      await page.waitForTimeout(1000);
      const shotDir = path.join(root, 'docs', 'screenshots');
      fs.mkdirSync(shotDir, { recursive: true });
      await page.screenshot({
        path: path.join(shotDir, 'drift-source.png'),
      });
    } finally {
      if (viewport) await page.setViewportSize(viewport);
    }
  },
};
