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
    // The trend has a history: the example portal seeds weekly snapshots before the one it takes at
    // start (modelops.exampleData.seedScorecardHistory), so each line has more than one point.
    const trend = page.getByRole('figure', { name: 'Average level over time' });
    let dots = 0;
    for (let attempt = 0; attempt < 20 && dots < 2; attempt += 1) {
      if (attempt > 0) {
        await page.waitForTimeout(3000);
        await page.reload();
      }
      await trend.waitFor({ timeout: 30_000 }).catch(() => undefined);
      dots = await trend
        .locator('.recharts-line')
        .first()
        .locator('.recharts-line-dot')
        .count();
    }
    if (dots < 2) {
      throw new Error(
        `expected the trend to have more than one point, got ${dots}`,
      );
    }

    // Clicking a level's bar filters the table to the models at that level; the chip clears it.
    const modelsTable = () =>
      page.locator('table').filter({ hasText: 'Failing checks' });
    const rowCount = () => modelsTable().locator('tbody tr').count();
    // The table is read from the backend page by page; its title says how many models match
    // ("Models (12)", "Models at Maturity level 2 Reproducible (3)") once a page has arrived, and
    // the rows are then that many (fewer than a page of 100 here).
    const titled = async prefix => {
      const title = page
        .getByText(new RegExp(`^${prefix} \\((\\d+)\\)$`))
        .first();
      await title.waitFor({ timeout: 30_000 });
      const n = Number((await title.textContent()).match(/\((\d+)\)$/)[1]);
      await page.waitForFunction(
        count =>
          [...document.querySelectorAll('table')]
            .filter(t => t.textContent.includes('Failing checks'))
            .some(t => t.querySelectorAll('tbody tr').length === count),
        n,
      );
      return n;
    };
    const allRows = await titled('Models');
    if (allRows !== (await rowCount()) || allRows < 9) {
      throw new Error(
        `expected the table to list the department's ${allRows} models (at least 9)`,
      );
    }
    const maturity = page.getByRole('figure', {
      name: 'Maturity: models per level',
    });
    const bars = maturity.locator('.recharts-bar-rectangle');
    // the first level with models that is not every model
    const labels = await maturity
      .locator('.recharts-xAxis .recharts-cartesian-axis-tick-value')
      .allTextContents();
    let filtered = 0;
    let clickedLabel = '';
    for (let i = 0; i < (await bars.count()) && !clickedLabel; i += 1) {
      const box = await bars.nth(i).boundingBox();
      if (!box || box.height < 1) continue;
      await bars.nth(i).click();
      filtered = await titled(`Models at Maturity level ${labels[i]}`);
      if (filtered > 0 && filtered < allRows) clickedLabel = labels[i];
    }
    if (!clickedLabel) {
      throw new Error(
        `expected a Maturity bar to filter the table below its ${allRows} rows`,
      );
    }
    if (!page.url().includes('scorecard=maturity')) {
      throw new Error(
        `expected the level filter in the URL, got ${page.url()}`,
      );
    }
    const shotDir = path.join(root, 'docs', 'screenshots');
    fs.mkdirSync(shotDir, { recursive: true });
    // Tall enough for the filtered table (the page scrolls inside its content, so fullPage does not
    // reach it); the mouse rests on the header: no chart tooltip, no hovered sidebar item.
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: viewport.width, height: 1500 });
    await page.mouse.move(viewport.width - 200, 40);
    await page.screenshot({
      path: path.join(shotDir, 'team-scorecard.png'),
      fullPage: true,
    });
    await page.setViewportSize(viewport);
    await page
      .getByRole('button', { name: /^Filter Maturity: level / })
      .locator('svg')
      .click();
    if ((await titled('Models')) !== allRows) {
      throw new Error(
        `expected all ${allRows} models again after clearing the filter`,
      );
    }

    // A team that owns no models (Risk Office and its teams) shows no trend value.
    await page.goto(
      `${base}/scorecards?team=${encodeURIComponent(
        'group:default/risk-office',
      )}`,
    );
    await expectText(page, '0 models · 3 groups');
    await expectText(page, 'No trend: this team owns no models.');
    await page.goto(
      `${base}/scorecards?team=${encodeURIComponent(
        'group:default/data-science',
      )}`,
    );

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

    // A team's Ownership card (org plugin) counts its Models (app.extensions in app-config.yaml).
    await page.goto(`${base}/catalog/default/group/credit-risk-ds`);
    const ownership = page
      .locator('article, .MuiCard-root')
      .filter({ hasText: 'Include indirect ownership' })
      .first();
    await ownership
      .getByText('Model', { exact: true })
      .first()
      .waitFor({ timeout: 30_000 });
  },
};
