import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  EU_AI_ACT_CATEGORIES,
  formatProblem,
  MODEL_API_VERSION,
  MODEL_RISK_TIERS,
  MODEL_VERSION_STAGES,
  validateModelEntity,
} from '@modelops/plugin-modelops-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';

/** Builds the Model entity from the action input (empty values are left out). */
export function buildModelEntity(input: {
  name: string;
  namespace?: string;
  title?: string;
  description?: string;
  tags?: string[];
  type: string;
  lifecycle?: string;
  owner: string;
  system?: string;
  framework?: string;
  riskTier?: string;
  euAiActCategory?: string;
  intendedUse?: string;
  limitations?: string;
  trainingData?: string[];
  servedBy?: string[];
  derivedFrom?: string;
  initialVersion?: string;
  initialStage?: string;
  annotations?: Record<string, string>;
}): Record<string, unknown> {
  const clean = <T extends Record<string, unknown>>(o: T) =>
    Object.fromEntries(
      Object.entries(o).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)),
    );
  return {
    apiVersion: MODEL_API_VERSION,
    kind: 'Model',
    metadata: clean({
      name: input.name,
      namespace: input.namespace && input.namespace !== 'default' ? input.namespace : undefined,
      title: input.title,
      description: input.description,
      tags: input.tags,
      annotations: input.annotations && Object.keys(input.annotations).length ? input.annotations : undefined,
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
        ? [{ version: input.initialVersion, stage: input.initialStage ?? 'development', createdAt: new Date().toISOString().slice(0, 10) }]
        : undefined,
    }),
  };
}

/** A short model card (docs/index.md) from the entity. */
export function renderModelCard(entity: Record<string, any>): string {
  const { metadata, spec } = entity;
  const list = (items?: string[]) => (items && items.length ? items.map(i => `- \`${i}\``).join('\n') : '- (none declared)');
  return `# ${metadata.title ?? metadata.name}

${metadata.description ?? ''}

| | |
|---|---|
| Type | ${spec.type} |
| Owner | \`${spec.owner}\` |
| Lifecycle | ${spec.lifecycle} |
| Risk tier | ${spec.riskTier ?? 'not classified (treated as high for approvals)'} |
| EU AI Act category | ${spec.euAiActCategory ?? 'not assessed'} |
| Framework | ${spec.framework ?? '-'} |

## Intended use

${spec.intendedUse ?? 'To be written.'}

## Limitations

${spec.limitations ?? 'To be written.'}

## Training data

${list(spec.trainingData)}

## Served by

${list(spec.servedBy)}

## Evaluation

Record offline metrics per version under \`spec.versions[].metrics\` in \`catalog-info.yaml\`.
Promotion to production goes through an approval request in the portal (see docs/approvals.md of ModelOps for Backstage).
`;
}

/**
 * `modelops:model:create`: renders a valid Model `catalog-info.yaml` (and a model card under
 * `docs/`) from template inputs, validated by the same validator as the catalog. Fails listing
 * every problem with its field path.
 *
 * @public
 */
export function createCreateModelAction() {
  return createTemplateAction({
    id: 'modelops:model:create',
    description:
      'Writes a kind: Model catalog-info.yaml (and docs/index.md, a model card) into the workspace from template inputs, validated with the shared Model validator.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Create the skeleton of a new model repository',
        example:
          'steps:\n  - id: create\n    action: modelops:model:create\n    input:\n      name: churn-predictor\n      type: classification\n      owner: group:default/personalization-ds\n      riskTier: medium\n      intendedUse: Rank customers by churn risk for retention campaigns.\n',
      },
    ],
    schema: {
      input: {
        name: z => z.string().describe('metadata.name'),
        namespace: z => z.string().optional(),
        title: z => z.string().optional(),
        description: z => z.string().optional(),
        tags: z => z.array(z.string()).optional(),
        type: z => z.string().describe('spec.type, e.g. classification'),
        lifecycle: z => z.string().optional().describe('default experimental'),
        owner: z => z.string().describe('Owning group ref'),
        system: z => z.string().optional(),
        framework: z => z.string().optional(),
        riskTier: z => z.enum(MODEL_RISK_TIERS).optional(),
        euAiActCategory: z => z.enum(EU_AI_ACT_CATEGORIES).optional(),
        intendedUse: z => z.string().optional(),
        limitations: z => z.string().optional(),
        trainingData: z => z.array(z.string()).optional(),
        servedBy: z => z.array(z.string()).optional(),
        derivedFrom: z => z.string().optional(),
        initialVersion: z => z.string().optional().describe('Add a first version (stage initialStage, default development)'),
        initialStage: z =>
          z
            .enum(MODEL_VERSION_STAGES.filter(s => s !== 'production') as ['none', 'development', 'staging', 'archived'])
            .optional()
            .describe('Stage of the first version; production is only reachable through an approval'),
        annotations: z => z.record(z.string(), z.string()).optional(),
        targetPath: z => z.string().optional().describe('Workspace directory to write into (default the workspace root)'),
        modelCard: z => z.boolean().optional().describe('Also write docs/index.md (default true)'),
      },
      output: {
        entityRef: z => z.string(),
        entity: z => z.record(z.string(), z.unknown()),
        catalogInfoPath: z => z.string().describe('Workspace-relative path of the catalog-info.yaml'),
      },
    },
    async handler(ctx) {
      const { targetPath = '.', modelCard = true, ...fields } = ctx.input;
      const entity = buildModelEntity(fields as any);
      const result = validateModelEntity(entity);
      if (!result.valid) {
        const problems = result.problems.map(formatProblem);
        for (const p of problems) ctx.logger.warn(p);
        throw new InputError(`Invalid Model entity: ${problems.join('; ')}`);
      }
      const dir = resolveSafeChildPath(ctx.workspacePath, targetPath);
      const catalogInfo = path.join(dir, 'catalog-info.yaml');
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(catalogInfo, stringify(entity, { lineWidth: 100 }), 'utf8');
      if (modelCard) {
        await fs.mkdir(path.join(dir, 'docs'), { recursive: true });
        await fs.writeFile(path.join(dir, 'docs', 'index.md'), renderModelCard(entity as any), 'utf8');
      }
      const ns = (entity.metadata as any).namespace ?? 'default';
      const entityRef = `model:${ns}/${fields.name}`;
      ctx.logger.info(`wrote ${path.relative(ctx.workspacePath, catalogInfo)} for ${entityRef}`);
      ctx.output('entityRef', entityRef);
      ctx.output('entity', entity);
      ctx.output('catalogInfoPath', path.relative(ctx.workspacePath, catalogInfo));
    },
  });
}
