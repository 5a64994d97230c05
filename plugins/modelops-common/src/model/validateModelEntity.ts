import { Entity, makeValidator } from '@backstage/catalog-model';
import type { z } from 'zod';
import { ModelEntityV1alpha1 } from './ModelEntity';
import { modelEntitySchema } from './modelEntitySchema';

/** One reason a Model entity is invalid. */
export interface ModelValidationProblem {
  /** Field path in the entity, e.g. `spec.versions[1].stage`. */
  path: string;
  /** What is wrong and what is allowed, written to follow the path. */
  message: string;
}

/** Result of {@link validateModelEntity}. */
export type ModelValidationResult =
  | { valid: true; entity: ModelEntityV1alpha1; problems: [] }
  | { valid: false; problems: ModelValidationProblem[] };

/** Formats a zod path as a field path: `['spec','versions',1,'stage']` -> `spec.versions[1].stage`. */
export function formatFieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') {
      out += `[${part}]`;
    } else {
      const key = String(part);
      out += /^[A-Za-z_$][\w$-]*$/.test(key)
        ? `${out ? '.' : ''}${key}`
        : `[${JSON.stringify(key)}]`;
    }
  }
  return out || '(entity)';
}

/** Renders a problem as one line: `spec.riskTier must be one of low, medium, high`. */
export function formatProblem(problem: ModelValidationProblem): string {
  return `${problem.path} ${problem.message}`;
}

function toProblems(error: z.ZodError): ModelValidationProblem[] {
  return error.issues.map(issue => ({
    path: formatFieldPath(issue.path),
    message:
      issue.code === 'unrecognized_keys' &&
      !issue.message.startsWith('has unknown')
        ? `has unknown field${
            issue.keys.length > 1 ? 's' : ''
          } ${issue.keys.join(', ')}`
        : issue.message,
  }));
}

const validator = makeValidator();

/**
 * Validates an unknown value as a `kind: Model` entity of apiVersion `modelops.io/v1alpha1`.
 * Returns every problem found (not only the first), each naming its field path.
 */
export function validateModelEntity(value: unknown): ModelValidationResult {
  const parsed = modelEntitySchema.safeParse(value);
  const problems = parsed.success ? [] : toProblems(parsed.error);

  const name = (value as { metadata?: { name?: unknown } })?.metadata?.name;
  if (
    typeof name === 'string' &&
    name.trim() &&
    !validator.isValidEntityName(name)
  ) {
    problems.push({
      path: 'metadata.name',
      message: `must be 1-63 characters of [a-zA-Z0-9], separated by [-_.] (got "${name}")`,
    });
  }

  if (problems.length > 0 || !parsed.success) {
    return { valid: false, problems };
  }
  // Keep the original object (and its metadata, which the catalog validates) but with the
  // validated apiVersion, kind and normalized spec: no cast joins the spec type to the schema,
  // the type is the schema's output (ModelEntitySpec).
  const entity: ModelEntityV1alpha1 = {
    ...(value as Entity),
    apiVersion: parsed.data.apiVersion,
    kind: parsed.data.kind,
    spec: parsed.data.spec,
  };
  return { valid: true, entity, problems: [] };
}

/** Thrown by {@link assertValidModelEntity}; the message lists every problem. */
export class ModelValidationError extends Error {
  readonly problems: ModelValidationProblem[];
  constructor(problems: ModelValidationProblem[]) {
    super(
      problems.length === 1
        ? `Invalid Model entity: ${formatProblem(problems[0])}`
        : `Invalid Model entity:\n${problems
            .map(p => `  - ${formatProblem(p)}`)
            .join('\n')}`,
    );
    this.name = 'ModelValidationError';
    this.problems = problems;
  }
}

/** Validates and returns the typed entity, or throws a {@link ModelValidationError}. */
export function assertValidModelEntity(value: unknown): ModelEntityV1alpha1 {
  const result = validateModelEntity(value);
  if (!result.valid) {
    throw new ModelValidationError(result.problems);
  }
  return result.entity;
}
