import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  EU_AI_ACT_CATEGORIES,
  MODEL_RISK_TIERS,
  modelCreateInputJsonSchema,
  validateModelEntity,
} from '@modelops/plugin-modelops-common';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { createCreateModelAction } from './createModel';
import { createPublishLocalAction } from './publishLocal';

describe('modelops:model:create', () => {
  const workspace = createMockDirectory();
  const action = createCreateModelAction();

  it('writes a valid catalog-info.yaml and a model card', async () => {
    workspace.clear();
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: {
        name: 'churn-predictor',
        title: 'Churn Predictor',
        type: 'classification',
        owner: 'group:default/personalization-ds',
        riskTier: 'medium',
        intendedUse: 'Rank customers by churn risk for retention campaigns.',
        trainingData: ['resource:default/customer-events'],
        servedBy: [],
        system: '',
        initialVersion: '0.1.0',
      },
    });
    await action.handler(ctx as any);
    const entity = parse(
      fs.readFileSync(path.join(workspace.path, 'catalog-info.yaml'), 'utf8'),
    );
    expect(validateModelEntity(entity).valid).toBe(true);
    expect(entity.spec).toMatchObject({
      owner: 'group:default/personalization-ds',
      lifecycle: 'experimental',
      riskTier: 'medium',
      trainingData: ['resource:default/customer-events'],
    });
    expect(entity.spec.servedBy).toBeUndefined();
    expect(entity.spec.system).toBeUndefined();
    expect(entity.spec.versions[0]).toMatchObject({
      version: '0.1.0',
      stage: 'development',
    });
    const card = fs.readFileSync(
      path.join(workspace.path, 'docs', 'index.md'),
      'utf8',
    );
    expect(card).toContain('# Churn Predictor');
    expect(card).toContain('Rank customers by churn risk');
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'model:default/churn-predictor',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoPath',
      'catalog-info.yaml',
    );
  });

  it('fails listing every problem with its field path, writing nothing', async () => {
    workspace.clear();
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: { name: 'bad name!', type: 'classification', owner: '' },
    });
    const error = await action.handler(ctx as any).then(
      () => undefined,
      e => e as Error,
    );
    expect(error?.message).toMatch(/^Invalid Model entity: /);
    expect(error?.message).toContain('spec.owner is required');
    expect(error?.message).toContain('metadata.name must be 1-63 characters');
    expect(fs.existsSync(path.join(workspace.path, 'catalog-info.yaml'))).toBe(
      false,
    );
  });

  it('takes its input schema from -common (plus its own targetPath/modelCard), refusing unknown inputs', () => {
    const input = action.schema?.input as {
      properties: Record<string, unknown>;
      required: string[];
      additionalProperties: boolean;
    };
    const model = modelCreateInputJsonSchema() as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(input.properties).toEqual({
      ...model.properties,
      targetPath: {
        type: 'string',
        description:
          'Workspace directory to write into (default the workspace root)',
      },
      modelCard: {
        type: 'boolean',
        description: 'Also write docs/index.md (default true)',
      },
    });
    expect(input.required).toEqual(['name', 'type', 'owner']);
    expect(input.additionalProperties).toBe(false);
    // The enums are the Model schema's own values.
    expect(input.properties.riskTier).toMatchObject({
      enum: [...MODEL_RISK_TIERS],
    });
    expect(input.properties.euAiActCategory).toMatchObject({
      enum: [...EU_AI_ACT_CATEGORIES],
    });
    expect(input.properties.initialStage).toMatchObject({
      enum: ['none', 'development', 'staging', 'archived'],
    });
  });

  it('accepts every input the example templates pass to it', () => {
    const input = action.schema?.input as {
      properties: Record<string, unknown>;
    };
    const templates = ['register-model'].map(t =>
      parse(
        fs.readFileSync(
          path.resolve(
            __dirname,
            `../../../../examples/templates/${t}/template.yaml`,
          ),
          'utf8',
        ),
      ),
    );
    const steps = templates
      .flatMap(t => t.spec.steps)
      .filter((s: any) => s.action === 'modelops:model:create');
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) {
      for (const key of Object.keys(step.input))
        expect(Object.keys(input.properties)).toContain(key);
    }
  });

  it('refuses an input of the wrong type with its field path, writing nothing', async () => {
    workspace.clear();
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: {
        name: 'churn-predictor',
        type: 'classification',
        owner: 'group:default/ds',
        tags: 'ml',
        riskTier: 'severe',
      },
    });
    const error = await action.handler(ctx as any).then(
      () => undefined,
      e => e as Error,
    );
    expect(error?.message).toMatch(/^Invalid input: /);
    expect(error?.message).toContain('input.tags');
    expect(error?.message).toContain(
      'input.riskTier must be one of low, medium, high',
    );
    expect(fs.existsSync(path.join(workspace.path, 'catalog-info.yaml'))).toBe(
      false,
    );
  });
});

describe('modelops:publish:local', () => {
  const workspace = createMockDirectory();
  const target = createMockDirectory();

  it('copies the workspace to <directory>/<name> and refuses to overwrite', async () => {
    workspace.setContent({
      'catalog-info.yaml': 'kind: Model\n',
      docs: { 'index.md': '# x' },
    });
    target.clear();
    const action = createPublishLocalAction({ directory: target.path });
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: { name: 'churn-predictor' },
    });
    await action.handler(ctx as any);
    expect(
      fs.readFileSync(
        path.join(target.path, 'churn-predictor', 'docs', 'index.md'),
        'utf8',
      ),
    ).toBe('# x');
    await expect(action.handler(ctx as any)).rejects.toThrow(/already exists/);
  });

  it('is disabled without configuration', async () => {
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: { name: 'x' },
    });
    await expect(
      createPublishLocalAction({}).handler(ctx as any),
    ).rejects.toThrow(
      /disabled: set modelops.scaffolder.localPublishDirectory/,
    );
  });
});
