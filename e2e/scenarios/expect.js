/** Small helpers shared by the browser scenarios. */
async function expectText(page, text, opts = {}) {
  const locator = page
    .getByText(text, { exact: false })
    .filter({ visible: true })
    .first();
  await locator.waitFor({ state: 'visible', timeout: opts.timeout ?? 30_000 });
}

/** The catalog display name of an example user (examples/org.yaml), as the portal shows people. */
function displayName(user) {
  const fs = require('node:fs');
  const path = require('node:path');
  const { parseAllDocuments } = require('yaml');
  const text = fs.readFileSync(
    path.join(__dirname, '..', '..', 'examples', 'org.yaml'),
    'utf8',
  );
  for (const doc of parseAllDocuments(text)) {
    const e = doc.toJS();
    if (e?.kind === 'User' && e.metadata?.name === user)
      return e.spec?.profile?.displayName ?? user;
  }
  throw new Error(`no User ${user} in examples/org.yaml`);
}

module.exports = { expectText, displayName };
