const path = require('node:path');
const fs = require('node:fs');
const { expectText, displayName } = require('./expect');

/*
 * Governance as each role would try it, in the browser and with the tokens the portal hands out
 * (issue 9): the development sign-in offers and accepts only the listed users; the requester cannot
 * approve her own request; a colleague of the owning team who is in no approver group cannot
 * decide; the guest can look but not decide or cancel; a duplicate request is refused; an approver
 * rejects (with a reason); the requester's own token cannot record a promotion; the audit chain
 * verifies and records the clients from the tokens.
 */

const MODEL = 'model:default/customer-churn-global';
const VERSION = '1.2.0';

/** A Backstage token for a listed example user, through the development sign-in. */
async function devToken(request, base, user) {
  const res = await request.get(`${base}/api/auth/modelops-dev/refresh`, {
    headers: {
      'x-modelops-dev-user': user,
      'X-Requested-With': 'XMLHttpRequest',
    },
  });
  return {
    status: res.status(),
    token: res.ok() ? (await res.json()).backstageIdentity.token : undefined,
  };
}

async function guestToken(request, base) {
  const res = await request.get(`${base}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok()) throw new Error(`guest refresh answered ${res.status()}`);
  const body = await res.json();
  return {
    token: body.backstageIdentity.token,
    userEntityRef: body.backstageIdentity.identity.userEntityRef,
  };
}

async function openAs(browser, base, user, url) {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${base}/`);
  if (user === 'guest')
    await page.getByRole('button', { name: /enter/i }).click();
  else await page.getByRole('button', { name: `Sign in as ${user}` }).click();
  await page
    .getByText('My approvals', { exact: true })
    .first()
    .waitFor({ timeout: 60_000 });
  await page.goto(`${base}${url}`);
  return { context, page };
}

function expectEqual(actual, expected, what) {
  if (actual !== expected)
    throw new Error(`${what}: expected ${expected}, got ${actual}`);
}

