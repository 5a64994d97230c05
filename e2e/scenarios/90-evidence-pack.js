const fs = require('node:fs');
const path = require('node:path');

/*
 * The evidence pack (issue 15 part 1, docs/evidence.md) as a compliance user: noah.klein opens
 * credit-default-scorer, picks "Export evidence…" in the entity's context menu, downloads the
 * Markdown pack and opens the printable HTML in a new tab; both have every section, the approval
 * decisions and an intact audit chain. Self-contained: when no earlier scenario (50-approvals)
 * made a request for the model, one is made and approved here through the API.
 */

const MODEL = 'model:default/credit-default-scorer';
const PAGE = '/catalog/default/model/credit-default-scorer';
const SECTIONS = [
  ['identity', '1. Identification and intended purpose'],
  ['risk', '2. Risk classification'],
  ['limitations', '3. Capabilities and limitations'],
  ['training-data', '4. Training data lineage'],
  ['serving', '5. Serving lineage and system context'],
  ['versions', '6. Version history and performance metrics'],
  ['approvals', '7. Approval requests and decisions'],
  ['audit-chain', '8. Audit chain verification'],
  ['scorecards', '9. Scorecards, evidence and exemptions'],
  ['drift', '10. Drift monitoring (post-market monitoring)'],
  ['coverage', '11. Annex IV items this pack does not cover'],
];

async function devToken(request, base, user) {
  const res = await request.get(`${base}/api/auth/modelops-dev/refresh`, {
    headers: {
      'x-modelops-dev-user': user,
      'X-Requested-With': 'XMLHttpRequest',
    },
  });
  if (!res.ok()) throw new Error(`dev sign-in of ${user}: ${res.status()}`);
  return (await res.json()).backstageIdentity.token;
}

/** Makes sure the model has an approval request with decisions (50-approvals may have made one). */
async function ensureApprovedRequest(request, base, log) {
  const api = `${base}/api/modelops/approvals`;
  const noah = await devToken(request, base, 'noah.klein');
  const existing = await request.get(
    `${api}/requests?modelRef=${encodeURIComponent(MODEL)}`,
    { headers: { Authorization: `Bearer ${noah}` } },
  );
  const items = (await existing.json()).items ?? [];
  if (items.some(r => r.decisions.length > 0)) {
    log(`evidence: ${items.length} request(s) for ${MODEL} already exist`);
    return;
  }
  const priya = await devToken(request, base, 'priya.raman');
  const created = await request.post(`${api}/requests`, {
    headers: { Authorization: `Bearer ${priya}` },
    data: {
      modelRef: MODEL,
      modelVersion: '3.3.0',
      toStage: 'production',
      justification:
        'AUC +0.006 on the 2026 holdout, stable PSI on all features.',
    },
  });
  if (created.status() !== 201)
    throw new Error(
      `create request: ${created.status()} ${await created.text()}`,
    );
  const id = (await created.json()).id;
  for (const [user, comment] of [
    ['fatima.haddad', 'Backtest and challenger comparison reviewed.'],
    [
      'noah.klein',
      'Fair lending analysis attached; no disparate impact found.',
    ],
  ]) {
    const token = await devToken(request, base, user);
    const decided = await request.post(`${api}/requests/${id}/decisions`, {
      headers: { Authorization: `Bearer ${token}` },
      data: { decision: 'approve', comment },
    });
    if (decided.status() !== 201)
      throw new Error(
        `${user} approve: ${decided.status()} ${await decided.text()}`,
      );
  }
  log(
    `evidence: request ${id} for ${MODEL} approved by fatima.haddad and noah.klein`,
  );
}

