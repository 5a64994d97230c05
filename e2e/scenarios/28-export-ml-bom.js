const fs = require('node:fs');
const path = require('node:path');
const { Spec, Validation } = require('@cyclonedx/cyclonedx-library');

/*
 * The CycloneDX ML-BOM from the Model page (issue 15 part 2, docs/model-cards.md): "Export
 * evidence…" in the entity's context menu, "CycloneDX ML-BOM (JSON)" downloads
 * GET /api/modelops/models/default/credit-default-scorer/bom; the file validates against the
 * CycloneDX 1.6 schema with the CycloneDX library's own validator and carries the model card,
 * the datasets with their owners and the serving components.
 */
module.exports = {
  id: 'export-ml-bom',
  name: 'the Model page downloads a CycloneDX 1.6 ML-BOM that validates against the schema',
  async run({ page, base, root, log }) {
    await page.goto(`${base}/catalog/default/model/credit-default-scorer`);
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Export evidence…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('CycloneDX ML-BOM (JSON)').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByText('CycloneDX ML-BOM (JSON)').click(),
    ]);
    if (download.suggestedFilename() !== 'credit-default-scorer.cdx.json')
      throw new Error(`download named ${download.suggestedFilename()}`);
    const text = fs.readFileSync(await download.path(), 'utf8');
    fs.mkdirSync(path.join(root, 'e2e-artifacts'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'e2e-artifacts', 'credit-default-scorer.cdx.json'),
      text,
    );
    const invalid = await new Validation.JsonStrictValidator(
      Spec.Version.v1dot6,
    ).validate(text);
    if (invalid !== null)
      throw new Error(
        `the BOM does not validate against CycloneDX 1.6: ${JSON.stringify(
          invalid,
        ).slice(0, 500)}`,
      );
    const bom = JSON.parse(text);
    const model = bom.metadata.component;
    const check = (ok, what) => {
      if (!ok) throw new Error(`ML-BOM: ${what}`);
    };
    check(model.type === 'machine-learning-model', 'model component type');
    check(
      model['bom-ref'] === 'model:default/credit-default-scorer',
      'bom-ref',
    );
    check(
      model.modelCard?.quantitativeAnalysis?.performanceMetrics?.length > 0,
      'performance metrics in the model card',
    );
    check(model.modelCard?.considerations?.useCases?.length === 1, 'use cases');
    const datasets = bom.components.filter(c => c.type === 'data');
    check(datasets.length > 0, 'data components');
    check(
      datasets.every(d => d.data?.[0]?.governance?.owners?.length > 0),
      'every dataset has its owner',
    );
    check(
      bom.dependencies.some(
        d =>
          d.ref === 'component:default/credit-scoring-service' &&
          d.dependsOn?.includes('model:default/credit-default-scorer'),
      ),
      'the serving component depends on the model',
    );
    log(
      `ML-BOM downloaded from the Model page: ${
        bom.components.length
      } components, ${
        (bom.services ?? []).length
      } services, valid CycloneDX 1.6`,
    );
  },
};
