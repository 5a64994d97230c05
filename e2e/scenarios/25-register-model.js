const path = require('node:path');
const fs = require('node:fs');
const { expectText } = require('./expect');

/*
 * "Register a new model" refuses a name the catalog already has, in the form, before anything is
 * published (issue 12 item 6): the name field looks the model up while typing, and Next is refused.
 */
module.exports = {
  id: 'register-model',
  name: 'the register template refuses an existing model name in the form',
  async run({ page, base, root }) {
    const formData = {
      name: 'credit-default-scorer',
      type: 'classification',
      owner: 'group:default/credit-risk-ds',
    };
    await page.goto(
      `${base}/create/templates/default/register-model?formData=${encodeURIComponent(
        JSON.stringify(formData),
      )}`,
    );
    await expectText(page, 'Register a new model');
    const taken =
      '"credit-default-scorer" is already taken: model:default/credit-default-scorer exists in the catalog';
    await expectText(page, taken);
    // Next does not leave the step while the name is taken.
    await page.getByRole('button', { name: /next/i }).first().click();
    await expectText(page, taken);
    // Still on the first step: its name field is there (the next step has no name field).
    await page.waitForTimeout(1000);
    if (!(await page.getByTestId('modelops-model-name').isVisible()))
      throw new Error('the form moved on to the next step with a taken name');
    const shotDir = path.join(root, 'docs', 'screenshots');
    fs.mkdirSync(shotDir, { recursive: true });
    await page.screenshot({
      path: path.join(shotDir, 'register-name-taken.png'),
    });
    // A free name is accepted: Next moves on to the next step.
    await page.getByTestId('modelops-model-name').fill('churn-predictor-e2e');
    await page.waitForTimeout(1000);
    await page.getByRole('button', { name: /next/i }).first().click();
    await page
      .getByTestId('modelops-model-name')
      .waitFor({ state: 'hidden', timeout: 10_000 });
  },
};
