import {
  auditChainLabel,
  type EvidenceBlock,
  type EvidencePack,
} from './buildEvidencePack';
import { annexIvLabel } from './evidenceSections';

/*
 * Markdown (CommonMark + GFM tables). Every string from an entity or a record is escaped so it
 * prints as text: Markdown and HTML syntax is backslash-escaped (so `<script>` is not a tag and
 * `[x](javascript:...)` is not a link), a pipe cannot end a table cell, and a newline cannot end a
 * table row or start a heading or a list.
 */

/**
 * ASCII punctuation that means something inline in CommonMark/GFM or starts raw HTML. Parentheses
 * and `!` need no escape: without an unescaped `[` they cannot make a link or an image; `#` only
 * matters at the start of a line (a table cell or a status line never starts one).
 */
const INLINE = /[\\`*_[\]<>|~&]/g;

/** Escapes text for inline use (one line, inside a table cell or a paragraph line). */
export function escapeMarkdownInline(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(line => line.trim().replace(INLINE, c => `\\${c}`))
    .join('<br>');
}

/** Escapes a paragraph: each line is escaped and cannot start a block (heading, list, quote, code). */
function escapeMarkdownParagraph(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(raw => {
      const line = raw.trim().replace(INLINE, c => `\\${c}`);
      // A leading #, -, +, =, or "1." / "1)" would make a heading, a list or a setext heading.
      return line.replace(/^([-+=#]|\d+[.)])/, m =>
        m.length === 1 ? `\\${m}` : `${m.slice(0, -1)}\\${m.slice(-1)}`,
      );
    })
    .join('  \n');
}

const cell = (text: string) => escapeMarkdownInline(text) || ' ';

function block(b: EvidenceBlock): string {
  switch (b.type) {
    case 'fields':
      return [
        '| Field | Value |',
        '| --- | --- |',
        ...b.rows.map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`),
      ].join('\n');
    case 'table': {
      const caption = b.caption
        ? `**${escapeMarkdownInline(b.caption)}**\n\n`
        : '';
      if (b.rows.length === 0)
        return `${caption}_${escapeMarkdownInline(b.empty)}_`;
      return (
        caption +
        [
          `| ${b.columns.map(cell).join(' | ')} |`,
          `| ${b.columns.map(() => '---').join(' | ')} |`,
          ...b.rows.map(r => `| ${r.map(cell).join(' | ')} |`),
        ].join('\n')
      );
    }
    case 'paragraph':
      return escapeMarkdownParagraph(b.text);
    case 'status':
      return `**${b.ok ? 'OK' : 'ATTENTION'}:** ${escapeMarkdownInline(
        b.text,
      )}`;
    case 'links':
      // Only http(s) URLs reach here (the builder filters them); URL.href percent-encodes <, > and spaces.
      return b.links
        .map(
          l => `- ${escapeMarkdownInline(l.title)}: <${new URL(l.url).href}>`,
        )
        .join('\n');
    default:
      return '';
  }
}

/** The evidence pack as Markdown. */
export function renderEvidenceMarkdown(pack: EvidencePack): string {
  const label = auditChainLabel(pack);
  const chain = label === 'BROKEN' ? '**BROKEN**' : label;
  const out: string[] = [
    `# ${escapeMarkdownInline(pack.title)}`,
    '',
    `| Model | Generated | By | Audit chain |`,
    `| --- | --- | --- | --- |`,
    `| ${cell(pack.modelRef)} | ${cell(pack.generatedAt)} | ${cell(
      pack.generatedBy ?? '—',
    )} | ${chain} |`,
    '',
    '## Contents and regulatory mapping',
    '',
    '| Section | EU AI Act Annex IV | SR 11-7 |',
    '| --- | --- | --- |',
    ...pack.sections.map(
      s => `| ${cell(s.title)} | ${cell(annexIvLabel(s))} | ${cell(s.sr117)} |`,
    ),
  ];
  for (const s of pack.sections) {
    out.push(
      '',
      `## ${escapeMarkdownInline(s.title)}`,
      '',
      `_Annex IV ${escapeMarkdownInline(
        annexIvLabel(s),
      )}; SR 11-7: ${escapeMarkdownInline(s.sr117)}_`,
    );
    for (const b of s.blocks) out.push('', block(b));
  }
  return `${out.join('\n')}\n`;
}
