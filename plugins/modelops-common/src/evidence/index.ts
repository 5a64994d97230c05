export {
  auditChainLabel,
  buildEvidencePack,
  cleanEvidenceText,
  EVIDENCE_MAX_TEXT,
} from './buildEvidencePack';
export type {
  EvidenceBlock,
  EvidencePack,
  EvidencePackInput,
  EvidenceRelatedEntity,
  EvidenceSection,
  EvidenceUnavailable,
} from './buildEvidencePack';
export {
  annexIvLabel,
  EVIDENCE_NOT_COVERED,
  EVIDENCE_SECTIONS,
} from './evidenceSections';
export type {
  EvidenceSectionDefinition,
  EvidenceSectionId,
} from './evidenceSections';
export {
  escapeMarkdownInline,
  renderEvidenceMarkdown,
} from './renderEvidenceMarkdown';
export {
  escapeHtml,
  EVIDENCE_HTML_CSP,
  renderEvidenceHtml,
} from './renderEvidenceHtml';
export {
  EVIDENCE_FORMATS,
  evidenceFileName,
  evidenceFormatSchema,
} from './evidenceFormat';
export type { EvidenceFormat } from './evidenceFormat';
