import fs from 'node:fs';
import path from 'node:path';
import { importModelCard, ModelCardImportError } from './importModelCard';
import { buildModelBom } from '../bom/buildModelBom';
import { validateCycloneDxBom } from '../bom/validateCycloneDxBom';
import { validateModelEntity } from '../model/validateModelEntity';

const fixture = (name: string) =>
  fs.readFileSync(
    path.resolve(__dirname, '../../../../examples/model-cards', name),
    'utf8',
  );

describe('importModelCard: Hugging Face README.md', () => {
  const result = importModelCard(fixture('bert-base-uncased-imdb.README.md'), {
    owner: 'group:default/nlp-team',
  });

  it('maps the front matter and the sections', () => {
    expect(result.format).toBe('huggingface');
    const { metadata, spec } = result.entity;
    expect(metadata).toMatchObject({
      name: 'bert-base-uncased-imdb',
      title: 'bert-base-uncased-imdb',
      tags: ['bert', 'sentiment-analysis', 'generated-from-trainer'],
      annotations: {
        'modelops.io/license': 'apache-2.0',
        'modelops.io/pipeline-tag': 'text-classification',
      },
    });
    expect(metadata.description).toMatch(/^This model is a fine-tuned version/);
    expect(spec).toMatchObject({
      type: 'classification',
      lifecycle: 'experimental',
      owner: 'group:default/nlp-team',
      framework: 'transformers',
      derivedFrom: 'model:google-bert-bert-base-uncased',
      trainingData: ['resource:stanfordnlp-imdb', 'resource:bookcorpus'],
      versions: [
        {
          version: '1.0.0',
          stage: 'development',
          metrics: { accuracy: 0.9388, f1: 0.9391, loss: 0.2286 },
        },
      ],
    });
    expect(spec.intendedUse).toMatch(/^Sentiment classification/);
    expect(spec.limitations).toMatch(/^The model was trained on movie reviews/);
    // HTML is dropped from imported text.
    expect(spec.limitations).not.toMatch(/<script/);
    expect(validateModelEntity(result.entity).valid).toBe(true);
  });

  it('lists what it could not map and what it rewrote', () => {
    expect(result.unmapped.map(u => u.field)).toEqual([
      'language',
      'widget',
      'co2_eq_emissions',
      '## Model description',
      '## Training procedure',
      '## Framework versions',
    ]);
    expect(result.notes).toContain(
      'datasets[0]: dataset "stanfordnlp/imdb" written as resource "stanfordnlp-imdb"',
    );
  });

  it('defaults the owner and says so', () => {
    const r = importModelCard(fixture('bert-base-uncased-imdb.README.md'));
    expect(r.entity.spec.owner).toBe('group:default/unassigned');
    expect(r.notes.join('\n')).toMatch(/spec.owner: .*pass --owner/);
  });
});

describe('importModelCard: Model Card Toolkit JSON', () => {
  const result = importModelCard(fixture('churn-classifier.model-card.json'), {
    owner: 'retention-ds',
  });

  it('maps model details, data, metrics and considerations', () => {
    expect(result.format).toBe('model-card-toolkit');
    expect(result.entity.metadata).toMatchObject({
      name: 'Churn-Classifier',
      title: 'Churn Classifier',
      annotations: { 'modelops.io/license': 'proprietary' },
    });
    expect(result.entity.spec).toMatchObject({
      trainingData: [
        'resource:subscriber-events-2024-2026',
        'resource:billing-history',
      ],
      intendedUse:
        'Ranking subscribers for retention offers.\n\nIntended users: Retention marketing analysts',
      limitations: 'Not validated for business accounts.',
      versions: [
        {
          version: '2.1.0',
          stage: 'development',
          createdAt: '2026-10-05',
          metrics: { auc: 0.874, 'recall.new-subscribers': 0.71 },
        },
      ],
    });
    const fields = result.unmapped.map(u => u.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'model_details.owners[0]',
        'model_details.version.diff',
        'model_details.references',
        'model_details.path',
        'model_parameters.model_architecture',
        'quantitative_analysis.performance_metrics[2]',
        'quantitative_analysis.graphics',
        'considerations.tradeoffs',
        'considerations.ethical_considerations',
      ]),
    );
    expect(
      result.unmapped.find(
        u => u.field === 'quantitative_analysis.performance_metrics[2]',
      )?.reason,
    ).toMatch(/calibration has a value that is not a number/);
  });
});

