import { InputError } from '@backstage/errors';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  entityRefOf,
  formatProblem,
  isModelEntity,
  MODEL_VERSION_STAGES,
  ModelVersionStage,
  validateModelEntity,
} from '@modelops/plugin-modelops-common';
import fs from 'node:fs/promises';
import { Document, isMap, isSeq, parseAllDocuments } from 'yaml';

/** One stage change the action made. */
export interface VersionStageChange {
  version: string;
  from: string;
  to: ModelVersionStage;
}

/**
 * Sets `spec.versions[version].stage` of the Model in a catalog-info.yaml text to `toStage` and,
 * when promoting to production, moves the versions that were in production to `previousStage`.
 * Comments, order and formatting of everything else are kept. The result is validated with the
 * shared Model validator. Pure: text in, text out.
 */
export function applyPromotionToCatalogInfo(
  text: string,
  options: {
    modelRef?: string;
    modelVersion: string;
    toStage: ModelVersionStage;
    previousStage?: ModelVersionStage;
  },
): { text: string; modelRef: string; changes: VersionStageChange[] } {
  const docs = parseAllDocuments(text);
  const bad = docs.find(d => d instanceof Document && d.errors.length > 0);
  if (bad && bad instanceof Document)
    throw new InputError(
      `input.path: not valid YAML (${bad.errors[0].message}); fix the file or point path at the model's catalog-info.yaml`,
    );
  const models = (docs as Document[]).filter(d => isModelEntity(d.toJS()));
  const wanted = options.modelRef?.toLocaleLowerCase('en-US');
  const doc = models.find(
    d => !wanted || entityRefOf(d.toJS()).toLocaleLowerCase('en-US') === wanted,
  );
  if (!doc)
    throw new InputError(
      wanted
        ? `input.modelRef: ${
            options.modelRef
          } is not declared in this file (it declares ${
            models.map(d => entityRefOf(d.toJS())).join(', ') || 'no Model'
          }); point path at the model's catalog-info.yaml`
        : `input.path: the file declares no kind: Model entity; point path at the model's catalog-info.yaml`,
    );
  const modelRef = entityRefOf(doc.toJS());
  const versions = doc.getIn(['spec', 'versions']);
  if (!isSeq(versions))
    throw new InputError(
      `input.modelVersion: ${modelRef} has no spec.versions; add version ${options.modelVersion} to spec.versions first`,
    );
  const items = versions.items.filter(isMap);
  const target = items.find(
    item => String(item.get('version')) === options.modelVersion,
  );
  if (!target)
    throw new InputError(
      `input.modelVersion: ${modelRef} declares no version ${
        options.modelVersion
      } in spec.versions (it declares ${
        items.map(i => String(i.get('version'))).join(', ') || 'none'
      }); add it or pick one of those`,
    );

  const changes: VersionStageChange[] = [];
  const setStage = (item: typeof target, to: ModelVersionStage) => {
    const from = String(item.get('stage') ?? 'none');
    if (from === to) return;
    item.set('stage', to);
    changes.push({ version: String(item.get('version')), from, to });
  };
  if (options.toStage === 'production') {
    const previous = options.previousStage ?? 'archived';
    for (const item of items) {
      if (item !== target && item.get('stage') === 'production')
        setStage(item, previous);
    }
  }
  setStage(target, options.toStage);

  const result = validateModelEntity(doc.toJS());
  if (!result.valid)
    throw new InputError(
      `the updated ${modelRef} is not a valid Model: ${result.problems
        .map(formatProblem)
        .join('; ')}`,
    );
  return {
    text: (docs as Document[]).map(d => d.toString()).join(''),
    modelRef,
    changes,
  };
}

/**
 * `modelops:model:update-versions`: updates `spec.versions` in a model's catalog-info.yaml in the
 * workspace after a recorded promotion, so the declared stage matches the approved one. Fetch the
 * model's repository first (`fetch:plain`), then open a pull request with the change
 * (`publish:github:pull-request`, `publish:gitlab:merge-request`, …) — or, in the example portal,
 * write it back with `modelops:publish:local`.
 *
 * @public
 */
export function createUpdateVersionsAction() {
  return createTemplateAction({
    id: 'modelops:model:update-versions',
    description:
      "Sets the promoted version's stage in spec.versions of the model's catalog-info.yaml in the workspace (previous production versions become archived), keeping comments and layout, and validates the result; for a pull request after modelops:model:promote.",
    supportsDryRun: true,
    examples: [
      {
        description:
          'After modelops:model:promote, propose the catalog change as a pull request',
        example: [
          'steps:',
          '  - id: fetch-repo',
          '    action: fetch:plain',
          '    input: { url: https://github.com/acme/credit-default-scorer }',
          '  - id: update-versions',
          '    action: modelops:model:update-versions',
          '    input:',
          '      modelRef: ${{ steps.promote.output.modelRef }}',
          '      modelVersion: ${{ steps.promote.output.modelVersion }}',
          '      toStage: ${{ steps.promote.output.toStage }}',
          '  - id: pull-request',
          '    action: publish:github:pull-request',
          '    input:',
          '      repoUrl: github.com?owner=acme&repo=credit-default-scorer',
          '      branchName: promote-${{ steps.promote.output.modelVersion }}',
          '      title: ${{ steps["update-versions"].output.title }}',
          '      description: ${{ steps["update-versions"].output.summary }}',
          '',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        path: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace-relative path of the catalog-info.yaml (default catalog-info.yaml)',
            ),
        modelRef: z =>
          z
            .string()
            .optional()
            .describe(
              'The Model to update when the file declares several (e.g. model:default/credit-default-scorer)',
            ),
        modelVersion: z =>
          z.string().min(1).describe('The promoted version, e.g. 3.3.0'),
        toStage: z => z.enum(MODEL_VERSION_STAGES).describe('Its new stage'),
        previousStage: z =>
          z
            .enum(MODEL_VERSION_STAGES)
            .optional()
            .describe(
              'Stage of the versions that were in production before (default archived)',
            ),
      },
      output: {
        changed: z =>
          z.boolean().describe('False when the file already said so'),
        title: z => z.string().describe('A pull request title'),
        summary: z =>
          z
            .string()
            .describe('Markdown list of the stage changes, for a PR body'),
      },
    },
    async handler(ctx) {
      const file = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.path ?? 'catalog-info.yaml',
      );
      const text = await fs.readFile(file, 'utf8').catch(() => {
        throw new InputError(
          `input.path: ${
            ctx.input.path ?? 'catalog-info.yaml'
          } is not in the workspace; fetch the model's repository first (fetch:plain) or set path`,
        );
      });
      const updated = applyPromotionToCatalogInfo(text, ctx.input);
      const title = `Promote ${updated.modelRef} ${ctx.input.modelVersion} to ${ctx.input.toStage}`;
      const summary = updated.changes.length
        ? [
            `Recorded promotion: ${updated.modelRef} version ${ctx.input.modelVersion} → ${ctx.input.toStage}. Changes to spec.versions:`,
            '',
            ...updated.changes.map(c => `- ${c.version}: ${c.from} → ${c.to}`),
          ].join('\n')
        : `spec.versions already declares ${ctx.input.modelVersion} in ${ctx.input.toStage}.`;
      if (!ctx.isDryRun && updated.changes.length)
        await fs.writeFile(file, updated.text, 'utf8');
      ctx.logger.info(summary);
      ctx.output('changed', updated.changes.length > 0);
      ctx.output('title', title);
      ctx.output('summary', summary);
    },
  });
}
