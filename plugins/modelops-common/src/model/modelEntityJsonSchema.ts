import { z } from 'zod';
import { modelEntitySchema } from './modelEntitySchema';

/**
 * The JSON schema of a Model entity, generated from the zod schema. Cross-field rules
 * (unique version strings, at most one production version, entity-ref syntax) are not
 * expressible in JSON schema and are enforced by `validateModelEntity` only.
 * The generated file is committed at `plugins/modelops-common/schema/Model.v1alpha1.schema.json`
 * for editors and other tools.
 */
export function modelEntityJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(modelEntitySchema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-07',
  }) as Record<string, unknown>;
  return {
    $id: 'https://modelops.io/schema/Model.v1alpha1.schema.json',
    title: 'Model',
    description:
      'A machine-learning or AI model in the Backstage catalog (kind: Model, apiVersion: modelops.io/v1alpha1).',
    ...schema,
  };
}
