const path = require('node:path');
const { expectText } = require('./expect');

/** Nodes and edge labels the graph on the page draws, with the rendered size of each label. */
async function graphStats(page) {
  return page.evaluate(() => {
    const svg = [...document.querySelectorAll('svg')].find(s =>
      s.querySelector('g[data-testid=node]'),
    );
    if (!svg) return { nodes: [], labels: [] };
    const nodes = [...svg.querySelectorAll('g[data-testid=node]')].map(n =>
      n.textContent.trim(),
    );
    const labels = [...svg.querySelectorAll('g[data-testid=label] text')].map(
      t => ({
        text: t.textContent.trim(),
        height: t.getBoundingClientRect().height,
      }),
    );
    return { nodes, labels };
  });
}

async function waitForGraph(page, atLeast) {
  await page.waitForFunction(
    n =>
      [...document.querySelectorAll('svg')].some(
        s => s.querySelectorAll('g[data-testid=node]').length >= n,
      ),
    atLeast,
    { timeout: 30_000 },
  );
  await page.waitForTimeout(1500); // let the graph finish its layout
}

module.exports = {
  id: 'lineage-tab',
  name: "the Lineage tab draws the model's lineage readably and widens on request (issue 12 item 9)",
  async run({ page, base, root }) {
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto(
      `${base}/catalog/default/model/credit-default-scorer/lineage`,
    );
    await expectText(page, '2 hops from this model');
    await waitForGraph(page, 3);
    const narrow = await graphStats(page);
    // Before the fix: 33 entities, including the whole system and unrelated services.
    if (narrow.nodes.length > 15)
      throw new Error(
        `the default lineage graph draws ${
          narrow.nodes.length
        } entities: ${narrow.nodes.join(', ')}`,
      );
    for (const expected of [
      'Credit Default Scorer',
      'Loan applications 2019',
      'Credit Scoring Service',
    ]) {
      if (!narrow.nodes.some(n => n.includes(expected)))
        throw new Error(
          `the lineage graph lacks ${expected}: ${narrow.nodes.join(', ')}`,
        );
    }
    // Edge labels are relation titles, as on the overview card, never raw relation ids.
    const raw = narrow.labels.filter(l =>
      /trainedOn|trainingDataOf|servedBy|derivedFrom|hasDerivative|partOf|hasPart/.test(
        l.text,
      ),
    );
    if (raw.length)
      throw new Error(
        `raw relation ids as edge labels: ${raw.map(l => l.text).join(', ')}`,
      );
    if (!narrow.labels.some(l => l.text.includes('trained on')))
      throw new Error(
        `no "trained on" edge label: ${narrow.labels
          .map(l => l.text)
          .join(', ')}`,
      );
    // Readable: the labels render at least 10 px tall (they were ~6 px).
    const smallest = Math.min(...narrow.labels.map(l => l.height));
    if (!(smallest >= 10))
      throw new Error(`edge labels render ${smallest.toFixed(1)} px tall`);
    await page.screenshot({
      path: path.join(root, 'docs', 'screenshots', 'lineage-tab.png'),
      fullPage: true,
    });

    // Widen: three hops, with the system; the view is in the URL.
    await page.getByRole('button', { name: '3 hops' }).click();
    await page.getByRole('checkbox', { name: 'System' }).check();
    await expectText(page, '3 hops from this model');
    if (!/depth=3/.test(page.url()) || !/show=system/.test(page.url()))
      throw new Error(`the widened view is not in the URL: ${page.url()}`);
    await waitForGraph(page, narrow.nodes.length + 1);
    const wide = await graphStats(page);
    if (wide.nodes.length <= narrow.nodes.length)
      throw new Error(
        `widening did not add entities (${narrow.nodes.length} -> ${wide.nodes.length})`,
      );
    if (!wide.labels.some(l => l.text.includes('part of')))
      throw new Error('the widened graph has no "part of" edge');
    // A reload keeps the view.
    await page.reload();
    await expectText(page, '3 hops from this model');
    await waitForGraph(page, narrow.nodes.length + 1);
    await page.screenshot({
      path: path.join(root, 'docs', 'screenshots', 'lineage-tab-widened.png'),
      fullPage: true,
    });

    // A dataset's page: its lineage card draws the models trained on it, not everything related.
    await page.goto(
      `${base}/catalog/default/resource/loan-applications-2019-2025`,
    );
    await waitForGraph(page, 2);
    const dataset = await graphStats(page);
    if (dataset.nodes.length > 10)
      throw new Error(
        `the dataset's lineage graph draws ${dataset.nodes.length} entities`,
      );
    if (!dataset.nodes.some(n => n.includes('Credit Default Scorer')))
      throw new Error(
        `the dataset's graph lacks the model trained on it: ${dataset.nodes.join(
          ', ',
        )}`,
      );
    const rawOnDataset = dataset.labels.filter(l =>
      /trainedOn|trainingDataOf|ownedBy|ownerOf|partOf|hasPart/.test(l.text),
    );
    if (rawOnDataset.length)
      throw new Error(
        `raw relation ids on the dataset page: ${rawOnDataset
          .map(l => l.text)
          .join(', ')}`,
      );
    // One lineage graph: the generic relations card is not repeated on Resource pages.
    const graphs = await page
      .getByRole('link', { name: /View graph/ })
      .filter({ visible: true })
      .count();
    if (graphs !== 1)
      throw new Error(`the dataset page draws ${graphs} relation graphs`);
    await page.screenshot({
      path: path.join(root, 'docs', 'screenshots', 'dataset-lineage.png'),
      fullPage: true,
    });
  },
};
