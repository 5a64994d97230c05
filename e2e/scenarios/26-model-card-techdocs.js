const path = require('node:path');
const fs = require('node:fs');
const { expectText } = require('./expect');

/*
 * A model registered with "Register a new model" opens its model card in TechDocs (issue 12 item
 * 7): the template writes docs/index.md, mkdocs.yml and backstage.io/techdocs-ref: dir:., the example
 * portal builds it with the local TechDocs builder (Debian's mkdocs).
 */
module.exports = {
  id: 'model-card-techdocs',
  name: 'a freshly registered model opens its model card in TechDocs',
  async run({ page, base, root, log }) {
    const name = `e2e-model-${Date.now().toString(36)}`;
    const published = path.join(root, '.modelops-local-repos', name);
    const formData = {
      name,
      description: 'Registered by the browser test.',
      type: 'classification',
      owner: 'group:default/credit-risk-ds',
      riskTier: 'low',
      euAiActCategory: 'minimal',
      intendedUse:
        'Checks that a freshly registered model opens its model card in TechDocs.',
      limitations: 'A test fixture; never used for any decision.',
    };
    try {
      await page.goto(
        `${base}/create/templates/default/register-model?formData=${encodeURIComponent(
          JSON.stringify(formData),
        )}`,
      );
      await expectText(page, 'Register a new model');
      for (let i = 0; i < 5; i++) {
        const create = page.getByRole('button', { name: /^create$/i });
        if (await create.isVisible().catch(() => false)) break;
        await page.waitForTimeout(800); // the name lookup
        await page
          .getByRole('button', { name: /next|review/i })
          .first()
          .click();
      }
      await page.getByRole('button', { name: /^create$/i }).click();
      await expectText(page, 'is valid and published', { timeout: 90_000 });
      log(`registered model:default/${name}`);

      // The catalog reads the published folder (processing every 30 s), then TechDocs builds the
      // model card on first view.
      const start = Date.now();
      for (;;) {
        await page.goto(`${base}/docs/default/model/${name}`);
        const ok = await page
          .getByText('Intended use', { exact: true })
          .first()
          .waitFor({ state: 'visible', timeout: 20_000 })
          .then(
            () => true,
            () => false,
          );
        if (ok) break;
        if (Date.now() - start > 150_000)
          throw new Error(
            `the model card of ${name} did not open in TechDocs within 150 s`,
          );
      }
      await expectText(
        page,
        'Checks that a freshly registered model opens its model card in TechDocs.',
      );
      log(`model card opened in TechDocs after ${Date.now() - start} ms`);
      await page.screenshot({
        path: path.join(root, 'docs', 'screenshots', 'model-card-techdocs.png'),
      });
    } finally {
      fs.rmSync(published, { recursive: true, force: true });
    }
  },
};
