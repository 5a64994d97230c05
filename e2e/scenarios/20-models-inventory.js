const path = require('node:path');
const { expectText } = require('./expect');

module.exports = {
  id: 'models-inventory',
  name: 'the Models page lists every example model; its filters and search live in the URL',
  async run({ page, base, root }) {
    await page.goto(`${base}/modelops`);
    await expectText(page, 'Models (11 of 11)');
    await expectText(page, 'Credit Default Scorer');
    await expectText(page, 'Synthetic Transactions Generator');
    await page.screenshot({
      path: path.join(root, 'docs', 'screenshots', 'models-page.png'),
      fullPage: true,
    });

    // A shared link with a filter; then a text search; both survive a reload (issue 12 item 11).
    await page.goto(`${base}/modelops?riskTier=high`);
    const high = page.getByText(/^Models \((\d+) of 11\)$/);
    await high.waitFor();
    const highCount = Number((await high.textContent()).match(/\((\d+)/)[1]);
    if (!(highCount > 0 && highCount < 11))
      throw new Error(`riskTier=high from the URL showed ${highCount} models`);
    await page.getByLabel('Search').fill('credit');
    await page.waitForURL(/[?&]q=credit/);
    const searched = page.getByText(/^Models \((\d+) of 11\)$/);
    const searchedCount = Number(
      (await searched.textContent()).match(/\((\d+)/)[1],
    );
    if (!(searchedCount > 0 && searchedCount <= highCount))
      throw new Error(
        `the header count did not follow the search: ${searchedCount} of ${highCount}`,
      );
    await page.reload();
    await expectText(page, `Models (${searchedCount} of 11)`);
    if ((await page.getByLabel('Search').inputValue()) !== 'credit')
      throw new Error('the search did not survive a reload');

    // At 1024 px wide the table keeps its columns usable.
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: 1024, height: 800 });
    try {
      await page.goto(`${base}/modelops`);
      await expectText(page, 'Models (11 of 11)');
      await page.screenshot({
        path: path.join(root, 'docs', 'screenshots', 'models-page-1024.png'),
      });
    } finally {
      if (viewport) await page.setViewportSize(viewport);
    }
  },
};