describe('importModelCard: bad input', () => {
  const fails = (text: string, message: RegExp, opts = {}) => {
    expect(() => importModelCard(text, opts)).toThrow(ModelCardImportError);
    expect(() => importModelCard(text, opts)).toThrow(message);
  };

  // The assertions are in fails(), which the rule does not see.
  // eslint-disable-next-line jest/expect-expect
  it('names the field and the fix', () => {
    fails('', /card: is empty/);
    fails('# Just a heading\n', /YAML front matter/);
    fails(
      '---\nlicense: [unclosed\n---\n# x\n',
      /front matter: is not valid YAML/,
    );
    fails('---\n- a\n- b\n---\n# x\n', /front matter: must be a YAML map/);
    fails(
      '---\nlicense: mit\n---\nno heading\n',
      /name: the card has no model name/,
    );
    fails('{"model_parameters": {}}', /model_details: is required/);
    fails('{not json', /is not valid JSON/);
    fails('---\nlicense: mit\n---\n# x\n', /metadata.name must be 1-63/, {
      name: 'bad name!',
    });
    fails('x'.repeat(1_000_001), /more than the 1000000 accepted/);
  });

  it('keeps hostile values as inert data', () => {
    const r = importModelCard(
      [
        '---',
        'license: "<img src=x onerror=alert(1)>"',
        'datasets: ["../../etc/passwd", "a\u0000b"]',
        'base_model: "javascript:alert(1)"',
        '---',
        '# <b>evil</b> model',
        '## Limitations',
        '<iframe src="https://evil.example"></iframe>[click](javascript:alert(1))',
      ].join('\n'),
    );
    expect(r.entity.metadata.name).toBe('b-evil-b-model');
    expect(r.entity.spec.trainingData).toEqual([
      'resource:etc-passwd',
      'resource:a-b',
    ]);
    expect(r.entity.spec.derivedFrom).toBe('model:javascript-alert-1');
    expect(r.entity.spec.limitations).toBe('[click](javascript:alert(1))');
    expect(validateModelEntity(r.entity).valid).toBe(true);
  });

  // A pasted card is read in the scaffolder backend's process (modelops:model:from-card, also in
  // a dry run), so text that makes a regular expression backtrack would block that backend for
  // minutes to hours. Each body below took seconds at this size (quadratic or cubic growth).
  it.each([
    ['unclosed tags', '<a'.repeat(100_000)],
    ['unclosed comments', '<!--'.repeat(50_000)],
    ['a long run of spaces', `a${' '.repeat(100_000)}b\nc`],
    ['spaces in a heading', `### a${' '.repeat(3_000)}b\ntext`],
  ])('reads a card with %s in linear time', (_, body) => {
    const started = performance.now();
    const r = importModelCard(
      `---\nlicense: mit\n---\n# m\n\n## Limitations\n\n${body}\n`,
    );
    expect(performance.now() - started).toBeLessThan(1000);
    expect(r.entity.metadata.name).toBe('m');
  });

  it('still strips tags and comments and joins soft line breaks', () => {
    const r = importModelCard(
      [
        '---',
        'license: mit',
        '---',
        '# m',
        '## Limitations',
        'one <b>bold</b> <!-- hidden --> line   ',
        'continues here',
        '',
        'second paragraph </i>x <a',
        '## Uses   ##  ',
        'Use <!-- unclosed',
      ].join('\n'),
    );
    expect(r.entity.spec.limitations).toBe(
      'one bold  line continues here\n\nsecond paragraph x <a',
    );
    expect(r.entity.spec.intendedUse).toBe('Use <!-- unclosed');
  });
});

describe('round trip: card → Model → CycloneDX', () => {
  it.each([
    'bert-base-uncased-imdb.README.md',
    'churn-classifier.model-card.json',
  ])('%s exports a BOM that validates against CycloneDX 1.6', async file => {
    const { entity } = importModelCard(fixture(file), { owner: 'ml-team' });
    const bom = buildModelBom({ model: entity }) as any;
    expect(await validateCycloneDxBom(bom)).toEqual([]);
    expect(bom.metadata.component.modelCard.quantitativeAnalysis).toBeDefined();
  });
});
