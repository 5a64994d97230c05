/** Small helpers shared by the browser scenarios. */
async function expectText(page, text, opts = {}) {
  const locator = page
    .getByText(text, { exact: false })
    .filter({ visible: true })
    .first();
  await locator.waitFor({ state: 'visible', timeout: opts.timeout ?? 30_000 });
}

module.exports = { expectText };
