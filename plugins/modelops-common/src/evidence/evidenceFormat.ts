import { z } from 'zod';

/** The formats an evidence pack is served in. */
export const EVIDENCE_FORMATS = ['markdown', 'html'] as const;

/** One of {@link EVIDENCE_FORMATS}. */
export type EvidenceFormat = (typeof EVIDENCE_FORMATS)[number];

/** The `format` query parameter (default markdown), with a message naming the choices. */
export const evidenceFormatSchema = z
  .enum(EVIDENCE_FORMATS, {
    error: `must be one of ${EVIDENCE_FORMATS.join(', ')}`,
  })
  .default('markdown');

/**
 * The download file name of a model's evidence pack: `evidence-<namespace>-<name>.md|.html`, with
 * anything outside [a-z0-9._-] replaced (entity names are already that, but the name ends up in a
 * Content-Disposition header and on a disk).
 */
export function evidenceFileName(
  namespace: string,
  name: string,
  format: EvidenceFormat,
): string {
  const safe = (s: string) =>
    s
      .toLocaleLowerCase('en-US')
      .replace(/[^a-z0-9._-]+/g, '-')
      .slice(0, 100);
  return `evidence-${safe(namespace)}-${safe(name)}.${
    format === 'html' ? 'html' : 'md'
  }`;
}
