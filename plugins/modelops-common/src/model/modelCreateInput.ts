import { z } from 'zod';
import {
  MODEL_API_VERSION,
  MODEL_VERSION_STAGES,
  ModelEntitySpec,
  ModelVersionStage,
} from './ModelEntity';
import { modelSpecSchema } from './modelEntitySchema';

/*
 * The input of `modelops:model:create` (scaffolder) is the Model's fields, flat, declared once
 * here next to the Model schema: the action's input JSON schema is generated from it, the action
 * parses its input with it, and buildModelEntity turns it into a Model entity.
 *
 * Loose on purpose: the input fixes types and allowed values (the enums come from the Model
 * schema itself); everything else (names, entity refs, versions) is checked on the built entity by
 * validateModelEntity, which lists every problem with its field path at once. Empty values (a
 * template parameter left blank) are accepted and left out of the entity.
 */

const shape = modelSpecSchema.shape;

/** The spec fields the action takes, typed against the Model's spec (a spec change that breaks them fails to compile). */
const specFields = {
  type: z.string().describe('spec.type, e.g. classification'),
  lifecycle: z.string().optional().describe('default experimental'),
  owner: z.string().describe('Owning group ref'),
  system: z.string().optional(),
  framework: z.string().optional(),
  riskTier: shape.riskTier,
  euAiActCategory: shape.euAiActCategory,
  intendedUse: z.string().optional(),
  limitations: z.string().optional(),
  trainingData: z.array(z.string()).optional(),
  servedBy: z.array(z.string()).optional(),
  derivedFrom: z.string().optional(),
} satisfies {
  [K in keyof ModelEntitySpec]?: z.ZodType<ModelEntitySpec[K] | undefined>;
};

/** Stages a new model's first version may start in: production is only reachable through an approval. */
export const INITIAL_MODEL_VERSION_STAGES = MODEL_VERSION_STAGES.filter(
  (s): s is Exclude<ModelVersionStage, 'production'> => s !== 'production',
);

/** Schema of the input of `modelops:model:create` (without the scaffolder's own targetPath/modelCard). */
export const modelCreateInputSchema = z.strictObject({
  name: z.string().describe('metadata.name'),
  namespace: z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  tags: z.array(z.string()).optional(),
  ...specFields,
  initialVersion: z
    .string()
    .optional()
    .describe('Add a first version (stage initialStage, default development)'),
  initialStage: z
    .enum(INITIAL_MODEL_VERSION_STAGES)
    .optional()
    .describe(
      'Stage of the first version; production is only reachable through an approval',
    ),
  initialMetrics: z
    .record(z.string(), z.number())
    .optional()
    .describe(
      'Offline metrics of the first version (with initialVersion), e.g. from a model card',
    ),
  annotations: z.record(z.string(), z.string()).optional(),
});

/** Input of `modelops:model:create`. */
export type ModelCreateInput = z.output<typeof modelCreateInputSchema>;

/** The JSON schema (draft-07) of {@link modelCreateInputSchema}, for the scaffolder's action schema. */
export function modelCreateInputJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(modelCreateInputSchema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-07',
  }) as Record<string, unknown>;
}

/**
 * Builds the Model entity from the action input; empty values are left out. Validate the result
 * with validateModelEntity (it is not checked here).
 */
export function buildModelEntity(
  input: ModelCreateInput,
  now: Date = new Date(),
) {
  const clean = <T extends Record<string, unknown>>(o: T) =>
    Object.fromEntries(
      Object.entries(o).filter(
        ([, v]) =>
          v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0),
      ),
    );
  return {
    apiVersion: MODEL_API_VERSION,
    kind: 'Model',
    metadata: clean({
      name: input.name,
      namespace:
        input.namespace && input.namespace !== 'default'
          ? input.namespace
          : undefined,
      title: input.title,
      description: input.description,
      tags: input.tags,
      annotations:
        input.annotations && Object.keys(input.annotations).length
          ? input.annotations
          : undefined,
    }),
    spec: clean({
      type: input.type,
      lifecycle: input.lifecycle ?? 'experimental',
      owner: input.owner,
      system: input.system,
      framework: input.framework,
      riskTier: input.riskTier,
      euAiActCategory: input.euAiActCategory,
      intendedUse: input.intendedUse,
      limitations: input.limitations,
      trainingData: input.trainingData,
      servedBy: input.servedBy,
      derivedFrom: input.derivedFrom,
      versions: input.initialVersion
        ? [
            {
              version: input.initialVersion,
              stage: input.initialStage ?? 'development',
              createdAt: now.toISOString().slice(0, 10),
              ...(input.initialMetrics &&
              Object.keys(input.initialMetrics).length > 0
                ? { metrics: input.initialMetrics }
                : {}),
            },
          ]
        : undefined,
    }),
  };
}
