// The node entry points, named explicitly: the package's root export resolves to its browser
// build (which has no validator) wherever the `browser` condition applies, e.g. in jsdom tests.
import { Version } from '@cyclonedx/cyclonedx-library/Spec';
import { JsonStrictValidator } from '@cyclonedx/cyclonedx-library/Validation';
import type { CycloneDxBomJson } from './buildModelBom';

/** One validator per process: it compiles the 1.6 schema (and its referenced schemas) once. */
let validator: JsonStrictValidator | undefined;

/** One problem found by the CycloneDX schema validator. */
export interface CycloneDxValidationProblem {
  /** JSON pointer of the offending value (`/metadata/component/modelCard`), `/` for the root. */
  path: string;
  message: string;
}

/**
 * Validates a CycloneDX JSON document against the CycloneDX 1.6 JSON schema with the CycloneDX
 * library's strict validator (ajv, formats included). Node only: the library's browser build has
 * no validator. Returns the problems, an empty list when the document is valid.
 */
export async function validateCycloneDxBom(
  bom: CycloneDxBomJson | string,
): Promise<CycloneDxValidationProblem[]> {
  validator ??= new JsonStrictValidator(Version.v1dot6);
  let error: unknown;
  try {
    error = await validator.validate(
      typeof bom === 'string' ? bom : JSON.stringify(bom),
    );
  } catch (e) {
    // A string that is not JSON.
    return [{ path: '/', message: `is not JSON (${(e as Error).message})` }];
  }
  if (error === null) return [];
  // The library returns ajv's error objects (its ValidationError type is `any`).
  const errors: unknown[] = Array.isArray(error) ? error : [error];
  return errors.map((e: any) => ({
    path: String(e?.instancePath || '/'),
    message: `${String(e?.message ?? e)}${
      e?.params && Object.keys(e.params).length > 0
        ? ` (${JSON.stringify(e.params)})`
        : ''
    }`,
  }));
}
