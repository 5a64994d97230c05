import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import fs from 'node:fs';
import path from 'node:path';
import {
  MODEL_NAME_FIELD,
  ModelNameField,
  modelNameProblem,
  modelNameValidation,
} from './ModelNameField';

const existing = {
  apiVersion: 'modelops.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'credit-default-scorer', namespace: 'default' },
  spec: { type: 'classification', owner: 'group:default/credit-risk-ds' },
};
const TAKEN =
  '"credit-default-scorer" is already taken: model:default/credit-default-scorer exists in the catalog (owned by group:default/credit-risk-ds). Choose another name; to release a new version of that model, use the "Request promotion to production" template.';

describe('ModelNameField (issue 12 item 6)', () => {
  const catalogApi = catalogApiMock({ entities: [existing] });

  it('says an existing name is taken, and accepts a free one', async () => {
    expect(await modelNameProblem(catalogApi, 'credit-default-scorer')).toBe(
      TAKEN,
    );
    expect(await modelNameProblem(catalogApi, 'churn-predictor')).toBe(
      undefined,
    );
    expect(await modelNameProblem(catalogApi, 'Bad Name')).toMatch(
      /lowercase letters/,
    );
  });

  it('refuses the step on submit with that message', async () => {
    const addError = jest.fn();
    await modelNameValidation(
      'credit-default-scorer',
      { addError },
      { apiHolder: { get: () => catalogApi } as any },
    );
    expect(addError).toHaveBeenCalledWith(TAKEN);
    addError.mockClear();
    await modelNameValidation(
      'churn-predictor',
      { addError },
      { apiHolder: { get: () => catalogApi } as any },
    );
    expect(addError).not.toHaveBeenCalled();
  });

  it('shows it while typing', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
        <ModelNameField
          {...({
            formData: 'credit-default-scorer',
            onChange: jest.fn(),
            schema: { title: 'Name' },
            uiSchema: {},
            rawErrors: [],
            idSchema: { $id: 'root_name' },
          } as any)}
        />
      </TestApiProvider>,
    );
    expect(await screen.findByText(TAKEN)).toBeInTheDocument();
  });

  it('is the name field of the "Register a new model" template', () => {
    const template = fs.readFileSync(
      path.resolve(
        __dirname,
        '../../../../../examples/templates/register-model/template.yaml',
      ),
      'utf8',
    );
    expect(template).toContain(`ui:field: ${MODEL_NAME_FIELD}`);
  });
});
