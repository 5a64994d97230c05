const path = require('node:path');
const fs = require('node:fs');
const { parse } = require('yaml');
const { expectText } = require('./expect');

/*
 * "Register a new model" started from a pasted Hugging Face model card (issue 15 part 2): the form
 * gives only name, type, owner and risk tier; the card fills the intended use, limitations,
 * framework, training data, parent model, license and the first version's metrics, and the output
 * page lists what the card held that has no place in a Model.
 */
module.exports = {
  id: 'register-from-card',
  name: 'the register template starts from a pasted model card',
  async run({ page, base, root, log }) {
    const name = `e2e-card-${Date.now().toString(36)}`;
    const published = path.join(root, '.modelops-local-repos', name);
    const card = fs.readFileSync(
      path.join(
        root,
        'examples',
        'model-cards',
        'bert-base-uncased-imdb.README.md',
      ),
      'utf8',
    );
    const formData = {
      name,
      type: 'classification',
      owner: 'group:default/credit-risk-ds',
      riskTier: 'low',
      modelCard: card,
    };
    const shots = path.join(root, 'docs', 'screenshots');
    try {
      await page.goto(
        `${base}/create/templates/default/register-model?formData=${encodeURIComponent(
          JSON.stringify(formData),
        )}`,
      );
      await expectText(page, 'Start from a model card (optional)');
      await page.waitForTimeout(800); // the name lookup
      await page.screenshot({
        path: path.join(shots, 'register-from-card-form.png'),
        fullPage: true,
      });
      for (let i = 0; i < 5; i++) {
        const create = page.getByRole('button', { name: /^create$/i });
        if (await create.isVisible().catch(() => false)) break;
        await page.waitForTimeout(800);
        await page
          .getByRole('button', { name: /next|review/i })
          .first()
          .click();
      }
      await page.getByRole('button', { name: /^create$/i }).click();
      await expectText(page, 'is valid and published', { timeout: 90_000 });
      // The output page shows one text at a time: open the card's.
      await page.getByRole('button', { name: /from the model card/i }).click();
      await expectText(page, 'Card format: huggingface');
      await expectText(
        page,
        'co2_eq_emissions: no field of the Model kind holds it',
      );
      await page.screenshot({
        path: path.join(shots, 'register-from-card-output.png'),
        fullPage: true,
      });
      const entity = parse(
        fs.readFileSync(path.join(published, 'catalog-info.yaml'), 'utf8'),
      );
      const expect = (ok, what) => {
        if (!ok) throw new Error(`published catalog-info.yaml: ${what}`);
      };
      expect(
        entity.spec.owner === 'group:default/credit-risk-ds',
        'owner from the form',
      );
      expect(
        /^Sentiment classification/.test(entity.spec.intendedUse),
        'intended use from the card',
      );
      expect(
        entity.spec.derivedFrom === 'model:google-bert-bert-base-uncased',
        'derivedFrom',
      );
      expect(
        entity.spec.versions?.[0]?.metrics?.accuracy === 0.9388,
        'metrics',
      );
      expect(
        entity.metadata.annotations['modelops.io/license'] === 'apache-2.0',
        'license annotation',
      );
      log(`registered model:default/${name} from the card`);
    } finally {
      fs.rmSync(published, { recursive: true, force: true });
    }
  },
};
