import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';
import { columnMax } from './inputGuards';

const EXAMPLE =
  'a Model entity ref such as model:default/credit-default-scorer';

/**
 * A Model entity ref in a request (`model:ns/name`, `ns/name` or `name`), parsed by the catalog's
 * own `parseEntityRef` (default kind model, namespace default) and normalised to lowercase
 * `model:ns/name`; a ref of another kind or an unparsable one is a 400 naming the field. The one
 * model-ref schema of the approvals and scorecards APIs.
 */
export const modelRefSchema = z
  .string({ error: `is required: ${EXAMPLE}` })
  .trim()
  .min(1, { error: `is required: ${EXAMPLE}` })
  .max(...columnMax('entityRef'))
  .transform((v, ctx) => {
    try {
      const ref = parseEntityRef(v, {
        defaultKind: 'model',
        defaultNamespace: 'default',
      });
      if (ref.kind.toLocaleLowerCase('en-US') === 'model')
        return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
    } catch {
      /* reported below */
    }
    ctx.addIssue({ code: 'custom', message: `must be ${EXAMPLE}` });
    return z.NEVER;
  });
