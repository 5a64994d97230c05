import { ApiHolder, useApi } from '@backstage/core-plugin-api';
import { CatalogApi, catalogApiRef } from '@backstage/plugin-catalog-react';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import TextField from '@material-ui/core/TextField';
import { useEffect, useState } from 'react';

/** `ui:options` of the field. */
export interface ModelNameFieldOptions {
  /** Namespace of the new model (default `default`). */
  namespace?: string;
}

const NAME_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Why `name` cannot be the name of a new model in `namespace`, or undefined when it can: its
 * format, or that `model:<namespace>/<name>` is already in the catalog. The same sentence as the
 * `modelops:model:create` action, which checks again before publishing.
 */
export async function modelNameProblem(
  catalogApi: Pick<CatalogApi, 'getEntityByRef'>,
  name: string | undefined,
  namespace = 'default',
): Promise<string | undefined> {
  if (!name) return undefined; // "required" is the form's own rule
  if (!NAME_PATTERN.test(name))
    return 'use lowercase letters, digits and dashes, e.g. churn-predictor';
  const ref = `model:${namespace}/${name}`;
  const existing = await catalogApi.getEntityByRef(ref);
  if (!existing) return undefined;
  const owner = (existing.spec as { owner?: unknown } | undefined)?.owner;
  return `"${name}" is already taken: ${ref} exists in the catalog${
    typeof owner === 'string' ? ` (owned by ${owner})` : ''
  }. Choose another name; to release a new version of that model, use the "Request promotion to production" template.`;
}

/**
 * Scaffolder field `ui:field: ModelopsModelName`: the name of a new model, checked against the
 * catalog while typing and again when the step is submitted (the form refuses a name that exists).
 */
export function ModelNameField(
  props: FieldExtensionComponentProps<string, ModelNameFieldOptions>,
) {
  const catalogApi = useApi(catalogApiRef);
  const namespace = props.uiSchema?.['ui:options']?.namespace ?? 'default';
  const value = props.formData ?? '';
  const [problem, setProblem] = useState<string | undefined>();
  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      modelNameProblem(catalogApi, value, namespace).then(
        p => !cancelled && setProblem(p),
        () => !cancelled && setProblem(undefined),
      );
    }, 300);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [catalogApi, value, namespace]);
  // The scaffolder lists the step's validation errors (rawErrors) under the field itself: show the
  // live lookup only when it says something they do not.
  const errors = props.rawErrors ?? [];
  const shown = problem && !errors.includes(problem) ? problem : undefined;
  return (
    <TextField
      id={props.idSchema?.$id}
      label={props.schema?.title ?? 'Name'}
      required={props.required}
      value={value}
      onChange={e => props.onChange(e.target.value)}
      error={!!problem || errors.length > 0}
      helperText={
        shown ??
        props.schema?.description ??
        'Lowercase letters, digits and dashes'
      }
      margin="normal"
      fullWidth
      inputProps={{ 'data-testid': 'modelops-model-name' }}
    />
  );
}

/** Validation on submit of the step: the same check, so an existing name never reaches the action. */
export async function modelNameValidation(
  value: string,
  validation: { addError(message: string): void },
  context: { apiHolder: ApiHolder; uiSchema?: any },
): Promise<void> {
  const catalogApi = context.apiHolder.get(catalogApiRef);
  if (!catalogApi) return; // the action checks again
  const problem = await modelNameProblem(
    catalogApi,
    value,
    context.uiSchema?.['ui:options']?.namespace,
  );
  if (problem) validation.addError(problem);
}

/** The field's name in templates: `ui:field: ModelopsModelName`. */
export const MODEL_NAME_FIELD = 'ModelopsModelName';

/** The field as a scaffolder form field (new frontend system: `FormFieldBlueprint`). */
export const modelNameFormField = createFormField({
  name: MODEL_NAME_FIELD,
  component: ModelNameField,
  validation: modelNameValidation,
});
