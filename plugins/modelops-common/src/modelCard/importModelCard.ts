import { parse as parseYaml } from 'yaml';
import { MODEL_API_VERSION, MODEL_KIND } from '../model/ModelEntity';
import type { ModelEntity } from '../model/ModelEntity';
import {
  formatProblem,
  validateModelEntity,
} from '../model/validateModelEntity';
import { isHttpUrl } from '../schema/url';
import {
  LICENSE_ANNOTATION,
  MODEL_CARD_URL_ANNOTATION,
  PIPELINE_TAG_ANNOTATION,
} from '../bom/buildModelBom';

/*
 * A model card → a Model entity. Two formats:
 * - a Hugging Face model card: README.md with YAML front matter (`license`, `datasets`,
 *   `base_model`, `model-index`, `pipeline_tag`, `library_name`, `tags`) and Markdown sections
 *   (intended uses, limitations);
 * - a Google Model Card Toolkit JSON (`model_details`, `model_parameters`,
 *   `quantitative_analysis`, `considerations`).
 * Everything that has no place in the Model kind is listed in `unmapped`, never dropped silently.
 */

/** The formats {@link importModelCard} reads. */
export type ModelCardFormat = 'huggingface' | 'model-card-toolkit';

/** Options of {@link importModelCard}. */
export interface ModelCardImportOptions {
  /** metadata.name (default: from the card's name, made a valid entity name). */
  name?: string;
  /** spec.owner (default `group:default/unassigned`, reported in `notes`). */
  owner?: string;
  /** metadata.namespace (default none, i.e. `default`). */
  namespace?: string;
  /** spec.type (default: from the card's pipeline_tag, else `classification`). */
  type?: string;
  /** spec.lifecycle (default `experimental`). */
  lifecycle?: string;
  /** The version the card's metrics belong to (default: the card's version, else `1.0.0`). */
  version?: string;
  /** Where the card was read from, when it is a URL: written as `modelops.io/model-card-url`. */
  sourceUrl?: string;
  /** Force a format instead of detecting it. */
  format?: ModelCardFormat;
}

/** A field of the card that the Model entity has no place for. */
export interface UnmappedField {
  /** Path in the card: `language`, `model-index[0].results[1].metrics[0]`, `considerations.tradeoffs`. */
  field: string;
  reason: string;
}

/** The outcome of {@link importModelCard}. */
export interface ModelCardImport {
  format: ModelCardFormat;
  entity: ModelEntity;
  unmapped: UnmappedField[];
  /** Defaults applied and values rewritten (e.g. a dataset id made an entity name). */
  notes: string[];
}

/** A card that cannot be read; the message names the field and the fix. */
export class ModelCardImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelCardImportError';
  }
}

/** Longest text copied into intendedUse / limitations / description. */
export const MODEL_CARD_MAX_TEXT = 4000;
/** Largest card accepted (characters). */
export const MODEL_CARD_MAX_SIZE = 1_000_000;

const DEFAULT_OWNER = 'group:default/unassigned';

/** Pipeline tags (Hugging Face tasks) → the recommended `spec.type` values. */
const TYPE_OF_PIPELINE: Record<string, string> = {
  'text-classification': 'classification',
  'token-classification': 'classification',
  'image-classification': 'classification',
  'audio-classification': 'classification',
  'video-classification': 'classification',
  'zero-shot-classification': 'classification',
  'zero-shot-image-classification': 'classification',
  'tabular-classification': 'classification',
  'tabular-regression': 'regression',
  'time-series-forecasting': 'forecasting',
  'fill-mask': 'llm',
  'text-generation': 'llm',
  'text2text-generation': 'llm',
  'question-answering': 'llm',
  summarization: 'llm',
  translation: 'llm',
  conversational: 'llm',
  'feature-extraction': 'llm',
  'sentence-similarity': 'ranking',
  'text-ranking': 'ranking',
  'text-to-image': 'generative',
  'image-to-image': 'generative',
  'text-to-speech': 'generative',
  'text-to-audio': 'generative',
  'text-to-video': 'generative',
};

