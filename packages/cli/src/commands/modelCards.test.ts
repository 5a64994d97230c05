import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateCycloneDxBom } from '@modelops/plugin-modelops-common';
import { runBom } from './bom';
import { runImport } from './import';
import { runValidate } from './validate';

const CARDS = path.resolve(__dirname, '../../../../examples/model-cards');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    o: (l: string) => out.push(l),
    e: (l: string) => err.push(l),
  };
}

describe('model cards in and out (CLI)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelops-cards-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['bert-base-uncased-imdb.README.md', 'bert-base-uncased-imdb'],
    ['churn-classifier.model-card.json', 'Churn-Classifier'],
  ])(
    'round trip %s: import → validate → bom --file → valid CycloneDX 1.6',
    async (card, name) => {
      const yamlFile = path.join(dir, 'catalog-info.yaml');
      const bomFile = path.join(dir, 'bom.json');
      const imp = capture();
      expect(
        await runImport(
          path.join(CARDS, card),
          { output: yamlFile, owner: 'group:default/ml-team' },
          imp.o,
          imp.e,
        ),
      ).toBe(0);
      expect(imp.err[0]).toMatch(
        /^ok: model:default\/.* \(valid Model entity\)$/,
      );
      expect(imp.err).toContainEqual(
        expect.stringMatching(/^not mapped \(\d+\):$/),
      );

      const val = capture();
      expect(
        await runValidate([yamlFile], { format: 'text' }, val.o, val.e),
      ).toBe(0);
      expect(val.out[0]).toBe(`ok    ${yamlFile}  model:default/${name}`);

      const bom = capture();
      expect(
        await runBom(
          undefined,
          { file: yamlFile, output: bomFile },
          bom.o,
          bom.e,
        ),
      ).toBe(0);
      expect(bom.err[0]).toMatch(/validates against the CycloneDX 1.6 schema/);
      const json = JSON.parse(fs.readFileSync(bomFile, 'utf8'));
      expect(json.specVersion).toBe('1.6');
      expect(json.metadata.component['bom-ref']).toBe(
        `model:default/${name.toLocaleLowerCase('en-US')}`,
      );
      // Independently of the command's own check.
      expect(await validateCycloneDxBom(json)).toEqual([]);
    },
  );

  it('uses the other entities of the file for lineage (dataset owners)', async () => {
    const file = path.join(dir, 'all.yaml');
    fs.writeFileSync(
      file,
      `apiVersion: modelops.io/v1alpha1
kind: Model
metadata: { name: churn }
spec:
  type: classification
  lifecycle: production
  owner: team-a
  trainingData: [events]
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: { name: events }
spec: { type: dataset, owner: data-platform }
`,
    );
    const c = capture();
    expect(await runBom(undefined, { file }, c.o, c.e)).toBe(0);
    const json = JSON.parse(c.out.join(''));
    expect(json.components[0].data[0].governance.owners).toEqual([
      { organization: { name: 'group:default/data-platform' } },
    ]);
  });

  it('fails clearly on bad input', async () => {
    const c = capture();
    expect(await runImport(path.join(dir, 'nope.md'), {}, c.o, c.e)).toBe(2);
    expect(c.err[0]).toMatch(/cannot read file \(ENOENT\)/);

    const bad = path.join(dir, 'README.md');
    fs.writeFileSync(bad, '# no front matter\n');
    expect(await runImport(bad, {}, c.o, c.e)).toBe(1);
    expect(c.err[1]).toMatch(/YAML front matter/);

    const existing = path.join(dir, 'catalog-info.yaml');
    fs.writeFileSync(existing, 'keep me');
    expect(
      await runImport(
        path.join(CARDS, 'bert-base-uncased-imdb.README.md'),
        { output: existing },
        c.o,
        c.e,
      ),
    ).toBe(2);
    expect(c.err[2]).toMatch(/exists; pass --force/);
    expect(fs.readFileSync(existing, 'utf8')).toBe('keep me');

    const invalid = path.join(dir, 'invalid.yaml');
    fs.writeFileSync(
      invalid,
      'apiVersion: modelops.io/v1alpha1\nkind: Model\nmetadata: { name: x }\nspec: { type: t, lifecycle: l }\n',
    );
    expect(await runBom(undefined, { file: invalid }, c.o, c.e)).toBe(2);
    expect(c.err[3]).toMatch(/spec.owner is required/);

    expect(await runBom(undefined, {}, c.o, c.e)).toBe(2);
    expect(c.err[4]).toMatch(
      /--file catalog-info.yaml .* or <entity ref> --portal/,
    );
  });

  it('fetches the BOM from the portal route and validates it', async () => {
    const yamlFile = path.join(dir, 'c.yaml');
    await runImport(
      path.join(CARDS, 'churn-classifier.model-card.json'),
      { output: yamlFile, name: 'churn' },
      () => {},
      () => {},
    );
    const served = capture();
    await runBom(undefined, { file: yamlFile }, served.o, served.e);
    const calls: Array<{ url: string; auth?: string }> = [];
    const fetchImpl = (async (url: string, init: any) => {
      calls.push({ url, auth: init.headers.Authorization });
      if (url.endsWith('/models/default/missing/bom')) {
        return new Response('{"error":{}}', { status: 404 });
      }
      return new Response(served.out.join(''), {
        status: 200,
        headers: { 'content-type': 'application/vnd.cyclonedx+json' },
      });
    }) as typeof fetch;
    const c = capture();
    expect(
      await runBom(
        'model:default/churn',
        {
          portal: 'http://portal.example/api/modelops/',
          token: 't0k',
          fetchImpl,
        },
        c.o,
        c.e,
      ),
    ).toBe(0);
    expect(calls[0]).toEqual({
      url: 'http://portal.example/api/modelops/models/default/churn/bom',
      auth: 'Bearer t0k',
    });
    expect(
      await runBom(
        'missing',
        { portal: 'http://portal.example', fetchImpl },
        c.o,
        c.e,
      ),
    ).toBe(2);
    expect(c.err[1]).toMatch(
      /has no model:default\/missing in its catalog \(404\)/,
    );
  });
});
