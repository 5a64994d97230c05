import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import {
  importModelCard,
  ModelCardImport,
  ModelCardImportError,
} from '@modelops/plugin-modelops-common';

/** A form value counts when it is not blank (an unset template parameter renders empty). */
function given(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/**
 * Merges a model card into the inputs of `modelops:model:create`: what the form says wins, the
 * card fills what the form left blank; training data is the union (form first); the card adds
 * its tags, annotations (license, pipeline tag) and the metrics of its version.
 */
export function mergeCardIntoModelInput(
  form: Record<string, unknown>,
  imported: ModelCardImport | undefined,
): Record<string, unknown> {
  const merged: Record<string, unknown> = Object.fromEntries(
    Object.entries(form).filter(([, v]) => given(v)),
  );
  if (!imported) return merged;
  const { metadata, spec } = imported.entity;
  const fill = (key: string, value: unknown) => {
    if (!given(merged[key]) && given(value)) merged[key] = value;
  };
  fill('title', metadata.title);
  fill('description', metadata.description);
  fill('type', spec.type);
  fill('framework', spec.framework);
  fill('intendedUse', spec.intendedUse);
  fill('limitations', spec.limitations);
  fill('derivedFrom', spec.derivedFrom);
  const formData = Array.isArray(merged.trainingData)
    ? (merged.trainingData as unknown[])
    : [];
  const data = [...new Set([...formData, ...(spec.trainingData ?? [])])];
  if (data.length) merged.trainingData = data;
  const formTags = Array.isArray(merged.tags) ? (merged.tags as unknown[]) : [];
  const tags = [...new Set([...formTags, ...(metadata.tags ?? [])])];
  if (tags.length) merged.tags = tags;
  const annotations = {
    ...((metadata.annotations as Record<string, string> | undefined) ?? {}),
    ...((merged.annotations as Record<string, string> | undefined) ?? {}),
  };
  if (Object.keys(annotations).length) merged.annotations = annotations;
  const version = spec.versions?.[0];
  if (version?.metrics && Object.keys(version.metrics).length > 0) {
    fill('initialVersion', version.version);
    merged.initialMetrics = version.metrics;
  }
  return merged;
}

/**
 * A line of card-derived text for the task's output page, which renders Markdown: without
 * backticks, brackets or angle brackets a card cannot turn its field names into links, images,
 * HTML or a way out of the code block the template shows them in.
 */
function plainLine(text: string): string {
  return text
    .replace(/[`[\]<>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * How many unmapped fields and notes are logged and output: each log line of a task is a stored
 * event, and a card of a million characters can hold hundreds of thousands of fields.
 */
const MAX_LISTED = 100;

/** The first {@link MAX_LISTED} lines, then one saying how many were left out. */
function capped(lines: string[]): string[] {
  return lines.length > MAX_LISTED
    ? [...lines.slice(0, MAX_LISTED), `… and ${lines.length - MAX_LISTED} more`]
    : lines;
}

/**
 * Output of `modelops:model:from-card`.
 *
 * @public
 */
export type ModelFromCardActionOutput = {
  model: JsonObject;
  format: string;
  unmapped: string[];
  notes: string[];
};

/**
 * `modelops:model:from-card`: lets "Register a new model" start from a pasted model card (a
 * Hugging Face README.md with YAML front matter, or a Model Card Toolkit JSON). Parses it with
 * the same importer as `yarn modelops import`, merges it into the form's values (the form wins,
 * the card fills blanks) and outputs the inputs for `modelops:model:create`, plus what the card
 * held that has no place in a Model. Without a card the form's values pass through unchanged.
 *
 * @public
 */
export function createModelFromCardAction() {
  return createTemplateAction({
    id: 'modelops:model:from-card',
    description:
      'Merges a pasted model card (Hugging Face README.md or Model Card Toolkit JSON) into the inputs of modelops:model:create: the form wins, the card fills blanks (description, intended use, limitations, framework, training data, parent model, license, metrics); lists what it could not map.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Start a model from a pasted card',
        example:
          'steps:\n  - id: card\n    action: modelops:model:from-card\n    input:\n      card: ${{ parameters.modelCard }}\n      model:\n        name: ${{ parameters.name }}\n        owner: ${{ parameters.owner }}\n        type: ${{ parameters.type }}\n  - id: create\n    action: modelops:model:create\n    input:\n      name: ${{ steps.card.output.model.name }}\n      intendedUse: ${{ steps.card.output.model.intendedUse }}\n',
      },
    ],
    schema: {
      input: {
        card: z =>
          z
            .string()
            .optional()
            .describe(
              'The model card text: README.md with YAML front matter, or Model Card Toolkit JSON (blank: none)',
            ),
        model: z =>
          z
            .record(z.string(), z.unknown())
            .describe(
              "The form's values, in modelops:model:create's input names (name, owner, type, intendedUse, trainingData, ...)",
            ),
        requireIntendedUse: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Fail when neither the form nor the card says what the model is for (default true)',
            ),
      },
      output: {
        model: z =>
          z
            .record(z.string(), z.unknown())
            .describe('The merged inputs for modelops:model:create'),
        format: z =>
          z
            .string()
            .describe('huggingface, model-card-toolkit, or none (no card)'),
        unmapped: z =>
          z
            .array(z.string())
            .describe(
              'Fields of the card with no place in a Model ("field: reason")',
            ),
        notes: z => z.array(z.string()).describe('Values the import rewrote'),
      },
    },
    async handler(ctx) {
      const { card, model: form, requireIntendedUse = true } = ctx.input;
      let imported: ModelCardImport | undefined;
      if (typeof card === 'string' && card.trim() !== '') {
        const name = typeof form.name === 'string' ? form.name : undefined;
        const owner = typeof form.owner === 'string' ? form.owner : undefined;
        try {
          imported = importModelCard(card, {
            name: name?.trim() || undefined,
            owner: owner?.trim() || undefined,
          });
        } catch (e) {
          if (e instanceof ModelCardImportError) {
            throw new InputError(`input.card: ${e.message}`);
          }
          throw e;
        }
        ctx.logger.info(
          `model card read as ${imported.format}; ${imported.unmapped.length} field(s) not mapped`,
        );
        for (const u of imported.unmapped.slice(0, MAX_LISTED)) {
          ctx.logger.info(`not mapped: ${u.field}: ${u.reason}`);
        }
        if (imported.unmapped.length > MAX_LISTED) {
          ctx.logger.info(
            `… and ${
              imported.unmapped.length - MAX_LISTED
            } more field(s) not mapped`,
          );
        }
      }
      const merged = mergeCardIntoModelInput(form, imported);
      if (requireIntendedUse && !given(merged.intendedUse)) {
        throw new InputError(
          'input.model.intendedUse is required: write the intended use, or paste a model card with an "Intended uses" section (Hugging Face) or considerations.use_cases (Model Card Toolkit)',
        );
      }
      ctx.output('model', merged as JsonObject);
      ctx.output('format', imported?.format ?? 'none');
      ctx.output(
        'unmapped',
        capped(
          (imported?.unmapped ?? []).map(u =>
            plainLine(`${u.field}: ${u.reason}`),
          ),
        ),
      );
      ctx.output('notes', capped((imported?.notes ?? []).map(plainLine)));
    },
  });
}
