import { InputError } from '@backstage/errors';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  formatProblem,
  isModelEntity,
  validateModelEntity,
} from '@modelops/plugin-modelops-common';
import fs from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';

/**
 * `modelops:model:validate`: validates the Model entities of a catalog-info.yaml in the
 * template workspace (or an entity object given inline) with the shared Model validator,
 * so a template that creates a model repository never publishes an invalid Model.
 *
 * @public
 */
export function createValidateModelAction() {
  return createTemplateAction({
    id: 'modelops:model:validate',
    description:
      'Validates kind: Model entities (modelops.io/v1alpha1) in a workspace file or an inline entity; fails listing every problem with its field path.',
    supportsDryRun: true,
    examples: [
      {
        description:
          'Validate the catalog-info.yaml rendered by fetch:template',
        example:
          'steps:\n  - id: validate\n    action: modelops:model:validate\n    input:\n      path: catalog-info.yaml\n',
      },
    ],
    schema: {
      input: {
        path: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace-relative path of a catalog-info.yaml (default catalog-info.yaml, ignored when entity is set)',
            ),
        entity: z =>
          z
            .record(z.string(), z.unknown())
            .optional()
            .describe('A Model entity object to validate instead of a file'),
        failOnError: z =>
          z
            .boolean()
            .optional()
            .describe('Fail the step when a Model is invalid (default true)'),
      },
      output: {
        valid: z =>
          z.boolean().describe('True when every Model found is valid'),
        models: z =>
          z.array(z.string()).describe('entity refs of the Models found'),
        problems: z =>
          z
            .array(z.string())
            .describe('Every problem as "<entity> <field path> <message>"'),
      },
    },
    async handler(ctx) {
      const candidates: unknown[] = [];
      if (ctx.input.entity) {
        candidates.push(ctx.input.entity);
      } else {
        const relative = ctx.input.path ?? 'catalog-info.yaml';
        const file = resolveSafeChildPath(ctx.workspacePath, relative);
        let text: string;
        try {
          text = await fs.readFile(file, 'utf8');
        } catch {
          throw new InputError(
            `input.path: no file "${relative}" in the workspace; render it first (e.g. with fetch:template) or pass input.entity`,
          );
        }
        for (const doc of parseAllDocuments(text)) {
          if (doc.errors.length) {
            throw new InputError(
              `input.path: ${relative} is not valid YAML: ${doc.errors[0].message}`,
            );
          }
          candidates.push(doc.toJS());
        }
      }

      const models: string[] = [];
      const problems: string[] = [];
      for (const value of candidates) {
        if (!value || typeof value !== 'object' || !isModelEntity(value as any))
          continue;
        const v = value as any;
        const ref = `model:${v.metadata?.namespace ?? 'default'}/${
          v.metadata?.name ?? '(no name)'
        }`;
        models.push(ref);
        const result = validateModelEntity(value);
        if (!result.valid) {
          problems.push(
            ...result.problems.map(p => `${ref} ${formatProblem(p)}`),
          );
        }
      }
      if (models.length === 0) {
        problems.push('no kind: Model entity found');
      }
      for (const p of problems) ctx.logger.warn(p);
      if (problems.length === 0) ctx.logger.info(`valid: ${models.join(', ')}`);

      ctx.output('valid', problems.length === 0);
      ctx.output('models', models);
      ctx.output('problems', problems);
      if (problems.length > 0 && ctx.input.failOnError !== false) {
        throw new InputError(`Invalid Model entity: ${problems.join('; ')}`);
      }
    },
  });
}
