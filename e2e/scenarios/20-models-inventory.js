const path = require('node:path');
const { expectText } = require('./expect');

module.exports = {
  id: 'models-inventory',
  name: 'the Models page lists every example model',
  async run({ page, base, root }) {
    await page.goto(`${base}/modelops`);
    await expectText(page, 'Models (11 of 11)');
    await expectText(page, 'Credit Default Scorer');
    await expectText(page, 'Synthetic Transactions Generator');
    await page.screenshot({
      path: path.join(root, 'docs', 'screenshots', 'models-page.png'),
      fullPage: true,
    });
  },
};
