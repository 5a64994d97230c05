import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createMockDirectory } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import {
  applyPromotionToCatalogInfo,
  createUpdateVersionsAction,
} from './updateVersions';
import { createFetchLocalAction } from './publishLocal';

const FILE = `# Credit default scorer: owned by Credit Risk DS
apiVersion: modelops.io/v1alpha1
kind: Model
metadata:
  name: credit-default-scorer
spec:
  type: classification
  lifecycle: production
  owner: credit-risk-ds
  versions:
    - version: 3.2.0 # the current champion
      stage: production
    - version: 3.3.0
      stage: staging
      metrics: { auc: 0.91 }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: credit-scoring-service
spec:
  type: service
  lifecycle: production
  owner: credit-risk-ds
`;

describe('applyPromotionToCatalogInfo (issue 12 item 1)', () => {
  it('sets the promoted version, archives the previous production version and keeps comments and other documents', () => {
    const out = applyPromotionToCatalogInfo(FILE, {
      modelVersion: '3.3.0',
      toStage: 'production',
    });
    expect(out.modelRef).toBe('model:default/credit-default-scorer');
    expect(out.changes).toEqual([
      { version: '3.2.0', from: 'production', to: 'archived' },
      { version: '3.3.0', from: 'staging', to: 'production' },
    ]);
    expect(out.text).toContain(
      '# Credit default scorer: owned by Credit Risk DS',
    );
    expect(out.text).toContain(
      '- version: 3.2.0 # the current champion\n      stage: archived',
    );
    expect(out.text).toContain(
      '- version: 3.3.0\n      stage: production\n      metrics: { auc: 0.91 }',
    );
    expect(out.text).toContain('name: credit-scoring-service');
    // Applying it again changes nothing.
    expect(
      applyPromotionToCatalogInfo(out.text, {
        modelVersion: '3.3.0',
        toStage: 'production',
      }).changes,
    ).toEqual([]);
  });

  it('keeps the previous version at a chosen stage', () => {
    const out = applyPromotionToCatalogInfo(FILE, {
      modelVersion: '3.3.0',
      toStage: 'production',
      previousStage: 'staging',
    });
    expect(out.changes[0]).toEqual({
      version: '3.2.0',
      from: 'production',
      to: 'staging',
    });
  });

  it('names the field and the fix for a version, model or file it cannot update', () => {
    expect(() =>
      applyPromotionToCatalogInfo(FILE, {
        modelVersion: '9.9.9',
        toStage: 'production',
      }),
    ).toThrow(
      'input.modelVersion: model:default/credit-default-scorer declares no version 9.9.9 in spec.versions (it declares 3.2.0, 3.3.0); add it or pick one of those',
    );
    expect(() =>
      applyPromotionToCatalogInfo(FILE, {
        modelRef: 'model:default/other',
        modelVersion: '3.3.0',
        toStage: 'production',
      }),
    ).toThrow(
      'input.modelRef: model:default/other is not declared in this file (it declares model:default/credit-default-scorer)',
    );
    expect(() =>
      applyPromotionToCatalogInfo('kind: [', {
        modelVersion: '3.3.0',
        toStage: 'production',
      }),
    ).toThrow(/^input.path: not valid YAML/);
  });
});

describe('modelops:model:update-versions', () => {
  const workspace = createMockDirectory();
  const action = createUpdateVersionsAction();

  it('rewrites the workspace file and outputs a pull request title and body', async () => {
    workspace.setContent({ 'catalog-info.yaml': FILE });
    const ctx = createMockActionContext({
      input: { modelVersion: '3.3.0', toStage: 'production' },
      workspacePath: workspace.path,
    });
    await action.handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('changed', true);
    expect(ctx.output).toHaveBeenCalledWith(
      'title',
      'Promote model:default/credit-default-scorer 3.3.0 to production',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'summary',
      expect.stringContaining(
        '- 3.2.0: production → archived\n- 3.3.0: staging → production',
      ),
    );
    expect(
      fs.readFileSync(path.join(workspace.path, 'catalog-info.yaml'), 'utf8'),
    ).toContain('- version: 3.3.0\n      stage: production');
  });

  it('does not write in a dry run', async () => {
    workspace.setContent({ 'catalog-info.yaml': FILE });
    const ctx = createMockActionContext({
      input: { modelVersion: '3.3.0', toStage: 'production' },
      workspacePath: workspace.path,
    });
    // The mock context does not take isDryRun; the scaffolder sets it on dry runs.
    await action.handler({ ...ctx, isDryRun: true } as any);
    expect(
      fs.readFileSync(path.join(workspace.path, 'catalog-info.yaml'), 'utf8'),
    ).toBe(FILE);
  });

  it('says to fetch the repository when the file is missing', async () => {
    workspace.setContent({});
    const ctx = createMockActionContext({
      input: { modelVersion: '3.3.0', toStage: 'production' },
      workspacePath: workspace.path,
    });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      "input.path: catalog-info.yaml is not in the workspace; fetch the model's repository first (fetch:plain) or set path",
    );
  });
});

describe('modelops:fetch:local', () => {
  const published = createMockDirectory();
  const workspace = createMockDirectory();

  it('copies a locally published model into the workspace, and reports found: false otherwise', async () => {
    published.setContent({ 'churn-model': { 'catalog-info.yaml': FILE } });
    workspace.setContent({});
    const action = createFetchLocalAction({ directory: published.path });
    const ctx = createMockActionContext({
      input: { name: 'churn-model' },
      workspacePath: workspace.path,
    });
    await action.handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('found', true);
    expect(
      fs.readFileSync(path.join(workspace.path, 'catalog-info.yaml'), 'utf8'),
    ).toBe(FILE);

    const missing = createMockActionContext({
      input: { name: 'credit-default-scorer' },
      workspacePath: workspace.path,
    });
    await action.handler(missing as any);
    expect(missing.output).toHaveBeenCalledWith('found', false);
  });

  it('refuses to run unless a directory is configured', async () => {
    const action = createFetchLocalAction({});
    const ctx = createMockActionContext({
      input: { name: 'churn-model' },
      workspacePath: workspace.path,
    });
    await expect(action.handler(ctx as any)).rejects.toThrow(
      /modelops:fetch:local is disabled/,
    );
  });
});
