import {
  auditChainLabel,
  type EvidenceBlock,
  type EvidencePack,
} from './buildEvidencePack';
import { annexIvLabel } from './evidenceSections';

/*
 * A self-contained printable HTML page: no script, no external resource, inline CSS with print
 * rules (A4, repeated table headers, no row split across pages). Every string is HTML-escaped;
 * the only URLs are http(s) links the builder already checked. A Content-Security-Policy meta tag
 * forbids scripts even when the page is opened from a blob URL (where no response header applies).
 */

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Escaped text with newlines kept as line breaks. */
const text = (t: string) => escapeHtml(t).replace(/\r\n?|\n/g, '<br>');

/** The CSP of the page (also sent as a header by the backend). */
export const EVIDENCE_HTML_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS = `
:root { color-scheme: light; }
body { font: 11pt/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1a1a1a; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; }
h1 { font-size: 20pt; margin: 0 0 .25rem; }
h2 { font-size: 14pt; margin: 2rem 0 .25rem; border-bottom: 2px solid #1f5fa8; padding-bottom: .2rem; }
.mapping { color: #555; font-size: 9.5pt; margin: 0 0 .75rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: 9.5pt; }
th, td { border: 1px solid #bbb; padding: .3rem .45rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
thead th { white-space: nowrap; }
th { background: #eef3f9; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
table.fields th { width: 14rem; }
.empty { color: #555; font-style: italic; }
.status { padding: .5rem .75rem; border-left: 5px solid; margin: .5rem 0; }
.status.ok { border-color: #2e7d32; background: #edf7ed; }
.status.attention { border-color: #c62828; background: #fdecea; font-weight: 600; }
.meta td, .meta th { font-size: 9.5pt; }
.toc td, .toc th { font-size: 9.5pt; }
p.text { white-space: normal; }
.hash { font-family: ui-monospace, Menlo, Consolas, monospace; }
footer { margin-top: 2rem; color: #555; font-size: 9pt; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 9.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  section { break-inside: auto; }
  tr, .status { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  a[href]::after { content: " (" attr(href) ")"; font-size: 8pt; color: #555; }
  .noprint { display: none; }
}
`;

function table(columns: string[], rows: string[][], cls = '', caption = '') {
  return `<table${cls ? ` class="${cls}"` : ''}>${
    caption ? `<caption>${text(caption)}</caption>` : ''
  }<thead><tr>${columns
    .map(c => `<th scope="col">${text(c)}</th>`)
    .join('')}</tr></thead><tbody>${rows
    .map(r => `<tr>${r.map(c => `<td>${text(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function block(b: EvidenceBlock): string {
  switch (b.type) {
    case 'fields':
      return `<table class="fields"><tbody>${b.rows
        .map(
          ([k, v]) =>
            `<tr><th scope="row">${text(k)}</th><td${
              /hash/i.test(k) ? ' class="hash"' : ''
            }>${text(v)}</td></tr>`,
        )
        .join('')}</tbody></table>`;
    case 'table':
      if (b.rows.length === 0)
        return `${
          b.caption ? `<p><strong>${text(b.caption)}</strong></p>` : ''
        }<p class="empty">${text(b.empty)}</p>`;
      return table(b.columns, b.rows, '', b.caption);
    case 'paragraph':
      return `<p class="text">${text(b.text)}</p>`;
    case 'status':
      return `<div class="status ${b.ok ? 'ok' : 'attention'}" role="status">${
        b.ok ? 'OK' : 'ATTENTION'
      }: ${text(b.text)}</div>`;
    case 'links':
      return `<ul>${b.links
        .map(
          l =>
            `<li><a href="${escapeHtml(
              l.url,
            )}" rel="noopener noreferrer">${text(l.title)}</a></li>`,
        )
        .join('')}</ul>`;
    default:
      return '';
  }
}

/** The evidence pack as one printable, self-contained HTML page. */
export function renderEvidenceHtml(pack: EvidencePack): string {
  const chain = auditChainLabel(pack);
  const sections = pack.sections
    .map(
      s => `<section id="${escapeHtml(s.id)}" data-annex-iv="${escapeHtml(
        annexIvLabel(s),
      )}">
<h2>${text(s.title)}</h2>
<p class="mapping">EU AI Act Annex IV ${text(
        annexIvLabel(s),
      )} · SR 11-7: ${text(s.sr117)}</p>
${s.blocks.map(block).join('\n')}
</section>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${EVIDENCE_HTML_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text(pack.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${text(pack.title)}</h1>
${table(
  ['Model', 'Generated', 'By', 'Audit chain'],
  [[pack.modelRef, pack.generatedAt, pack.generatedBy ?? '—', chain]],
  'meta',
)}
<p class="noprint">Print this page (Ctrl/Cmd+P) to save it as PDF.</p>
</header>
<nav>
<h2>Contents and regulatory mapping</h2>
${table(
  ['Section', 'EU AI Act Annex IV', 'SR 11-7'],
  pack.sections.map(s => [s.title, annexIvLabel(s), s.sr117]),
  'toc',
)}
</nav>
${sections}
<footer>Generated by ModelOps for Backstage from the portal's catalog, approvals, audit chain, scorecards and drift records at ${text(
    pack.generatedAt,
  )}.</footer>
</body>
</html>
`;
}
