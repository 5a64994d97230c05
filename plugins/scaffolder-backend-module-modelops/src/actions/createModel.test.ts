import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { validateModelEntity } from '@modelops/plugin-modelops-common';
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
    const entity = parse(fs.readFileSync(path.join(workspace.path, 'catalog-info.yaml'), 'utf8'));
    expect(validateModelEntity(entity).valid).toBe(true);
    expect(entity.spec).toMatchObject({ owner: 'group:default/personalization-ds', lifecycle: 'experimental', riskTier: 'medium', trainingData: ['resource:default/customer-events'] });
    expect(entity.spec.servedBy).toBeUndefined();
    expect(entity.spec.system).toBeUndefined();
    expect(entity.spec.versions[0]).toMatchObject({ version: '0.1.0', stage: 'development' });
    const card = fs.readFileSync(path.join(workspace.path, 'docs', 'index.md'), 'utf8');
    expect(card).toContain('# Churn Predictor');
    expect(card).toContain('Rank customers by churn risk');
    expect(ctx.output).toHaveBeenCalledWith('entityRef', 'model:default/churn-predictor');
    expect(ctx.output).toHaveBeenCalledWith('catalogInfoPath', 'catalog-info.yaml');
  });

  it('fails listing every problem with its field path, writing nothing', async () => {
    workspace.clear();
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      input: { name: 'bad name!', type: 'classification', owner: '' },
    });
    const error = await action.handler(ctx as any).then(() => undefined, e => e as Error);
    expect(error?.message).toMatch(/^Invalid Model entity: /);
    expect(error?.message).toContain('spec.owner is required');
    expect(error?.message).toContain('metadata.name must be 1-63 characters');
    expect(fs.existsSync(path.join(workspace.path, 'catalog-info.yaml'))).toBe(false);
  });
});

describe('modelops:publish:local', () => {
  const workspace = createMockDirectory();
  const target = createMockDirectory();

  it('copies the workspace to <directory>/<name> and refuses to overwrite', async () => {
    workspace.setContent({ 'catalog-info.yaml': 'kind: Model\n', docs: { 'index.md': '# x' } });
    target.clear();
    const action = createPublishLocalAction({ directory: target.path });
    const ctx = createMockActionContext({ workspacePath: workspace.path, input: { name: 'churn-predictor' } });
    await action.handler(ctx as any);
    expect(fs.readFileSync(path.join(target.path, 'churn-predictor', 'docs', 'index.md'), 'utf8')).toBe('# x');
    await expect(action.handler(ctx as any)).rejects.toThrow(/already exists/);
  });

  it('is disabled without configuration', async () => {
    const ctx = createMockActionContext({ workspacePath: workspace.path, input: { name: 'x' } });
    await expect(createPublishLocalAction({}).handler(ctx as any)).rejects.toThrow(/disabled: set modelops.scaffolder.localPublishDirectory/);
  });
});
