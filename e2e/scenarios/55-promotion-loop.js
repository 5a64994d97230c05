const path = require('node:path');
const fs = require('node:fs');
const { expectText } = require('./expect');

/*
 * The promotion loop (issue 12 item 1), after 50-approvals recorded the promotion of
 * credit-default-scorer 3.3.0 while examples/models/credit-default-scorer.yaml still declares 3.2.0
 * in production: the catalog module puts the approved production version on the entity, and the
 * Model page (versions table, approvals card, model card), the scorecard check "Production version
 * approved" and the inventory all say that 3.3.0 is in production, approved.
 */

const MODEL_PAGE = '/catalog/default/model/credit-default-scorer';
const APPROVED =
  'Version 3.3.0 is in production through an approved promotion (request ';

module.exports = {
  id: 'promotion-loop',
  name: 'after the promotion, the Model page, the scorecard and the inventory say 3.3.0 is in production, approved',
  async run({ page, base, root, log }) {
    const shotDir = path.join(root, 'docs', 'screenshots');
    fs.mkdirSync(shotDir, { recursive: true });

    // The promote action asked the catalog to refresh the model; the catalog module reads the
    // recorded promotion. Reload until the versions table shows it (at most ~2 processing cycles).
    const start = Date.now();
    for (;;) {
      await page.goto(`${base}${MODEL_PAGE}`);
      const shown = await page
        .getByText(APPROVED, { exact: false })
        .first()
        .waitFor({ state: 'visible', timeout: 10_000 })
        .then(
          () => true,
          () => false,
        );
      if (shown) break;
      if (Date.now() - start > 120_000)
        throw new Error(
          'the Model page did not show the approved production version 3.3.0 within 2 minutes',
        );
    }
    log(`the Model page shows 3.3.0 approved after ${Date.now() - start} ms`);

    // Versions table: declared and approved stage side by side.
    await expectText(page, 'Declared stage');
    await expectText(page, 'Approved stage');
    await page.getByTestId('approved-stage-3.3.0').waitFor();
    await expectText(page, 'superseded by 3.3.0');
    await expectText(page, 'spec.versions still declares 3.2.0: update it.');
    // Approvals card: the same answer.
    await expectText(
      page,
      'Version 3.3.0 is in production through approved request',
    );
    if (await page.getByTestId('production-unverified').count())
      throw new Error(
        'the approvals card still flags production as unverified',
      );
    // The versions table and the approvals card, in one viewport.
    await page
      .getByText('Versions', { exact: true })
      .first()
      .evaluate(el => el.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(shotDir, 'promotion-loop.png') });

    // The scorecard check passes, on the recorded promotion.
    await page.goto(`${base}${MODEL_PAGE}/scorecards`);
    await page
      .getByRole('tab', { name: /^Maturity: / })
      .waitFor({ timeout: 30_000 });
    await expectText(page, 'Production version approved');
    await expectText(page, APPROVED);

    // The inventory: 3.3.0, approved.
    await page.goto(`${base}/modelops`);
    const row = page
      .locator('tr')
      .filter({
        has: page.getByRole('link', { name: 'Credit Default Scorer' }),
      })
      .first();
    await row.getByText('3.3.0', { exact: true }).waitFor({ timeout: 30_000 });
    await row
      .locator('[data-production-status="approved"]')
      .waitFor({ timeout: 30_000 });
  },
};
