import {
  AuthService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { InputError } from '@backstage/errors';
import {
  createTemplateAction,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import type { ModelEntity } from '@modelops/plugin-modelops-common';
import {
  buildModelEntity,
  formatFieldPath,
  formatProblem,
  modelCreateInputJsonSchema,
  modelCreateInputSchema,
  TECHDOCS_REF_ANNOTATION,
  validateModelEntity,
} from '@modelops/plugin-modelops-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { JsonValue } from '@backstage/types';

/** A short model card (docs/index.md) from the entity. */
export function renderModelCard(entity: ModelEntity): string {
  const { metadata, spec } = entity;
  const list = (items?: string[]) =>
    items && items.length
      ? items.map(i => `- \`${i}\``).join('\n')
      : '- (none declared)';
  return `# ${metadata.title ?? metadata.name}

${metadata.description ?? ''}

| | |
|---|---|
| Type | ${spec.type} |
| Owner | \`${spec.owner}\` |
| Lifecycle | ${spec.lifecycle} |
| Risk tier | ${
    spec.riskTier ?? 'not classified (treated as high for approvals)'
  } |
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
 * Input of `modelops:model:create` as the scaffolder sees it: the Model fields of -common's
 * `modelCreateInputSchema` (validated in the handler) plus where to write.
 *
 * @public
 */
export type CreateModelActionInput = {
  [x: string]: JsonValue | undefined;
  targetPath?: string | undefined;
  modelCard?: boolean | undefined;
};

/**
 * Output of `modelops:model:create`. Declared (not inferred) so the public API report does not
 * depend on the order in which the compiler happens to print an inferred type.
 *
 * @public
 */
export type CreateModelActionOutput = {
  entityRef: string;
  entity: { [x: string]: JsonValue | undefined };
  catalogInfoPath: string;
};

/**
 * What `modelops:model:create` needs to refuse a name the catalog already has.
 *
 * @public
 */
export interface CreateModelActionOptions {
  catalog: Pick<CatalogService, 'getEntityByRef'>;
  auth: Pick<AuthService, 'getOwnServiceCredentials'>;
}

/**
 * Refuses a model name that is already taken in the catalog, before anything is written or
 * published. Looks up with the scaffolder's own service credentials, so a model the user may
 * not see still counts.
 */
async function assertNameIsFree(
  options: CreateModelActionOptions,
  entityRef: string,
  name: string,
): Promise<void> {
  let existing;
  try {
    existing = await options.catalog.getEntityByRef(entityRef, {
      credentials: await options.auth.getOwnServiceCredentials(),
    });
  } catch (error) {
    throw new Error(
      `Could not check in the catalog whether ${entityRef} already exists (${
        (error as Error)?.message ?? error
      }); nothing was written. Try again when the catalog answers.`,
    );
  }
  if (existing) {
    const owner = (existing.spec as { owner?: unknown } | undefined)?.owner;
    throw new InputError(
      `input.name "${name}" is already taken: ${entityRef} exists in the catalog${
        typeof owner === 'string' ? ` (owned by ${owner})` : ''
      }. Choose another name; to release a new version of that model, add it to its spec.versions and use the "Request promotion to production" template.`,
    );
  }
}

/**
 * `modelops:model:create`: renders a valid Model `catalog-info.yaml` (and a model card under
 * `docs/`) from template inputs, validated by the same validator as the catalog. Fails listing
 * every problem with its field path, and refuses a name the catalog already has (when given the
 * catalog; the module always gives it).
 *
 * @public
 */
export function createCreateModelAction(
  options?: CreateModelActionOptions,
): TemplateAction<CreateModelActionInput, CreateModelActionOutput, 'v2'> {
  const action = createTemplateAction({
    id: 'modelops:model:create',
    description:
      'Writes a kind: Model catalog-info.yaml (and a model card served by TechDocs: docs/index.md, mkdocs.yml, the backstage.io/techdocs-ref annotation) into the workspace from template inputs, validated with the shared Model validator; refuses a name the catalog already has.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Create the skeleton of a new model repository',
        example:
          'steps:\n  - id: create\n    action: modelops:model:create\n    input:\n      name: churn-predictor\n      type: classification\n      owner: group:default/personalization-ds\n      riskTier: medium\n      intendedUse: Rank customers by churn risk for retention campaigns.\n',
      },
    ],
    schema: {
      // The Model's fields are declared once, in -common (modelCreateInputSchema, zod 4); the
      // scaffolder builds action schemas with zod/v3, so they join as JSON schema below
      // (withModelInputSchema). Here: only the action's own options.
      input: z =>
        z
          .object({
            targetPath: z
              .string()
              .optional()
              .describe(
                'Workspace directory to write into (default the workspace root)',
              ),
            modelCard: z
              .boolean()
              .optional()
              .describe(
                'Also write the model card: docs/index.md, mkdocs.yml and the backstage.io/techdocs-ref annotation (default true)',
              ),
          })
          .passthrough(),
      output: z =>
        z.object({
          entityRef: z.string(),
          entity: z
            .record(z.string(), z.any())
            .describe('The Model entity written'),
          catalogInfoPath: z
            .string()
            .describe('Workspace-relative path of the catalog-info.yaml'),
        }),
    },
    async handler(ctx) {
      const { targetPath = '.', modelCard = true, ...fields } = ctx.input;
      const input = modelCreateInputSchema.safeParse(fields);
      if (!input.success) {
        const problems = input.error.issues.map(
          i => `input.${formatFieldPath(i.path)} ${i.message}`,
        );
        throw new InputError(`Invalid input: ${problems.join('; ')}`);
      }
      const entity = buildModelEntity(input.data);
      if (modelCard) {
        // The model card is served by TechDocs from the repository root (mkdocs.yml, docs/), so
        // the model passes "Model card or TechDocs" from birth (issue 12 item 7).
        entity.metadata.annotations = {
          [TECHDOCS_REF_ANNOTATION]: 'dir:.',
          ...(entity.metadata.annotations as
            | Record<string, string>
            | undefined),
        };
      }
      const result = validateModelEntity(entity);
      if (!result.valid) {
        const problems = result.problems.map(formatProblem);
        for (const p of problems) ctx.logger.warn(p);
        throw new InputError(`Invalid Model entity: ${problems.join('; ')}`);
      }
      const entityRef = `model:${
        result.entity.metadata.namespace ?? 'default'
      }/${result.entity.metadata.name}`;
      if (options) {
        await assertNameIsFree(options, entityRef, result.entity.metadata.name);
      }
      const dir = resolveSafeChildPath(ctx.workspacePath, targetPath);
      const catalogInfo = path.join(dir, 'catalog-info.yaml');
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(
        catalogInfo,
        stringify(entity, { lineWidth: 100 }),
        'utf8',
      );
      if (modelCard) {
        await fs.mkdir(path.join(dir, 'docs'), { recursive: true });
        await fs.writeFile(
          path.join(dir, 'docs', 'index.md'),
          renderModelCard(result.entity),
          'utf8',
        );
        await fs.writeFile(
          path.join(dir, 'mkdocs.yml'),
          stringify(
            {
              site_name: result.entity.metadata.name,
              ...(result.entity.metadata.description
                ? { site_description: result.entity.metadata.description }
                : {}),
              nav: [{ 'Model card': 'index.md' }],
              // No plugins: the TechDocs generator adds techdocs-core (unless the portal omits it).
            },
            { lineWidth: 100 },
          ),
          'utf8',
        );
      }
      ctx.logger.info(
        `wrote ${path.relative(
          ctx.workspacePath,
          catalogInfo,
        )} for ${entityRef}`,
      );
      ctx.output('entityRef', entityRef);
      ctx.output('entity', entity);
      ctx.output(
        'catalogInfoPath',
        path.relative(ctx.workspacePath, catalogInfo),
      );
    },
  });
  return withModelInputSchema(action);
}

/**
 * The action's input JSON schema: the Model's fields from -common's modelCreateInputSchema plus
 * the action's own options (targetPath, modelCard); unknown inputs are refused, as before.
 */
function withModelInputSchema<T extends TemplateAction<any, any>>(
  action: T,
): T {
  const model = modelCreateInputJsonSchema();
  const own = action.schema?.input ?? {};
  return {
    ...action,
    schema: {
      ...action.schema,
      input: {
        ...model,
        properties: { ...(model.properties as object), ...own.properties },
        additionalProperties: false,
      },
    },
  };
}
