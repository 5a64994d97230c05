/**
 * What "Export" on a Model page offers: one entry per format, in menu order. Each entry names the
 * backend route (relative to the modelops plugin's base URL) and what the browser does with the
 * answer. Add a format here (one object) and it appears in the dialog of both frontend systems.
 */
export interface ModelExportFormat {
  /** Stable id (test ids, analytics). */
  id: string;
  /** The menu text. */
  title: string;
  /** One line under the title. */
  description: string;
  /** Path under `/api/modelops`, from the entity's namespace and name (already URI-encoded). */
  path: (namespace: string, name: string) => string;
  /** `download`: save as a file; `open`: open in a new tab (printable pages). */
  action: 'download' | 'open';
  /** The file name when the answer carries none in Content-Disposition. */
  fileName: (namespace: string, name: string) => string;
}

/** The export formats of a Model, in menu order. */
export const MODEL_EXPORT_FORMATS: readonly ModelExportFormat[] = [
  {
    id: 'evidence-markdown',
    title: 'Evidence pack: Markdown',
    description:
      'EU AI Act Annex IV / SR 11-7 technical documentation, as a .md file',
    path: (ns, name) => `/models/${ns}/${name}/evidence?format=markdown`,
    action: 'download',
    fileName: (ns, name) => `evidence-${ns}-${name}.md`,
  },
  {
    id: 'evidence-html',
    title: 'Evidence pack: Printable HTML',
    description: 'Opens in a new tab; print it or save it as PDF',
    path: (ns, name) => `/models/${ns}/${name}/evidence?format=html`,
    action: 'open',
    fileName: (ns, name) => `evidence-${ns}-${name}.html`,
  },
  {
    id: 'cyclonedx-ml-bom',
    title: 'CycloneDX ML-BOM (JSON)',
    description:
      'The model and its lineage as a CycloneDX 1.6 bill of materials',
    path: (ns, name) => `/models/${ns}/${name}/bom`,
    action: 'download',
    fileName: (_ns, name) => `${name}.cdx.json`,
  },
];
