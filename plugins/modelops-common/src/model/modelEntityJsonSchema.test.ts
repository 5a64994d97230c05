import fs from 'node:fs';
import path from 'node:path';
import { modelEntityJsonSchema } from './modelEntityJsonSchema';

describe('modelEntityJsonSchema', () => {
  const schema = modelEntityJsonSchema() as any;

  it('matches the committed schema file (run `yarn workspace @modelops/plugin-modelops-common generate:schema` after changing the zod schema)', () => {
    const committed = JSON.parse(
      fs.readFileSync(
        path.resolve(__dirname, '../../schema/Model.v1alpha1.schema.json'),
        'utf8',
      ),
    );
    expect(committed).toEqual(schema);
  });

  it('describes the required fields and enums', () => {
    expect(schema.required).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    const spec = schema.properties.spec;
    expect(spec.required).toEqual(['type', 'lifecycle', 'owner']);
    expect(spec.additionalProperties).toBe(false);
    expect(spec.properties.riskTier.enum).toEqual(['low', 'medium', 'high']);
    expect(spec.properties.versions.items.properties.stage.enum).toEqual([
      'none',
      'development',
      'staging',
      'production',
      'archived',
    ]);
  });
});
