import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  EU_AI_ACT_CATEGORIES,
  MODEL_RISK_TIERS,
  modelCreateInputJsonSchema,
  ScorecardEngine,
  validateModelEntity,
} from '@modelops/plugin-modelops-common';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { createCreateModelAction } from './createModel';
import { createPublishLocalAction } from './publishLocal';
import { scaffolderModuleModelops } from '../module';

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
        description:
          'Also write the model card: docs/index.md, mkdocs.yml and the backstage.io/techdocs-ref annotation (default true)',
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

describe('modelops:model:create refuses a name the catalog has (issue 12 item 6)', () => {
  const workspace = createMockDirectory();
  const existing = {
    apiVersion: 'modelops.io/v1alpha1',
    kind: 'Model',
    metadata: { name: 'credit-default-scorer', namespace: 'default' },
    spec: { type: 'classification', owner: 'group:default/credit-risk-ds' },
  };
  const input = (name: string) => ({
    name,
    type: 'classification',
    owner: 'group:default/credit-risk-ds',
    riskTier: 'high' as const,
  });

  it('fails naming the field and the fix, writing nothing', async () => {
    workspace.clear();
    const catalog = catalogServiceMock({ entities: [existing] });
    const action = createCreateModelAction({
      catalog,
      auth: mockServices.auth({ pluginId: 'scaffolder' }),
    });
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: input('credit-default-scorer'),
    });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      'input.name "credit-default-scorer" is already taken: model:default/credit-default-scorer exists in the catalog (owned by group:default/credit-risk-ds). Choose another name; to release a new version of that model, add it to its spec.versions and use the "Request promotion to production" template.',
    );
    expect(fs.existsSync(path.join(workspace.path, 'catalog-info.yaml'))).toBe(
      false,
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('looks up with the scaffolder service credentials, and writes a free name', async () => {
    workspace.clear();
    const getEntityByRef = jest.fn(async () => undefined);
    const action = createCreateModelAction({
      catalog: { getEntityByRef },
      auth: mockServices.auth({ pluginId: 'scaffolder' }),
    });
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: input('credit-default-scorer-v4'),
    });
    await action.handler(ctx as any);
    expect(getEntityByRef).toHaveBeenCalledWith(
      'model:default/credit-default-scorer-v4',
      { credentials: mockCredentials.service('plugin:scaffolder') },
    );
    expect(fs.existsSync(path.join(workspace.path, 'catalog-info.yaml'))).toBe(
      true,
    );
  });

  it('refuses to go on when the catalog cannot answer', async () => {
    workspace.clear();
    const action = createCreateModelAction({
      catalog: {
        getEntityByRef: async () => {
          throw new Error('catalog unavailable');
        },
      },
      auth: mockServices.auth(),
    });
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: input('new-model'),
    });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      /Could not check in the catalog whether model:default\/new-model already exists \(catalog unavailable\); nothing was written/,
    );
    expect(fs.existsSync(path.join(workspace.path, 'catalog-info.yaml'))).toBe(
      false,
    );
  });

  it('is wired with the catalog in the scaffolder module', async () => {
    const actions: any[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          { addActions: (...a: any[]) => actions.push(...a) },
        ],
      ],
      features: [
        scaffolderModuleModelops,
        catalogServiceMock.factory({ entities: [existing] }),
      ],
    });
    const create = actions.find(a => a.id === 'modelops:model:create');
    expect(create).toBeDefined();
    workspace.clear();
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: input('credit-default-scorer'),
    });
    await expect(create.handler(ctx)).rejects.toThrow(/is already taken/);
  });
});

/**
 * Checks a model cannot pass on the day it is registered: the first version has no training run
 * and no metrics yet (add them to spec.versions after training).
 */
const BORN_FAILING: string[] = ['version-metrics-and-run'];

describe('a freshly registered model passes every check it can pass at birth (issue 12 item 7)', () => {
  const workspace = createMockDirectory();

  // What a user fills in on the "Register a new model" form, every field given.
  const templateInput = {
    name: 'churn-predictor',
    description: 'Ranks customers by churn risk.',
    type: 'classification',
    framework: 'xgboost',
    owner: 'group:default/personalization-ds',
    system: 'system:default/customer-insights',
    riskTier: 'medium',
    euAiActCategory: 'minimal',
    intendedUse:
      'Rank customers by churn risk for retention campaigns; a person reviews each campaign list.',
    limitations:
      'Not validated for business customers nor for customers younger than 3 months.',
    trainingData: ['resource:default/customer-events'],
    servedBy: ['component:default/retention-service'],
    initialVersion: '0.1.0',
  };

  async function born() {
    workspace.clear();
    const action = createCreateModelAction();
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: templateInput,
    });
    await action.handler(ctx as any);
    return parse(
      fs.readFileSync(path.join(workspace.path, 'catalog-info.yaml'), 'utf8'),
    );
  }

  it('writes the TechDocs annotation and an mkdocs.yml next to the model card', async () => {
    const entity = await born();
    expect(entity.metadata.annotations).toEqual({
      'backstage.io/techdocs-ref': 'dir:.',
    });
    const mkdocs = parse(
      fs.readFileSync(path.join(workspace.path, 'mkdocs.yml'), 'utf8'),
    );
    expect(mkdocs).toEqual({
      site_name: 'churn-predictor',
      site_description: 'Ranks customers by churn risk.',
      nav: [{ 'Model card': 'index.md' }],
    });
    expect(fs.existsSync(path.join(workspace.path, 'docs', 'index.md'))).toBe(
      true,
    );
  });

  it('passes every check but those that need a life after birth', async () => {
    const entity = await born();
    const engine = ScorecardEngine.create();
    // The portal's facts on the day it is registered: the owner resolves to a Group, no drift
    // run yet, no approval.
    const result = engine.evaluate({
      entity,
      now: new Date(),
      catalog: { owner: { ref: templateInput.owner, kind: 'Group' } },
      drift: { hasReference: false, latestRun: null },
      approvals: { approvedVersions: [] },
    });
    const byStatus = (status: string) =>
      [
        ...new Set(
          result.scorecards.flatMap(s =>
            s.checks.filter(c => c.status === status).map(c => c.checkId),
          ),
        ),
      ].sort();
    expect(byStatus('fail')).toEqual(BORN_FAILING);
    expect(byStatus('not-evaluated')).toEqual([]);
    expect(byStatus('pass')).toContain('model-card-present');
  });
});