/** A valid Backstage entity name from an id such as `google-bert/bert-base-uncased`. */
export function toEntityName(id: string): string {
  const name = id
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 63)
    .replace(/[^A-Za-z0-9]+$/, '')
    .replace(/[-_.]{2,}/g, '-');
  return name;
}

/*
 * A pasted card is read in the scaffolder backend's process, so every pattern over card text must
 * run in linear time: no pattern may try a long scan at each of many start positions (a 1 MB card
 * of `<a<a<a…` or of spaces blocked the process for minutes with the former regular expressions).
 */

/** Removes `<!-- … -->` comments (an unclosed one stays), in one pass. */
function withoutComments(text: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const start = text.indexOf('<!--', from);
    if (start < 0) break;
    const end = text.indexOf('-->', start + 4);
    if (end < 0) break;
    out += text.slice(from, start);
    from = end + 3;
  }
  return out + text.slice(from);
}

/** Removes HTML tags (`<x…>`, `</x…>`, up to the first `>`), in one pass. */
function withoutTags(text: string): string {
  let out = '';
  let from = 0;
  let at = 0;
  for (;;) {
    const start = text.indexOf('<', at);
    if (start < 0) break;
    const name = text[start + 1] === '/' ? start + 2 : start + 1;
    if (!/[A-Za-z]/.test(text[name] ?? '')) {
      at = start + 1;
      continue;
    }
    const end = text.indexOf('>', name);
    if (end < 0) break;
    out += text.slice(from, start);
    from = end + 1;
    at = from;
  }
  return out + text.slice(from);
}

function cleanText(value: string, max = MODEL_CARD_MAX_TEXT): string {
  const text = withoutTags(
    withoutComments(value.replaceAll(String.fromCharCode(0), '')),
  )
    // Trailing blanks of a line (only at the start of a run, so the scan is linear).
    .replace(/(?<![ \t])[ \t]+(?=\n)/g, '')
    // Markdown soft line breaks are spaces (list items, tables and quotes keep their lines).
    .replace(/([^\n])\n(?![ \t]*(?:\n|[-*+>|]|\d+\.)[ \t]?)/g, '$1 ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

function tagOf(value: string): string | undefined {
  const tag = value
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9+#]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return tag || undefined;
}

/** Empty values (null, "", [], {}) are not worth reporting as unmapped. */
const isEmpty = (v: unknown): boolean =>
  v === null ||
  v === undefined ||
  (typeof v === 'string' && v.trim() === '') ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' &&
    !Array.isArray(v) &&
    Object.keys(v as object).length === 0);

const isRecord = (v: unknown): v is Record<string, any> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim().replace(/%$/, ''));
    if (Number.isFinite(n)) return value.trim().endsWith('%') ? n / 100 : n;
  }
  return undefined;
}

/** A metric name usable as a key of `versions[].metrics`. */
function metricKey(...parts: Array<string | undefined>): string {
  return parts
    .filter((p): p is string => !!p && p.trim() !== '')
    .map(p => p.trim().replace(/\s+/g, '_'))
    .join('.');
}

/** Detects the format of a card's text (the file name helps: `.json` is Model Card Toolkit). */
export function detectModelCardFormat(
  text: string,
  fileName?: string,
): ModelCardFormat {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('{') || fileName?.toLowerCase().endsWith('.json')) {
    return 'model-card-toolkit';
  }
  if (trimmed.startsWith('---')) return 'huggingface';
  throw new ModelCardImportError(
    'not a model card: expected a Hugging Face README.md starting with YAML front matter (--- ... ---) or a Model Card Toolkit JSON object with model_details',
  );
}

