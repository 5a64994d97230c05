import fs from 'node:fs';
import path from 'node:path';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { validateModelEntity } from '@modelops/plugin-modelops-common';
import { parse } from 'yaml';
import { createModelFromCardAction } from './modelFromCard';
import { createCreateModelAction } from './createModel';

const card = (name: string) =>
  fs.readFileSync(
    path.resolve(__dirname, '../../../../examples/model-cards', name),
    'utf8',
  );

const FORM = {
  name: 'imdb-sentiment',
  owner: 'group:default/nlp-team',
  type: 'classification',
  riskTier: 'low',
  intendedUse: '',
  limitations: '',
  description: '',
  trainingData: ['resource:default/review-corpus'],
};

describe('modelops:model:from-card', () => {
  const action = createModelFromCardAction();
  const workspace = createMockDirectory();

  it('fills the blanks of the form from a Hugging Face card; the form wins', async () => {
    const ctx = createMockActionContext({
      input: { card: card('bert-base-uncased-imdb.README.md'), model: FORM },
      workspacePath: workspace.path,
    });
    await action.handler(ctx as any);
    const model = (ctx.output as jest.Mock).mock.calls.find(
      ([k]) => k === 'model',
    )[1];
    expect(model).toMatchObject({
      name: 'imdb-sentiment',
      owner: 'group:default/nlp-team',
      type: 'classification',
      riskTier: 'low',
      framework: 'transformers',
      derivedFrom: 'model:google-bert-bert-base-uncased',
      trainingData: [
        'resource:default/review-corpus',
        'resource:stanfordnlp-imdb',
        'resource:bookcorpus',
      ],
      initialVersion: '1.0.0',
      initialMetrics: { accuracy: 0.9388, f1: 0.9391, loss: 0.2286 },
      annotations: {
        'modelops.io/license': 'apache-2.0',
        'modelops.io/pipeline-tag': 'text-classification',
      },
    });
    expect(model.intendedUse).toMatch(/^Sentiment classification/);
    expect(ctx.output).toHaveBeenCalledWith('format', 'huggingface');
    expect(ctx.output).toHaveBeenCalledWith(
      'unmapped',
      expect.arrayContaining(['language: no field of the Model kind holds it']),
    );
  });

  it('feeds modelops:model:create a valid Model with the card metrics', async () => {
    const ctx = createMockActionContext({
      input: { card: card('churn-classifier.model-card.json'), model: FORM },
      workspacePath: workspace.path,
    });
    await action.handler(ctx as any);
    const model = (ctx.output as jest.Mock).mock.calls.find(
      ([k]) => k === 'model',
    )[1];
    const create = createCreateModelAction();
    const createCtx = createMockActionContext({
      input: { ...model, modelCard: false },
      workspacePath: workspace.path,
    });
    await create.handler(createCtx as any);
    const written = parse(
      fs.readFileSync(path.join(workspace.path, 'catalog-info.yaml'), 'utf8'),
    );
    expect(validateModelEntity(written).valid).toBe(true);
    expect(written.spec.versions).toEqual([
      expect.objectContaining({
        version: '2.1.0',
        stage: 'development',
        metrics: { auc: 0.874, 'recall.new-subscribers': 0.71 },
      }),
    ]);
    expect(written.spec.limitations).toBe(
      'Not validated for business accounts.',
    );
  });

  it('passes the form through without a card, and requires an intended use', async () => {
    const ctx = createMockActionContext({
      input: { card: '  ', model: { ...FORM, intendedUse: 'Rank reviews.' } },
      workspacePath: workspace.path,
    });
    await action.handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('model', {
      name: 'imdb-sentiment',
      owner: 'group:default/nlp-team',
      type: 'classification',
      riskTier: 'low',
      intendedUse: 'Rank reviews.',
      trainingData: ['resource:default/review-corpus'],
    });
    expect(ctx.output).toHaveBeenCalledWith('format', 'none');

    const none = createMockActionContext({
      input: { model: FORM },
      workspacePath: workspace.path,
    });
    await expect(action.handler(none as any)).rejects.toThrow(
      /input.model.intendedUse is required/,
    );
  });

  it('strips Markdown a card could inject into the output page', async () => {
    const ctx = createMockActionContext({
      input: {
        card: [
          '---',
          'license: mit',
          '"![x](https://evil.example/t.png)": 1',
          '---',
          '# m',
          '## ```',
          'text',
          '## <img src=x onerror=alert(1)> [click](https://evil.example)',
          'text',
        ].join('\n'),
        model: { ...FORM, intendedUse: 'x' },
      },
      workspacePath: workspace.path,
    });
    await action.handler(ctx as any);
    const unmapped: string[] = (ctx.output as jest.Mock).mock.calls.find(
      ([k]) => k === 'unmapped',
    )[1];
    expect(unmapped.length).toBe(3);
    for (const line of unmapped) expect(line).not.toMatch(/[`[\]<>]/);
  });

  it('lists at most 100 unmapped fields and notes, however many a card holds', async () => {
    // Every log line of a task is a stored event: a 1 MB card of short keys made 200,000 of them.
    const keys = Array.from({ length: 5000 }, (_, i) => `k${i}: 1`);
    const datasets = Array.from({ length: 500 }, (_, i) => `"org/set ${i}"`);
    const ctx = createMockActionContext({
      input: {
        card: `---\n${keys.join('\n')}\ndatasets: [${datasets.join(
          ', ',
        )}]\n---\n# m\n`,
        model: { ...FORM, intendedUse: 'x' },
      },
      workspacePath: workspace.path,
    });
    const info = jest.spyOn(ctx.logger, 'info');
    await action.handler(ctx as any);
    expect(info.mock.calls.length).toBeLessThanOrEqual(102);
    expect(info).toHaveBeenCalledWith('… and 4900 more field(s) not mapped');
    const output = (key: string): string[] =>
      (ctx.output as jest.Mock).mock.calls.find(([k]) => k === key)[1];
    expect(output('unmapped')).toHaveLength(101);
    expect(output('unmapped')[100]).toBe('… and 4900 more');
    expect(output('notes')).toHaveLength(101);
    expect(output('notes')[100]).toBe('… and 401 more'); // 500 datasets renamed + spec.type
  });

  it('names the field of a bad card', async () => {
    const ctx = createMockActionContext({
      input: { card: '{"model_parameters": {}}', model: FORM },
      workspacePath: workspace.path,
    });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      'input.card: model_details: is required in a Model Card Toolkit JSON',
    );
  });
});
