const path = require('node:path');
const fs = require('node:fs');
const { expectText, displayName } = require('./expect');

/*
 * Governed promotion end to end in the example portal, with the development-only sign-in
 * (modelops.devSignIn): priya.raman (Credit Risk DS) runs "Request promotion to production" for the
 * high-risk credit-default-scorer 3.3.0; the task waits; fatima.haddad (Model Risk Management) and
 * noah.klein (Compliance) approve on their "My approvals" pages, each in their own browser context;
 * the task then passes the gate and records the promotion; the audit trail verifies.
 */

async function signInAs(browser, base, user, viewport) {
  const context = await browser.newContext({ viewport });
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

async function approve(browser, base, user, comment, shots, more = {}) {
  const { context, page } = await signInAs(browser, base, user, {
    width: 1440,
    height: 1000,
  });
  try {
    if (more.notification) {
      // The approver was notified by name (notifications backend + frontend in the portal).
      await page.goto(`${base}/notifications`);
      await expectText(page, more.notification);
    }
    await page.goto(`${base}/approvals`);
    await expectText(page, `Signed in as ${displayName(user)}`);
    // The nav item counts the requests waiting for this approver (issue 12 item 4).
    await expectText(page, 'Waiting for my decision (1)');
    const badge = page.getByLabel('1 approval request(s) waiting for you');
    await badge.first().waitFor();
    if (more.badgeShot) await page.screenshot({ path: more.badgeShot });
    const inbox = page.getByTestId('my-approvals-inbox');
    await inbox
      .getByText('credit-default-scorer', { exact: true })
      .first()
      .click();
    await expectText(page, 'Required approvals');
    await page.getByLabel('Decision comment').fill(comment);
    await page.getByRole('button', { name: 'Approve' }).click();
    // Decisions go through a confirmation dialog that says what happens (issue 12 item 3).
    const dialog = page.getByRole('dialog');
    await dialog
      .getByText('You approve model:default/credit-default-scorer 3.3.0')
      .waitFor();
    if (more.confirmShot) {
      await dialog.getByRole('button', { name: 'Confirm approval' }).waitFor();
      await page.waitForTimeout(500); // the dialog's fade-in
      await page.screenshot({ path: more.confirmShot });
    }
    await dialog.getByRole('button', { name: 'Confirm approval' }).click();
    await expectText(page, `${displayName(user)} approved`);
    if (shots) await page.screenshot({ path: shots, fullPage: true });
  } finally {
    await context.close();
  }
}

module.exports = {
  id: 'approvals',
  name: 'a promotion is requested by one user, approved by two others, and recorded with a verified audit trail',
  async run({ page, base, root, log }) {
    const browser = page.context().browser();
    const shotDir = path.join(root, 'docs', 'screenshots');
    fs.mkdirSync(shotDir, { recursive: true });

    // The requester runs the template.
    const requester = await signInAs(browser, base, 'priya.raman', {
      width: 1440,
      height: 1000,
    });
    const p = requester.page;
    try {
      const formData = {
        model: 'model:default/credit-default-scorer',
        modelVersion: '3.3.0',
        justification:
          'AUC +0.006 and KS +0.02 on the 2026 holdout; no fairness regressions.',
        evaluationUrl:
          'https://mlflow.acme.example/#/experiments/12/runs/ef56gh',
        timeoutMinutes: 10,
      };
      await p.goto(
        `${base}/create/templates/default/request-model-promotion?formData=${encodeURIComponent(
          JSON.stringify(formData),
        )}`,
      );
      await expectText(p, 'Request promotion to production');
      // The second step shows the policy's minimum readiness, read-only (issue 12 item 2).
      await p.getByRole('button', { name: /next/i }).first().click();
      await expectText(
        p,
        'Minimum readiness: Silver (production-readiness level 2)',
      );
      await p.screenshot({
        path: path.join(shotDir, 'promotion-policy.png'),
        fullPage: true,
      });
      for (let i = 0; i < 4; i++) {
        const create = p.getByRole('button', { name: /^create$/i });
        if (await create.isVisible().catch(() => false)) break;
        await p
          .getByRole('button', { name: /next|review/i })
          .first()
          .click();
      }
      await p.getByRole('button', { name: /^create$/i }).click();
      await expectText(p, 'Wait for the approvers', { timeout: 60_000 });
      log('promotion requested by priya.raman; task waiting for approvals');

      // The requester cannot approve their own request.
      await requester.page
        .context()
        .newPage()
        .then(async other => {
          await other.goto(`${base}/approvals`);
          await expectText(other, 'Nothing is waiting for your decision.');
          await other.close();
        });

      await approve(
        browser,
        base,
        'fatima.haddad',
        'Independent validation report reviewed.',
        path.join(shotDir, 'approval-request.png'),
        {
          badgeShot: path.join(shotDir, 'approvals-badge.png'),
          confirmShot: path.join(shotDir, 'approval-confirm.png'),
          notification:
            'Approval requested: Credit Default Scorer 3.3.0 → production',
        },
      );
      log('approved by fatima.haddad (Model Risk Management)');
      await approve(
        browser,
        base,
        'noah.klein',
        'EU AI Act documentation complete.',
      );
      log('approved by noah.klein (Compliance)');

      // The task continues: gate, promotion.
      await expectText(p, 'Promotion recorded', { timeout: 90_000 });
      await expectText(p, 'user:default/fatima.haddad');
      await p.screenshot({
        path: path.join(shotDir, 'promotion-task.png'),
        fullPage: true,
      });

      // The model page shows the approved request; the audit trail verifies.
      await p.goto(`${base}/catalog/default/model/credit-default-scorer`);
      await expectText(p, 'Governed promotion with an audit trail');
      await expectText(p, 'Compliance: 1/1');
      await p.goto(`${base}/approvals/audit`);
      await expectText(p, 'Hash chain intact');
      await expectText(p, 'promotion.recorded');
      await p.screenshot({
        path: path.join(shotDir, 'audit-trail.png'),
        fullPage: true,
      });
    } catch (e) {
      await p
        .screenshot({
          path: path.join(
            root,
            'e2e-artifacts',
            'failed-approvals-requester.png',
          ),
          fullPage: true,
        })
        .catch(() => {});
      throw e;
    } finally {
      await requester.context.close();
    }
  },
};
