import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createValidateModelAction } from './validateModel';

const MODEL = `apiVersion: modelops.io/v1alpha1
kind: Model
metadata:
  name: churn
spec:
  type: classification
  lifecycle: experimental
  owner: team-a
`;

describe('modelops:model:validate', () => {
  const action = createValidateModelAction();
  const workspace = createMockDirectory();

  it('passes and outputs the model refs for a valid catalog-info.yaml', async () => {
    workspace.setContent({ 'catalog-info.yaml': MODEL });
    const ctx = createMockActionContext({
      input: {},
      workspacePath: workspace.path,
    });
    await action.handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('valid', true);
    expect(ctx.output).toHaveBeenCalledWith('models', ['model:default/churn']);
  });

  it('fails naming the field for an invalid Model', async () => {
    workspace.setContent({
      'model/catalog-info.yaml': `${MODEL}  riskTier: extreme\n`,
    });
    const ctx = createMockActionContext({
      input: { path: 'model/catalog-info.yaml' },
      workspacePath: workspace.path,
    });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      'Invalid Model entity: model:default/churn spec.riskTier must be one of low, medium, high (got "extreme")',
    );
  });

  it('reports without failing when failOnError is false', async () => {
    const ctx = createMockActionContext({
      input: {
        failOnError: false,
        entity: {
          apiVersion: 'modelops.io/v1alpha1',
          kind: 'Model',
          metadata: { name: 'x' },
          spec: { type: 'llm', lifecycle: 'x' },
        },
      },
      workspacePath: workspace.path,
    });
    await action.handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('valid', false);
    expect(ctx.output).toHaveBeenCalledWith('problems', [
      'model:default/x spec.owner is required',
    ]);
  });

  it('names input.path when the file is missing', async () => {
    workspace.setContent({});
    const ctx = createMockActionContext({
      input: { path: 'nope.yaml' },
      workspacePath: workspace.path,
    });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      /input.path: no file "nope.yaml"/,
    );
  });

  it('refuses paths that escape the workspace', async () => {
    const ctx = createMockActionContext({
      input: { path: '../../etc/passwd' },
      workspacePath: workspace.path,
    });
    await expect(action.handler(ctx as any)).rejects.toThrow();
  });
});
