const path = require('node:path');
const fs = require('node:fs');
const { expectText } = require('./expect');

/*
 * Acknowledging drift from the UI (issue 12 item 11), as its users would: noah.klein (Compliance,
 * not in the owning team) is refused with the server's reason in the dialog; tomas.novak (Credit
 * Risk DS, which owns credit-default-scorer) acknowledges the drifting newest window with a comment;
 * the Drift tab then names him, and the audit chain holds one drift.acknowledged event. It runs
 * last, so the scenarios before it see the drift unacknowledged.
 */

async function signInAs(browser, base, user) {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${base}/`);
  await page.getByRole('button', { name: `Sign in as ${user}` }).click();
  await page
    .getByText('My approvals', { exact: true })
    .first()
    .waitFor({ timeout: 60_000 });
  return { context, page };
}

/** Opens the Drift tab of credit-default-scorer once the seeded drift is there. */
async function openDriftTab(page, base) {
  await page.goto(`${base}/catalog/default/model/credit-default-scorer/drift`);
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      await page
        .getByLabel('Dataset status: Drift')
        .first()
        .waitFor({ state: 'visible', timeout: 10_000 });
      return;
    } catch (e) {
      if (Date.now() > deadline)
        throw new Error(`the dataset status never showed drift: ${e.message}`);
      await page.reload();
    }
  }
}

async function acknowledge(page, comment) {
  await page.getByTestId('drift-acknowledge-open').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('drift-ack-comment').fill(comment);
  await dialog.getByTestId('drift-ack-confirm').click();
  return dialog;
}

module.exports = {
  id: 'drift-acknowledge',
  name: 'drift is acknowledged from the Drift tab by the owning team, with a comment, and refused to others',
  async run({ page, base, root }) {
    const browser = page.context().browser();
    const shots = path.join(root, 'docs', 'screenshots');
    fs.mkdirSync(shots, { recursive: true });
    const comment =
      'Income and debt-to-income shift after the rate rise; reviewed with model risk, retrain with the Q4 data.';

    const outsider = await signInAs(browser, base, 'noah.klein');
    try {
      await openDriftTab(outsider.page, base);
      await expectText(outsider.page, 'Not acknowledged');
      const dialog = await acknowledge(outsider.page, comment);
      await dialog
        .getByTestId('drift-ack-error')
        .getByText(
          /only members of the owning team group:default\/credit-risk-ds/,
        )
        .waitFor();
      await outsider.page.screenshot({
        path: path.join(shots, 'drift-acknowledge-refused.png'),
      });
    } finally {
      await outsider.context.close();
    }

    const owner = await signInAs(browser, base, 'tomas.novak');
    try {
      await openDriftTab(owner.page, base);
      await expectText(owner.page, 'Not acknowledged');
      await acknowledge(owner.page, comment);
      const done = owner.page.getByTestId('drift-acknowledged');
      await done.waitFor();
      await done.getByText(/Drift acknowledged by/).waitFor();
      await done.getByText('Tomáš Novák').waitFor();
      // After a reload too: it is stored, not local state.
      await owner.page.reload();
      await owner.page.getByTestId('drift-acknowledged').waitFor();
      await expectText(owner.page, comment);
      await owner.page.screenshot({
        path: path.join(shots, 'drift-acknowledged.png'),
      });
      // The audit chain, read with tomas's token from the development sign-in.
      const refresh = await owner.page.request.get(
        `${base}/api/auth/modelops-dev/refresh`,
        {
          headers: {
            'x-modelops-dev-user': 'tomas.novak',
            'X-Requested-With': 'XMLHttpRequest',
          },
        },
      );
      const token = (await refresh.json()).backstageIdentity.token;
      const auditRes = await owner.page.request.get(
        `${base}/api/modelops/approvals/audit?modelRef=model:default/credit-default-scorer`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      const audit = await auditRes.json();
      const events = (audit.items ?? []).filter(
        e => e.type === 'drift.acknowledged',
      );
      if (events.length !== 1 || events[0].actor !== 'user:default/tomas.novak')
        throw new Error(
          `expected one drift.acknowledged event by tomas.novak, got ${JSON.stringify(
            audit,
          ).slice(0, 300)}`,
        );
    } finally {
      await owner.context.close();
    }
  },
};
