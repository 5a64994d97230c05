const path = require('node:path');
const { expectText } = require('./expect');

/**
 * Cells of the visible tables whose words are broken across lines ("classific-ation"): a word
 * renders on more than one line when the rectangles of its text span more than one line box.
 */
async function brokenWords(page) {
  return page.evaluate(() => {
    const broken = [];
    for (const cell of document.querySelectorAll('table th, table td')) {
      if (!cell.getClientRects().length) continue;
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        // A word is what lies between spaces, slashes, hyphens and en dashes (where browsers may
        // wrap: `acme-|models`, `s3://acme/|model.xgb`, `Jensen–|Shannon`), so only breaks inside
        // a word count.
        for (const match of text.matchAll(/[^\s/\-–]+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const tops = new Set(
            [...range.getClientRects()].map(r => Math.round(r.top)),
          );
          if (tops.size > 1) broken.push(match[0]);
        }
      }
    }
    return broken;
  });
}

async function check(page, what) {
  const broken = await brokenWords(page);
  if (broken.length)
    throw new Error(
      `${what} at 1024 px breaks words across lines: ${[...new Set(broken)]
        .slice(0, 10)
        .join(', ')}`,
    );
}

module.exports = {
  id: 'tables-1024',
  name: 'tables keep their columns usable at 1024 px: no word is broken across lines (issue 12 item 11)',
  async run({ page, base, root }) {
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: 1024, height: 800 });
    const shots = path.join(root, 'docs', 'screenshots');
    try {
      await page.goto(`${base}/scorecards`);
      await expectText(page, 'Credit Default Scorer');
      await page.waitForTimeout(1000);
      await check(page, 'the Scorecards page');
      await page.screenshot({
        path: path.join(shots, 'scorecards-1024.png'),
        fullPage: true,
      });

      await page.goto(
        `${base}/catalog/default/model/credit-default-scorer/drift`,
      );
      await expectText(page, 'Features');
      await page.waitForTimeout(1500);
      await check(page, 'the Drift tab');
      await page.screenshot({
        path: path.join(shots, 'drift-1024.png'),
        fullPage: true,
      });

      await page.goto(`${base}/approvals/audit`);
      await expectText(page, 'Audit trail');
      await page.waitForTimeout(1000);
      await check(page, 'the audit trail');

      await page.goto(`${base}/catalog/default/model/credit-default-scorer`);
      await expectText(page, 'Versions');
      await page.waitForTimeout(1000);
      await check(page, "the Model page's tables");
      await page.screenshot({
        path: path.join(shots, 'model-page-1024.png'),
        fullPage: true,
      });
    } finally {
      if (viewport) await page.setViewportSize(viewport);
    }
  },
};