module.exports = {
  id: 'evidence-pack',
  name: 'a compliance user exports the evidence pack of a model (Markdown and printable HTML) from the entity context menu',
  async run({ page, base, root, log }) {
    const browser = page.context().browser();
    const shotDir = path.join(root, 'docs', 'screenshots');
    fs.mkdirSync(shotDir, { recursive: true });
    await ensureApprovedRequest(page.context().request, base, log);

    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      acceptDownloads: true,
    });
    try {
      const tab = await context.newPage();
      tab.setDefaultTimeout(30_000);
      await tab.goto(`${base}/`);
      await tab.getByRole('button', { name: 'Sign in as noah.klein' }).click();
      await tab
        .getByText('My approvals', { exact: true })
        .first()
        .waitFor({ timeout: 60_000 });
      await tab.goto(`${base}${PAGE}`);
      await tab.getByRole('button', { name: 'More actions' }).click();
      await tab.getByRole('menuitem', { name: 'Export evidence…' }).click();
      const dialog = tab.getByRole('dialog');
      await dialog.getByText('Evidence pack: Markdown').waitFor();
      await dialog.getByText('CycloneDX ML-BOM (JSON)').waitFor();
      // Let the menu and the dialog finish their transitions before the screenshot.
      await tab.waitForTimeout(800);
      await tab.screenshot({
        path: path.join(shotDir, 'evidence-export-dialog.png'),
      });

      // Markdown: a download named by the backend, with every section.
      const [download] = await Promise.all([
        tab.waitForEvent('download'),
        dialog.getByText('Evidence pack: Markdown').click(),
      ]);
      const file = await download.path();
      const md = fs.readFileSync(file, 'utf8');
      if (
        download.suggestedFilename() !==
        'evidence-default-credit-default-scorer.md'
      )
        throw new Error(`download named ${download.suggestedFilename()}`);
      for (const [, title] of SECTIONS)
        if (!md.includes(`## ${title}\n`))
          throw new Error(`Markdown pack has no section "${title}"`);
      if (!/Audit chain intact: \d+ event\(s\) verified/.test(md))
        throw new Error('Markdown pack does not say the audit chain is intact');
      if (!md.includes('user:default/noah.klein | approve | compliance'))
        throw new Error("Markdown pack lacks noah.klein's decision");
      fs.writeFileSync(
        path.join(
          root,
          'e2e-artifacts',
          'evidence-default-credit-default-scorer.md',
        ),
        md,
      );
      log(
        `evidence: Markdown pack downloaded (${md.length} characters, 11 sections)`,
      );

      // Printable HTML: opened in a new tab.
      const [printable] = await Promise.all([
        context.waitForEvent('page'),
        dialog.getByText('Evidence pack: Printable HTML').click(),
      ]);
      await printable.waitForLoadState('load');
      await printable.waitForURL(/^blob:/);
      await printable.locator('section#coverage').waitFor();
      for (const [id] of SECTIONS) {
        if ((await printable.locator(`section#${id} h2`).count()) !== 1)
          throw new Error(`printable page has no section ${id}`);
      }
      const status = await printable
        .locator('section#audit-chain .status')
        .first()
        .innerText();
      if (!status.startsWith('OK: Audit chain intact'))
        throw new Error(`audit chain status: ${status}`);
      if ((await printable.locator('script').count()) !== 0)
        throw new Error('printable page contains a script element');
      await printable.setViewportSize({ width: 1100, height: 1400 });
      await printable.screenshot({
        path: path.join(shotDir, 'evidence-pack-html.png'),
      });
      // Sections 7 and 8 (approvals with decisions; the audit chain) as element screenshots.
      await printable.locator('section#approvals').screenshot({
        path: path.join(shotDir, 'evidence-pack-approvals.png'),
      });
      await printable.locator('section#audit-chain').screenshot({
        path: path.join(shotDir, 'evidence-pack-audit-chain.png'),
      });
      await printable.emulateMedia({ media: 'print' });
      await printable.evaluate(() => window.scrollTo(0, 0));
      await printable.screenshot({
        path: path.join(shotDir, 'evidence-pack-print.png'),
      });
      log(
        'evidence: printable HTML opened in a new tab with 11 sections, chain intact, no script',
      );
    } catch (e) {
      // The shared failure screenshot shows the runner's page; this shows the compliance user's.
      for (const [i, p] of context.pages().entries())
        await p
          .screenshot({
            path: path.join(
              root,
              'e2e-artifacts',
              `failed-evidence-pack-${i}.png`,
            ),
          })
          .catch(() => {});
      throw e;
    } finally {
      await context.close();
    }
  },
};
