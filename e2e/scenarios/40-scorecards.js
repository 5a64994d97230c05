const path = require('node:path');
const fs = require('node:fs');
const { expectText } = require('./expect');

module.exports = {
  id: 'scorecards',
  name: 'the team scorecard page rolls up child teams, and a model shows its scorecards',
  async run({ page, base, root }) {
    // Team page for the Data Science department: its four teams' models are rolled up.
    await page.goto(
      `${base}/scorecards?team=${encodeURIComponent(
        'group:default/data-science',
      )}`,
    );
    await expectText(page, 'Model scorecards');
    await expectText(page, 'Include child teams');
    await page
      .getByRole('figure', { name: 'Maturity: models per level' })
      .waitFor({ timeout: 30_000 });
    await page
      .getByRole('figure', { name: 'Production readiness: models per level' })
      .waitFor({ timeout: 30_000 });
    // The models table lists models of child teams (credit-risk-ds, genai-lab) with their levels.
    const table = page.locator('table').filter({ hasText: 'Failing checks' });
    await table
      .getByText('Credit Default Scorer', { exact: false })
      .first()
      .waitFor({ timeout: 30_000 });
    await table
      .getByText('Support Assistant LLM', { exact: false })
      .first()
      .waitFor({ timeout: 30_000 });
    const modelsCount = await page
      .getByText(/\d+ models · 5 groups/)
      .first()
      .textContent();
    if (
      !/^(\d+) models/.test(modelsCount ?? '') ||
      Number(modelsCount.match(/^(\d+)/)[1]) < 9
    ) {
      throw new Error(
        `expected the department roll-up to show at least 9 models, got "${modelsCount}"`,
      );
    }
    const shotDir = path.join(root, 'docs', 'screenshots');
    fs.mkdirSync(shotDir, { recursive: true });
    await page.screenshot({
      path: path.join(shotDir, 'team-scorecard.png'),
      fullPage: true,
    });

    // Drill down to a model, then its Scorecards tab: badges, checks by level, evidence and fixes.
    await table
      .getByRole('link', { name: 'Credit Default Scorer' })
      .first()
      .click();
    await page.waitForURL(/\/catalog\/default\/model\/credit-default-scorer/);
    await page.goto(
      `${base}/catalog/default/model/credit-default-scorer/scorecards`,
    );
    await page
      .getByRole('tab', { name: /^Maturity: / })
      .waitFor({ timeout: 30_000 });
    await page
      .getByRole('tab', { name: /^Production readiness: / })
      .waitFor({ timeout: 30_000 });
    await expectText(page, 'Owned by a team');
    await expectText(page, 'group:default/credit-risk-ds resolves to a Group');
    await expectText(page, 'Level 4');
    await page.getByRole('tab', { name: /^Production readiness: / }).click();
    await expectText(page, 'Level 3');
    await page.screenshot({
      path: path.join(shotDir, 'model-scorecard.png'),
      fullPage: true,
    });

    // The Group page card links to the team page.
    await page.goto(`${base}/catalog/default/group/data-science`);
    await expectText(page, 'Model scorecards');
    await page
      .getByRole('link', { name: /Open team scorecard/ })
      .first()
      .waitFor({ timeout: 30_000 });
  },
};