module.exports = {
  id: 'governance-roles',
  name: 'governance holds for each role: only listed dev users, no self-approval, non-members and the guest cannot decide, duplicates refused, promotion only through the scaffolder',
  async run({ page, base, root, log }) {
    const browser = page.context().browser();
    const request = page.context().request;
    const shotDir = path.join(root, 'docs', 'screenshots');
    fs.mkdirSync(shotDir, { recursive: true });
    const api = `${base}/api/modelops/approvals`;

    // 1. The development sign-in: only listed users, in the page and at the endpoint.
    const fresh = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
    });
    const signInPage = await fresh.newPage();
    await signInPage.goto(`${base}/`);
    await signInPage
      .getByRole('button', { name: 'Sign in as amara.okafor' })
      .waitFor({ timeout: 60_000 });
    expectEqual(
      await signInPage
        .getByRole('button', { name: 'Sign in as elena.petrova' })
        .count(),
      0,
      'unlisted user offered on the sign-in page',
    );
    await signInPage.screenshot({ path: path.join(shotDir, 'sign-in.png') });
    await fresh.close();
    expectEqual(
      (await devToken(request, base, 'elena.petrova')).status,
      403,
      'dev sign-in of an unlisted catalog user',
    );
    log('dev sign-in refuses elena.petrova (not listed) with 403');

    // 2. amara.okafor (Personalization DS, the owning team) requests a promotion; a duplicate is refused.
    const amara = (await devToken(request, base, 'amara.okafor')).token;
    const body = {
      modelRef: MODEL,
      modelVersion: VERSION,
      toStage: 'production',
      justification: 'Recall +0.02 on the Q3 holdout at the same precision.',
      links: [
        {
          url: 'https://mlflow.acme.example/#/experiments/31/runs/9c1d22',
          title: 'evaluation',
        },
      ],
    };
    const created = await request.post(`${api}/requests`, {
      headers: { Authorization: `Bearer ${amara}` },
      data: body,
    });
    expectEqual(created.status(), 201, 'create request');
    const id = (await created.json()).id;
    const duplicate = await request.post(`${api}/requests`, {
      headers: { Authorization: `Bearer ${amara}` },
      data: body,
    });
    expectEqual(duplicate.status(), 409, 'duplicate request');
    if (!(await duplicate.text()).includes(id))
      throw new Error('the 409 does not name the existing request');
    const badLink = await request.post(`${api}/requests`, {
      headers: { Authorization: `Bearer ${amara}` },
      data: {
        ...body,
        modelVersion: '1.1.0',
        links: [{ url: 'javascript:alert(1)' }],
      },
    });
    expectEqual(badLink.status(), 400, 'javascript: link');
    log(
      `request ${id} by amara.okafor; duplicate 409 names it; javascript: link 400`,
    );

    // 3. In the browser: the requester, a non-member colleague and the guest cannot decide.
    for (const [user, shot] of [
      ['amara.okafor', 'approval-self.png'],
      ['guest', 'approval-guest.png'],
    ]) {
      const { context, page: p } = await openAs(
        browser,
        base,
        user,
        `/approvals/requests/${id}`,
      );
      try {
        await expectText(p, 'Required approvals');
        const why = p.getByTestId('viewer-reason');
        await why.waitFor();
        const text = (await why.innerText()).trim();
        if (!text.startsWith('You cannot decide on this request:'))
          throw new Error(`${user}: unexpected text "${text}"`);
        expectEqual(
          await p.getByRole('button', { name: 'Approve' }).count(),
          0,
          `${user} sees an Approve button`,
        );
        log(`${user}: ${text}`);
        await p.screenshot({ path: path.join(shotDir, shot), fullPage: true });
      } finally {
        await context.close();
      }
    }

    // The guest's token: may read, may not decide or cancel someone else's request.
    const guest = await guestToken(request, base);
    expectEqual(guest.userEntityRef, 'user:default/guest', 'guest identity');
    const guestHeaders = { Authorization: `Bearer ${guest.token}` };
    expectEqual(
      (
        await request.get(`${api}/requests/${id}`, { headers: guestHeaders })
      ).status(),
      200,
      'guest reads',
    );
    const guestDecide = await request.post(`${api}/requests/${id}/decisions`, {
      headers: guestHeaders,
      data: { decision: 'approve' },
    });
    if (guestDecide.status() < 400 || guestDecide.status() >= 500)
      throw new Error(`guest decision answered ${guestDecide.status()}`);
    expectEqual(
      (
        await request.post(`${api}/requests/${id}/cancel`, {
          headers: guestHeaders,
          data: {},
        })
      ).status(),
      403,
      "guest cancels another user's request",
    );
    // hannah.schmidt (ModelOps Platform) holds no approver role of the medium-risk policy: refused.
    const hannah = {
      Authorization: `Bearer ${
        (await devToken(request, base, 'hannah.schmidt')).token
      }`,
    };
    const hannahDecide = await request.post(`${api}/requests/${id}/decisions`, {
      headers: hannah,
      data: { decision: 'approve' },
    });
    expectEqual(hannahDecide.status(), 403, 'non-member decision');
    log('guest and hannah.schmidt (no approver role) are refused');

    // 4. A rejection without a reason is refused by the API (400 naming the field), then an
    //    approver (fatima.haddad, Model Risk Management) rejects in the browser, with a reason.
    const fatima = {
      Authorization: `Bearer ${
        (await devToken(request, base, 'fatima.haddad')).token
      }`,
    };
    const bare = await request.post(`${api}/requests/${id}/decisions`, {
      headers: fatima,
      data: { decision: 'reject' },
    });
    expectEqual(bare.status(), 400, 'rejection without a reason');
    if (!(await bare.text()).includes('comment: is required when rejecting'))
      throw new Error('the 400 does not name the comment');
    log('a rejection without a reason: 400 naming comment');
    {
      const { context, page: p } = await openAs(
        browser,
        base,
        'fatima.haddad',
        `/approvals/requests/${id}`,
      );
      try {
        await expectText(p, 'Required approvals');
        // No reason, no rejection (issue 12 item 3): the button waits for the comment.
        if (!(await p.getByRole('button', { name: 'Reject' }).isDisabled()))
          throw new Error('Reject is enabled without a reason');
        await p
          .getByLabel('Decision comment')
          .fill(
            'Recall gain is within noise on the EMEA slice; rerun with the 2026 holdout.',
          );
        await p.getByRole('button', { name: 'Reject' }).click();
        const dialog = p.getByRole('dialog');
        await dialog
          .getByText('The request is closed as rejected for everybody')
          .waitFor();
        await dialog.getByRole('button', { name: 'Confirm rejection' }).click();
        await expectText(p, `${displayName('fatima.haddad')} rejected`);
        await p.screenshot({
          path: path.join(shotDir, 'approval-rejected.png'),
          fullPage: true,
        });
      } finally {
        await context.close();
      }
    }
    log('fatima.haddad rejected');

    // 5. The requester's own token cannot record a promotion (only her scaffolder task or an admin).
    const promote = await request.post(`${api}/requests/${id}/promotion`, {
      headers: { Authorization: `Bearer ${amara}` },
      data: {},
    });
    if (promote.status() !== 403 && promote.status() !== 409)
      throw new Error(
        `promotion with the requester's own token answered ${promote.status()}`,
      );

    // 6. The audit chain verifies and names the clients from the tokens.
    const verify = await (
      await request.get(`${api}/audit/verify`, { headers: hannah })
    ).json();
    if (!verify.valid)
      throw new Error(
        `audit chain does not verify: ${JSON.stringify(
          verify.firstBroken ?? verify.stateMismatches,
        )}`,
      );
    const events = (
      await (
        await request.get(`${api}/audit?requestId=${id}`, { headers: hannah })
      ).json()
    ).items;
    const types = events.map(e => `${e.type}:${e.actor}:${e.client}`);
    for (const want of [
      'request.created:user:default/amara.okafor:web',
      // refused attempts are chained, without changing the request (issue 12 item 3)
      'decision.refused:user:default/hannah.schmidt:web',
      'request.rejected:user:default/fatima.haddad:web',
    ]) {
      if (!types.includes(want))
        throw new Error(`audit events ${JSON.stringify(types)} lack ${want}`);
    }
    log(`audit chain intact (${verify.checked} events); ${types.join(', ')}`);

    // 7. The requester cancels her own pending request in the browser, after a confirmation.
    const rollback = await request.post(`${api}/requests`, {
      headers: { Authorization: `Bearer ${amara}` },
      data: {
        ...body,
        modelVersion: '1.0.0',
        justification: 'Roll back to 1.0.0 while the 1.1.0 drift is analysed.',
      },
    });
    expectEqual(rollback.status(), 201, 'rollback request');
    const rollbackId = (await rollback.json()).id;
    {
      const { context, page: p } = await openAs(
        browser,
        base,
        'amara.okafor',
        `/approvals/requests/${rollbackId}`,
      );
      try {
        await expectText(p, 'Required approvals');
        await p.getByRole('button', { name: 'Cancel request' }).click();
        const dialog = p.getByRole('dialog');
        await dialog.getByText('You cancel your request for').waitFor();
        await dialog
          .getByLabel('Cancellation comment')
          .fill('Drift explained by a pipeline bug; no rollback needed.');
        await p.screenshot({ path: path.join(shotDir, 'approval-cancel.png') });
        await dialog.getByRole('button', { name: 'Cancel request' }).click();
        await expectText(p, 'cancelled');
      } finally {
        await context.close();
      }
    }
    const cancelled = await (
      await request.get(`${api}/requests/${rollbackId}`, { headers: hannah })
    ).json();
    expectEqual(cancelled.state, 'cancelled', 'state after the UI cancel');
    log(`amara.okafor cancelled ${rollbackId} from the UI`);
  },
};
