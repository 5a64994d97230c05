import {
  CatalogModelKindRelationFieldDefinition,
  createCatalogModelLayer,
} from '@backstage/catalog-model/alpha';
import type { JsonObject } from '@backstage/types';
import { z } from 'zod';
import { MODEL_KIND, MODELOPS_API_GROUP } from './ModelEntity';
import { modelSpecSchema } from './modelEntitySchema';
import { MODEL_REF_FIELDS, MODEL_RELATION_PAIRS } from './relations';

const TARGET_KINDS: Record<string, string[]> = {
  trainedOn: ['Resource', 'Component', 'API', 'Model'],
  servedBy: ['Component', 'API', 'Resource'],
  derivedFrom: ['Model'],
};

/** The catalog's schema validator rejects unknown `format`s (e.g. "uri"); the zod validator checks them. */
function stripFormats(node: unknown) {
  if (Array.isArray(node)) {
    node.forEach(stripFormats);
  } else if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    delete obj.format;
    Object.values(obj).forEach(stripFormats);
  }
}

/**
 * The Model kind as a layer of the catalog model (`@backstage/catalog-model/alpha`): kind, version,
 * JSON schema of the spec, relation fields and the custom relation pairs with titles. Registered by
 * the opt-in `catalogModuleModelopsModelLayer`; the classic `ModelEntitiesProcessor` stays the
 * authority for validation messages and cross-field rules.
 *
 * @alpha
 */
export const modelopsCatalogModelLayer = createCatalogModelLayer({
  layerId: 'modelops.io/kind-model',
  builder: model => {
    const spec = z.toJSONSchema(modelSpecSchema, {
      io: 'input',
      unrepresentable: 'any',
      target: 'draft-07',
    }) as JsonObject;
    delete spec.$schema;
    stripFormats(spec);
    inlineRecursiveRefs(spec);
    model.addKind({
      group: MODELOPS_API_GROUP,
      names: { kind: MODEL_KIND, singular: 'model', plural: 'models' },
      description:
        'A machine-learning or AI model: owner, risk tier, intended use, versions and lineage to data, services and parent models.',
      versions: [
        {
          name: 'v1alpha1',
          relationFields: MODEL_REF_FIELDS.map(
            (f): CatalogModelKindRelationFieldDefinition => ({
              selector: { path: `spec.${f.field}` },
              relation: f.forward,
              ...(f.defaultKind ? { defaultKind: f.defaultKind } : {}),
              defaultNamespace: 'inherit',
            }),
          ),
          schema: {
            jsonSchema: {
              type: 'object',
              required: ['spec'],
              properties: { spec },
            },
          },
        },
      ],
    });
    for (const pair of MODEL_RELATION_PAIRS) {
      model.addRelationPair({
        fromKind: MODEL_KIND,
        toKind: TARGET_KINDS[pair.forward],
        description: `Model lineage: ${pair.title} / ${pair.reverseTitle}.`,
        forward: { type: pair.forward, title: pair.title },
        reverse: { type: pair.reverse, title: pair.reverseTitle },
      });
    }
  },
});

/**
 * The catalog's model layer does not resolve `$ref`s. The only one the spec schema has is the
 * recursive JSON-value type of `spec.monitoring` extras (zod must emit it as a definition): replace
 * each reference by `{}` (any JSON value; the zod validator still checks it) and drop the definitions.
 */
function inlineRecursiveRefs(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(inlineRecursiveRefs);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  delete obj.definitions;
  delete obj.$defs;
  for (const [key, value] of Object.entries(obj)) {
    if (
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      '$ref' in value
    ) {
      obj[key] = {};
    } else {
      inlineRecursiveRefs(value);
    }
  }
}