/** Markdown sections of a README: heading title → body (up to the next heading). */
function markdownSections(
  body: string,
): Array<{ level: number; title: string; text: string }> {
  const sections: Array<{ level: number; title: string; text: string }> = [];
  let current: { level: number; title: string; lines: string[] } = {
    level: 0,
    title: '',
    lines: [],
  };
  let fence = false;
  for (const line of body.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    // Linear: the title is the rest of the line without its closing #s (no lazy group before
    // optional blanks, which backtracked cubically on a heading with a long run of spaces).
    const m = !fence && /^(#{1,6})\s+([\s\S]*)$/.exec(line);
    if (m) {
      sections.push({
        level: current.level,
        title: current.title,
        text: current.lines.join('\n'),
      });
      const title = m[2]
        .trimEnd()
        .replace(/(?<!#)#+$/, '')
        .trimEnd();
      current = { level: m[1].length, title, lines: [] };
    } else {
      current.lines.push(line);
    }
  }
  sections.push({
    level: current.level,
    title: current.title,
    text: current.lines.join('\n'),
  });
  return sections;
}

const INTENDED_USE =
  /intended use|^uses?$|direct use|downstream use|use cases?/i;
const LIMITATIONS = /limitation|bias|risks?\b|out[- ]of[- ]scope/i;

function sectionText(
  sections: Array<{ title: string; text: string }>,
  pattern: RegExp,
): string | undefined {
  const parts = sections
    .filter(s => pattern.test(s.title))
    .map(s => cleanText(s.text, MODEL_CARD_MAX_TEXT * 2))
    .filter(t => t && !/^\[more information needed\]$/i.test(t));
  return parts.length ? cleanText(parts.join('\n\n')) : undefined;
}

interface Draft {
  name?: string;
  title?: string;
  description?: string;
  tags: string[];
  annotations: Record<string, string>;
  type?: string;
  framework?: string;
  intendedUse?: string;
  limitations?: string;
  trainingData: string[];
  derivedFrom?: string;
  version?: string;
  createdAt?: string;
  metrics: Record<string, number>;
}

function emptyDraft(): Draft {
  return {
    tags: [],
    annotations: {},
    trainingData: [],
    metrics: {},
  };
}

function addDataset(draft: Draft, id: string, field: string, notes: string[]) {
  const name = toEntityName(id);
  if (!name) return false;
  if (name !== id) {
    notes.push(`${field}: dataset "${id}" written as resource "${name}"`);
  }
  const ref = `resource:${name}`;
  if (!draft.trainingData.includes(ref)) draft.trainingData.push(ref);
  return true;
}

function addMetric(
  draft: Draft,
  key: string,
  value: unknown,
  field: string,
  unmapped: UnmappedField[],
) {
  const n = numberOf(value);
  if (!key) {
    unmapped.push({ field, reason: 'metric without a type or name' });
  } else if (n === undefined) {
    unmapped.push({
      field,
      reason: `metric ${key} has a value that is not a number (${JSON.stringify(
        value,
      )?.slice(0, 60)})`,
    });
  } else if (key in draft.metrics) {
    unmapped.push({
      field,
      reason: `metric ${key} appears twice; kept the first`,
    });
  } else {
    draft.metrics[key] = n;
  }
}

const HF_MAPPED = new Set([
  'license',
  'license_name',
  'datasets',
  'base_model',
  'model-index',
  'pipeline_tag',
  'library_name',
  'tags',
  'model_name',
]);

function readHuggingFace(
  text: string,
  unmapped: UnmappedField[],
  notes: string[],
): Draft {
  const m =
    /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/.exec(
      text,
    );
  if (!m) {
    throw new ModelCardImportError(
      'front matter: a Hugging Face model card starts with YAML front matter between two --- lines; none found',
    );
  }
  let meta: unknown;
  try {
    meta = parseYaml(m[1], { maxAliasCount: 100 });
  } catch (e: any) {
    throw new ModelCardImportError(
      `front matter: is not valid YAML (${
        String(e?.message ?? e).split('\n')[0]
      })`,
    );
  }
  if (meta === null || meta === undefined) meta = {};
  if (!isRecord(meta)) {
    throw new ModelCardImportError(
      'front matter: must be a YAML map (license: ..., datasets: [...]), not a list or a scalar',
    );
  }
  const draft = emptyDraft();

  const license = meta.license === 'other' ? meta.license_name : meta.license;
  if (typeof license === 'string' && license.trim()) {
    draft.annotations[LICENSE_ANNOTATION] = license.trim().slice(0, 200);
  } else if (license !== undefined) {
    unmapped.push({ field: 'license', reason: 'is not a string' });
  }

  asList(meta.datasets).forEach((d, i) => {
    const field = `datasets[${i}]`;
    if (typeof d !== 'string' || !addDataset(draft, d, field, notes)) {
      unmapped.push({ field, reason: 'is not a dataset id' });
    }
  });

  const bases = asList(meta.base_model);
  bases.forEach((b, i) => {
    const field = Array.isArray(meta.base_model)
      ? `base_model[${i}]`
      : 'base_model';
    const name = typeof b === 'string' ? toEntityName(b) : '';
    if (!name) {
      unmapped.push({ field, reason: 'is not a model id' });
    } else if (draft.derivedFrom) {
      unmapped.push({
        field,
        reason: `spec.derivedFrom holds one parent; kept ${draft.derivedFrom}`,
      });
    } else {
      draft.derivedFrom = `model:${name}`;
      if (name !== b) notes.push(`${field}: "${b}" written as model "${name}"`);
    }
  });

  const pipeline = meta.pipeline_tag;
  if (typeof pipeline === 'string' && pipeline.trim()) {
    draft.annotations[PIPELINE_TAG_ANNOTATION] = pipeline.trim().slice(0, 100);
    draft.type =
      TYPE_OF_PIPELINE[pipeline.trim()] ?? pipeline.trim().slice(0, 100);
  }
  if (typeof meta.library_name === 'string' && meta.library_name.trim()) {
    draft.framework = meta.library_name.trim().slice(0, 100);
  }
  asList(meta.tags).forEach((t, i) => {
    const tag = typeof t === 'string' ? tagOf(t) : undefined;
    if (tag && !draft.tags.includes(tag)) draft.tags.push(tag);
    else if (!tag)
      unmapped.push({ field: `tags[${i}]`, reason: 'is not a tag' });
  });

  const index = asList(meta['model-index']);
  index.forEach((entry, i) => {
    if (!isRecord(entry)) {
      unmapped.push({ field: `model-index[${i}]`, reason: 'is not a map' });
      return;
    }
    if (i === 0 && typeof entry.name === 'string') draft.name = entry.name;
    asList(entry.results).forEach((result, r) => {
      if (!isRecord(result)) return;
      const dataset = isRecord(result.dataset) ? result.dataset : {};
      const datasetId =
        typeof dataset.type === 'string' ? dataset.type : dataset.name;
      asList(result.metrics).forEach((metric, k) => {
        const field = `model-index[${i}].results[${r}].metrics[${k}]`;
        if (!isRecord(metric)) {
          unmapped.push({ field, reason: 'is not a map' });
          return;
        }
        const type = String(metric.type ?? metric.name ?? '');
        // One dataset: the metric name alone; several: qualified by the dataset.
        const datasets = new Set(
          asList(entry.results)
            .filter(isRecord)
            .map(x =>
              isRecord(x.dataset) ? x.dataset.type ?? x.dataset.name : '',
            ),
        );
        const key =
          datasets.size > 1
            ? metricKey(
                typeof datasetId === 'string' ? datasetId : undefined,
                type,
              )
            : metricKey(type);
        addMetric(draft, key, metric.value, field, unmapped);
      });
    });
  });
  if (typeof meta.model_name === 'string' && !draft.name) {
    draft.name = meta.model_name;
  }

  for (const key of Object.keys(meta)) {
    if (!HF_MAPPED.has(key) && !isEmpty(meta[key])) {
      unmapped.push({
        field: key,
        reason: 'no field of the Model kind holds it',
      });
    }
  }

  // The Markdown body.
  const sections = markdownSections(m[2]);
  const h1 = sections.find(s => s.level === 1);
  if (!draft.name && h1) draft.name = h1.title;
  if (h1) draft.title = cleanText(h1.title, 200);
  const intro = sections.find(s => s.text.trim() && s.level <= 2);
  const firstParagraph = intro?.text
    .split(/\n\s*\n/)
    .map(p => p.trim())
    .find(p => p && !p.startsWith('|') && !p.startsWith('!['));
  if (firstParagraph) draft.description = cleanText(firstParagraph, 400);
  draft.intendedUse = sectionText(sections, INTENDED_USE);
  draft.limitations = sectionText(
    sections.filter(s => !INTENDED_USE.test(s.title)),
    LIMITATIONS,
  );
  const mappedSection = (t: string) =>
    INTENDED_USE.test(t) || LIMITATIONS.test(t);
  sections.forEach((s, i) => {
    const top = s.level >= 1 && s.level <= 2 && s !== h1;
    if (!top || mappedSection(s.title)) return;
    // The section with its sub-sections (up to the next heading of its level or higher).
    let body = s.text;
    for (
      let j = i + 1;
      j < sections.length && sections[j].level > s.level;
      j++
    ) {
      if (!mappedSection(sections[j].title)) body += sections[j].text;
    }
    if (body.trim()) {
      unmapped.push({
        field: `## ${cleanText(s.title, 80)}`,
        reason: 'Markdown section kept in the README only',
      });
    }
  });
  return draft;
}

const MCT_MAPPED: Record<string, Set<string>> = {
  model_details: new Set(['name', 'overview', 'version', 'licenses', 'owners']),
  model_parameters: new Set(['data']),
  quantitative_analysis: new Set(['performance_metrics']),
  considerations: new Set(['use_cases', 'users', 'limitations']),
};

const descriptions = (
  value: unknown,
  field: string,
  unmapped: UnmappedField[],
) =>
  asList(value)
    .map((v, i) => {
      const d = isRecord(v) ? v.description : v;
      if (typeof d === 'string' && d.trim()) return d.trim();
      unmapped.push({
        field: `${field}[${i}]`,
        reason: 'has no description text',
      });
      return undefined;
    })
    .filter((d): d is string => !!d);

function readModelCardToolkit(
  text: string,
  unmapped: UnmappedField[],
  notes: string[],
): Draft {
  let card: unknown;
  try {
    card = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e: any) {
    throw new ModelCardImportError(
      `model card JSON: is not valid JSON (${String(e?.message ?? e)})`,
    );
  }
  if (!isRecord(card)) {
    throw new ModelCardImportError('model card JSON: must be a JSON object');
  }
  if (!isRecord(card.model_details)) {
    throw new ModelCardImportError(
      'model_details: is required in a Model Card Toolkit JSON (an object with at least name)',
    );
  }
  const draft = emptyDraft();
  const details = card.model_details;
  if (typeof details.name === 'string') {
    draft.name = details.name;
    draft.title = cleanText(details.name, 200);
  }
  if (typeof details.overview === 'string') {
    draft.description = cleanText(details.overview, 400);
  }
  if (isRecord(details.version)) {
    if (
      typeof details.version.name === 'string' ||
      typeof details.version.name === 'number'
    ) {
      draft.version = String(details.version.name).trim() || undefined;
    }
    if (typeof details.version.date === 'string') {
      const date = details.version.date.trim();
      if (/^\d{4}-\d{2}-\d{2}/.test(date) && !Number.isNaN(Date.parse(date))) {
        draft.createdAt = date.slice(0, 10);
      } else {
        unmapped.push({
          field: 'model_details.version.date',
          reason: `is not an ISO 8601 date (${JSON.stringify(date).slice(
            0,
            40,
          )})`,
        });
      }
    }
    for (const key of Object.keys(details.version)) {
      if (key !== 'name' && key !== 'date' && !isEmpty(details.version[key])) {
        unmapped.push({
          field: `model_details.version.${key}`,
          reason: 'no field of the Model kind holds it',
        });
      }
    }
  }
  asList(details.licenses).forEach((l, i) => {
    const id = isRecord(l) ? l.identifier ?? l.custom_text : l;
    if (i === 0 && typeof id === 'string' && id.trim()) {
      draft.annotations[LICENSE_ANNOTATION] = id.trim().slice(0, 200);
    } else {
      unmapped.push({
        field: `model_details.licenses[${i}]`,
        reason:
          i === 0 ? 'has no identifier' : 'only the first license is kept',
      });
    }
  });
  asList(details.owners).forEach((o, i) => {
    const name = isRecord(o) ? o.name : undefined;
    unmapped.push({
      field: `model_details.owners[${i}]`,
      reason: `a person or team named in the card${
        typeof name === 'string' ? ` (${cleanText(name, 80)})` : ''
      } is not a catalog owner; set spec.owner (--owner)`,
    });
  });

  const params = isRecord(card.model_parameters) ? card.model_parameters : {};
  asList(params.data).forEach((d, i) => {
    const field = `model_parameters.data[${i}]`;
    const name = isRecord(d) ? d.name : undefined;
    if (typeof name !== 'string' || !addDataset(draft, name, field, notes)) {
      unmapped.push({ field, reason: 'has no dataset name' });
    }
  });

  const qa = isRecord(card.quantitative_analysis)
    ? card.quantitative_analysis
    : {};
  asList(qa.performance_metrics).forEach((p, i) => {
    const field = `quantitative_analysis.performance_metrics[${i}]`;
    if (!isRecord(p)) {
      unmapped.push({ field, reason: 'is not an object' });
      return;
    }
    addMetric(
      draft,
      metricKey(
        typeof p.type === 'string' ? p.type : undefined,
        typeof p.slice === 'string' ? p.slice : undefined,
      ),
      p.value,
      field,
      unmapped,
    );
  });

  const considerations = isRecord(card.considerations)
    ? card.considerations
    : {};
  const uses = [
    ...descriptions(
      considerations.use_cases,
      'considerations.use_cases',
      unmapped,
    ),
    ...descriptions(considerations.users, 'considerations.users', unmapped).map(
      u => `Intended users: ${u}`,
    ),
  ];
  if (uses.length) draft.intendedUse = cleanText(uses.join('\n\n'));
  const limits = descriptions(
    considerations.limitations,
    'considerations.limitations',
    unmapped,
  );
  if (limits.length) draft.limitations = cleanText(limits.join('\n\n'));

  for (const [section, mapped] of Object.entries(MCT_MAPPED)) {
    const value = card[section];
    if (!isRecord(value)) continue;
    for (const key of Object.keys(value)) {
      if (!mapped.has(key) && !isEmpty(value[key])) {
        unmapped.push({
          field: `${section}.${key}`,
          reason: 'no field of the Model kind holds it',
        });
      }
    }
  }
  for (const key of Object.keys(card)) {
    if (
      !(key in MCT_MAPPED) &&
      key !== 'schema_version' &&
      !isEmpty(card[key])
    ) {
      unmapped.push({
        field: key,
        reason: 'no field of the Model kind holds it',
      });
    }
  }
  return draft;
}

/**
 * Reads a Hugging Face model card (README.md) or a Model Card Toolkit JSON and builds a Model
 * entity (validated with the Model kind's own validator). Throws {@link ModelCardImportError}
 * naming the field when the card cannot be read or the result would not be a valid Model.
 */
export function importModelCard(
  text: string,
  options: ModelCardImportOptions & { fileName?: string } = {},
): ModelCardImport {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new ModelCardImportError(
      'card: is empty; paste or point to a model card',
    );
  }
  if (text.length > MODEL_CARD_MAX_SIZE) {
    throw new ModelCardImportError(
      `card: is ${text.length} characters, more than the ${MODEL_CARD_MAX_SIZE} accepted`,
    );
  }
  const format =
    options.format ?? detectModelCardFormat(text, options.fileName);
  const unmapped: UnmappedField[] = [];
  const notes: string[] = [];
  const draft =
    format === 'huggingface'
      ? readHuggingFace(text, unmapped, notes)
      : readModelCardToolkit(text, unmapped, notes);

  const name = options.name ?? toEntityName(draft.name ?? '');
  if (!name) {
    throw new ModelCardImportError(
      'name: the card has no model name (model-index[0].name, a # heading or model_details.name); pass one (--name)',
    );
  }
  if (!options.name && draft.name && name !== draft.name) {
    notes.push(
      `metadata.name: "${cleanText(draft.name, 80)}" written as "${name}"`,
    );
  }
  if (!options.owner) {
    notes.push(
      `spec.owner: the card names no catalog owner; set to ${DEFAULT_OWNER} (pass --owner)`,
    );
  }
  if (!draft.type && !options.type) {
    notes.push(
      'spec.type: the card names no task (pipeline_tag); set to classification (pass --type)',
    );
  }
  const version = options.version ?? draft.version ?? '1.0.0';
  const hasMetrics = Object.keys(draft.metrics).length > 0;
  if (options.sourceUrl !== undefined) {
    if (!isHttpUrl(options.sourceUrl)) {
      throw new ModelCardImportError(
        `sourceUrl: must be an http(s) URL (got ${JSON.stringify(
          options.sourceUrl,
        ).slice(0, 80)})`,
      );
    }
    draft.annotations[MODEL_CARD_URL_ANNOTATION] = options.sourceUrl;
  }

  const entity: ModelEntity = {
    apiVersion: MODEL_API_VERSION,
    kind: MODEL_KIND,
    metadata: {
      name,
      ...(options.namespace ? { namespace: options.namespace } : {}),
      ...(draft.title ? { title: draft.title } : {}),
      ...(draft.description ? { description: draft.description } : {}),
      ...(draft.tags.length ? { tags: draft.tags.slice(0, 20) } : {}),
      ...(Object.keys(draft.annotations).length
        ? { annotations: draft.annotations }
        : {}),
    },
    spec: {
      type: options.type ?? draft.type ?? 'classification',
      lifecycle: options.lifecycle ?? 'experimental',
      owner: options.owner ?? DEFAULT_OWNER,
      ...(draft.framework ? { framework: draft.framework } : {}),
      ...(draft.intendedUse ? { intendedUse: draft.intendedUse } : {}),
      ...(draft.limitations ? { limitations: draft.limitations } : {}),
      ...(draft.trainingData.length
        ? { trainingData: draft.trainingData }
        : {}),
      ...(draft.derivedFrom ? { derivedFrom: draft.derivedFrom } : {}),
      versions: [
        {
          version,
          stage: 'development',
          ...(draft.createdAt ? { createdAt: draft.createdAt } : {}),
          ...(hasMetrics ? { metrics: draft.metrics } : {}),
        },
      ],
    },
  };
  const result = validateModelEntity(entity);
  if (!result.valid) {
    throw new ModelCardImportError(
      `the Model built from the card is not valid: ${result.problems
        .map(formatProblem)
        .join('; ')}`,
    );
  }
  return { format, entity: result.entity as ModelEntity, unmapped, notes };
}
