/**
 * The sections of an evidence pack, in order, each with the EU AI Act Annex IV item(s) and the
 * SR 11-7 element it serves. The pack, its renderers and docs/evidence.md all read this list, so
 * the documented mapping and the output cannot disagree (a test compares them).
 */

/** Id of one section of the evidence pack. */
export type EvidenceSectionId =
  | 'identity'
  | 'risk'
  | 'limitations'
  | 'training-data'
  | 'serving'
  | 'versions'
  | 'approvals'
  | 'audit-chain'
  | 'scorecards'
  | 'drift'
  | 'coverage';

/** What a section is and which regulatory items it serves. */
export interface EvidenceSectionDefinition {
  id: EvidenceSectionId;
  /** Numbered title as printed, e.g. `1. Identification and intended purpose`. */
  title: string;
  /** EU AI Act Annex IV items (point and letter), e.g. `1(a)`. */
  annexIv: string[];
  /** SR 11-7 (Federal Reserve / OCC guidance on model risk management) element. */
  sr117: string;
}

/** Every section of the pack, in print order. */
export const EVIDENCE_SECTIONS: readonly EvidenceSectionDefinition[] = [
  {
    id: 'identity',
    title: '1. Identification and intended purpose',
    annexIv: ['1(a)'],
    sr117: 'Governance: model inventory (owner, purpose, versions)',
  },
  {
    id: 'risk',
    title: '2. Risk classification',
    annexIv: ['5'],
    sr117: 'Governance: risk tiering and materiality',
  },
  {
    id: 'limitations',
    title: '3. Capabilities and limitations',
    annexIv: ['3'],
    sr117: 'Development: model limitations and appropriate use',
  },
  {
    id: 'training-data',
    title: '4. Training data lineage',
    annexIv: ['2(d)'],
    sr117: 'Development: data quality, relevance and provenance',
  },
  {
    id: 'serving',
    title: '5. Serving lineage and system context',
    annexIv: ['1(b)', '2(c)'],
    sr117: 'Implementation: systems the model runs in',
  },
  {
    id: 'versions',
    title: '6. Version history and performance metrics',
    annexIv: ['2(g)', '6'],
    sr117: 'Validation: outcomes analysis; Governance: change control',
  },
  {
    id: 'approvals',
    title: '7. Approval requests and decisions',
    annexIv: ['2(e)', '2(g)'],
    sr117: 'Governance: independent review and approval (effective challenge)',
  },
  {
    id: 'audit-chain',
    title: '8. Audit chain verification',
    annexIv: ['2(g)', '6'],
    sr117: 'Governance: controls and documentation integrity',
  },
  {
    id: 'scorecards',
    title: '9. Scorecards, evidence and exemptions',
    annexIv: ['5', '7'],
    sr117:
      'Governance: policies and controls; Validation: conceptual soundness',
  },
  {
    id: 'drift',
    title: '10. Drift monitoring (post-market monitoring)',
    annexIv: ['3', '9'],
    sr117: 'Validation: ongoing monitoring',
  },
  {
    id: 'coverage',
    title: '11. Annex IV items this pack does not cover',
    annexIv: ['1(c)-(h)', '2(a)', '2(b)', '2(f)', '2(h)', '4', '8'],
    sr117: 'Documentation: what the reviewer must obtain elsewhere',
  },
];

/** Annex IV items the portal does not know about, and where they usually live. */
export const EVIDENCE_NOT_COVERED: ReadonlyArray<{
  annexIv: string;
  item: string;
  where: string;
}> = [
  {
    annexIv: '1(c)-(h)',
    item: 'Software/firmware versions, forms of placing on the market, hardware, photographs, user interface, instructions for use',
    where:
      "The serving component's documentation and the product's instructions for use",
  },
  {
    annexIv: '2(a), 2(b)',
    item: 'Development methods, design specifications and key design choices',
    where:
      "The model card / TechDocs linked from the Model, and the training run's experiment tracker",
  },
  {
    annexIv: '2(f)',
    item: 'Pre-determined changes and the technical solutions for continuous compliance',
    where: 'The change management plan (not recorded in the portal)',
  },
  {
    annexIv: '2(h)',
    item: 'Cybersecurity measures',
    where: 'The security assessment of the serving system',
  },
  {
    annexIv: '4',
    item: 'Appropriateness of the performance metrics',
    where:
      'The validation report (the pack lists the metrics, not why they fit)',
  },
  {
    annexIv: '8',
    item: 'EU declaration of conformity (Article 47)',
    where: 'Issued by the provider; attach it to the pack',
  },
];

/** The Annex IV items of a section, as printed: `1(b), 2(c)`. */
export function annexIvLabel(section: EvidenceSectionDefinition): string {
  return section.annexIv.join(', ');
}
