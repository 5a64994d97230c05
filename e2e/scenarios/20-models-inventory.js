const path = require('node:path');
const { expectText } = require('./expect');

module.exports = {
  id: 'models-inventory',
  name: 'the Models page lists every example model',
  async run({ page, base, root }) {
    await page.goto(`${base}/modelops`);
    await expectText(page, 'credit-default-scorer');
    await expectText(page, 'support-assistant-llm');
    await expectText(page, 'synthetic-transactions-generator');
    await page.screenshot({ path: path.join(root, 'docs', 'screenshots', 'models-page.png'), fullPage: true });
  },
};
