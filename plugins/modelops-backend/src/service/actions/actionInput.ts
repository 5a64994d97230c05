import { InputError } from '@backstage/errors';
import type { AnyZodObject } from 'zod/v3';
import { z } from 'zod';
import { checkJsonShape } from '../inputGuards';

/*
 * Input of the actions. The actions registry validates input with the schema an action declares
 * (zod 3, also turned into the JSON schema MCP clients see), but a failure there reaches the client
 * as `Invalid input to action "…"` without the field. So each declared input schema goes through
 * `documentedInput`: its JSON schema still documents every field, type and required field, but
 * the registry lets the raw input through; the action then parses it with the plugin's own schema
 * (zod 4, the same rules and messages as the HTTP API) and a problem becomes an InputError naming
 * the field and the fix.
 */

/**
 * A declared input schema that documents the fields but lets any input through: unknown fields are
 * kept (`passthrough`, so the action's strict schema names them) and a value that does not match is
 * passed on as it is (`catch`). zod-to-json-schema renders a catch as its inner schema. Typed as the
 * object schema the registry asks for: the registry only calls `safeParse` and the JSON conversion.
 */
export function documentedInput<T extends AnyZodObject>(schema: T): T {
  // The catch value is whatever came in; the action's own schema parses it.
  const passThrough = (ctx: { input: unknown }) => ctx.input as any;
  return schema.passthrough().catch(passThrough) as unknown as T;
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, p) => {
    if (typeof p === 'number') return `${acc}[${p}]`;
    return acc ? `${acc}.${String(p)}` : String(p);
  }, '');
}

/** Every problem of a zod error, as `field: message` joined by `; `. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map(issue => {
      if (issue.code === 'unrecognized_keys') {
        return `${issue.keys.join(', ')}: unknown field${
          issue.keys.length > 1 ? 's' : ''
        }`;
      }
      const path = formatPath(issue.path);
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/**
 * Checks an action's input like an HTTP body and parses it with the plugin's schema; an InputError
 * naming each field otherwise.
 */
export function parseActionInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
): z.output<S> {
  // The guards of the HTTP bodies: NUL bytes (PostgreSQL refuses them), depth, sizes.
  checkJsonShape(Buffer.from(JSON.stringify(input ?? {}), 'utf8'));
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) {
    throw new InputError(`invalid input: ${describeZodError(parsed.error)}`);
  }
  return parsed.data;
}
