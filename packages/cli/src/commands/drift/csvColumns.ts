/*
 * Streaming, column-oriented CSV reader for `modelops drift`. RFC 4180 (quoted fields,
 * doubled quotes, CRLF, BOM), tuned for million-row files: it scans chunks with
 * charCodeAt/indexOf and stores each column as one array, without per-row objects.
 * (csv-parse, which handles the same syntax, took ~4 s per million 6-column rows here;
 * this reader takes well under 1 s — see docs/benchmarks.md.)
 */
import fs from 'node:fs';

/**
 * A parsed CSV file: header names and one array per column. Columns are parsed as numbers
 * (Float64Array, NaN = missing, ±Infinity kept) unless listed in `stringColumns`; a
 * column that turns out not to be numeric is `null` and listed in `nonNumeric`, so that the
 * caller can read the file again with that column as strings.
 */
export interface CsvColumns {
  file: string;
  header: string[];
  columns: Array<Float64Array | string[] | null>;
  nonNumeric: string[];
  rows: number;
}

/** Error reading or parsing a CSV file; the message names the file and the fix. */
export class CsvInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvInputError';
  }
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Parses complete rows of `text` from `start`; returns the index of the first unconsumed
 * character (the start of an incomplete row) unless `eof`.
 */
function parseRows(
  text: string,
  start: number,
  eof: boolean,
  onRow: (fields: string[]) => void,
  where: () => string,
): number {
  const n = text.length;
  let i = start;
  while (i < n) {
    const rowStart = i;
    const fields: string[] = [];
    for (;;) {
      if (i < n && text.charCodeAt(i) === QUOTE) {
        let value = '';
        let segment = i + 1;
        let j = segment;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q === -1 || (q + 1 >= n && !eof)) {
            if (!eof) return rowStart;
            throw new CsvInputError(
              `${where()}: a quoted field is never closed; check the quotes`,
            );
          }
          if (q + 1 < n && text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(segment, q + 1);
            j = q + 2;
            segment = j;
            continue;
          }
          value += text.slice(segment, q);
          i = q + 1;
          break;
        }
        fields.push(value);
        if (i >= n) {
          onRow(fields);
          return n;
        }
        const c = text.charCodeAt(i);
        if (c === COMMA) {
          i += 1;
          continue;
        }
        if (c === LF) {
          i += 1;
          onRow(fields);
          break;
        }
        if (c === CR) {
          if (i + 1 >= n && !eof) return rowStart;
          i += i + 1 < n && text.charCodeAt(i + 1) === LF ? 2 : 1;
          onRow(fields);
          break;
        }
        throw new CsvInputError(
          `${where()}: unexpected character ${JSON.stringify(
            text[i],
          )} after a closing quote; quote the whole field`,
        );
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === COMMA || c === LF) break;
          j += 1;
        }
        if (j >= n && !eof) return rowStart;
        let end = j;
        if (end > i && text.charCodeAt(end - 1) === CR) end -= 1;
        fields.push(text.slice(i, end));
        if (j >= n) {
          onRow(fields);
          return n;
        }
        i = j + 1;
        if (text.charCodeAt(j) === COMMA) {
          if (i >= n && eof) {
            fields.push('');
            onRow(fields);
            return n;
          }
          continue;
        }
        onRow(fields);
        break;
      }
    }
  }
  return n;
}

const MISSING = new Set(['', 'na', 'nan', 'null']);
const SNIFF_ROWS = 1000;
const INFINITY = /^[+-]?(?:inf|infinity)$/i;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * Fast path for the common `[-]digits[.digits]` cell with at most 15 significant digits:
 * the integer mantissa and 10^k are exact doubles, so one division is correctly rounded
 * (Clinger's fast path) and equals Number(raw). Returns NaN when the fast path does not apply.
 */
function parseSimpleDecimal(raw: string): number {
  const n = raw.length;
  if (n === 0 || n > 17) return NaN;
  let i = 0;
  let negative = false;
  if (raw.charCodeAt(0) === 45) {
    negative = true;
    i = 1;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < n; i += 1) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits += 1;
      if (fraction >= 0) fraction += 1;
    } else if (c === 46 && fraction < 0) {
      fraction = 0;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || digits > 15) return NaN;
  const value = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : mantissa;
  return negative ? -value : value;
}

/**
 * Parses one cell as a number: NaN when missing (empty, NA, NaN, null in any case),
 * ±Infinity for inf/infinity, undefined when the cell is not numeric.
 */
export function parseNumericCell(raw: string): number | undefined {
  const fast = parseSimpleDecimal(raw);
  if (!Number.isNaN(fast)) return fast;
  const v = +raw;
  const c0 = raw.charCodeAt(0);
  // plain decimal starting with a digit, sign or dot (rejects '', '0x..', ' ')
  if (
    !Number.isNaN(v) &&
    ((c0 >= 48 && c0 <= 57) || c0 === 45 || c0 === 43 || c0 === 46)
  ) {
    const c1 = raw.charCodeAt(1) | 0x20;
    if (c0 === 48 && (c1 === 120 || c1 === 98 || c1 === 111)) return undefined; // 0x 0b 0o
    if (v - v === 0) return v;
  }
  const s = raw.trim();
  if (s.length <= 4 && MISSING.has(s.toLowerCase())) return NaN;
  if (NUMBER.test(s)) return Number(s);
  if (INFINITY.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  return undefined;
}

/**
 * Reads a CSV file with a header row into columns (see {@link CsvColumns}).
 *
 * @throws CsvInputError for a missing/unreadable/empty file, a bad header, or rows whose
 *   field count differs from the header
 */
export async function readCsvColumns(
  file: string,
  stringColumns: ReadonlySet<string> = new Set(),
): Promise<CsvColumns> {
  let header: string[] | undefined;
  let strings: Array<string[] | null> = [];
  let numbers: Array<Float64Array | null> = [];
  let failed: boolean[] = [];
  let rows = 0;
  // The first rows are buffered to choose numeric/string storage per column, so that a
  // categorical column rarely forces a second read of the file.
  const ingest = (fields: string[]) => {
    for (let c = 0; c < fields.length; c += 1) {
      const s = strings[c];
      if (s) {
        s.push(fields[c]);
        continue;
      }
      let column = numbers[c];
      if (!column) continue;
      const v = parseNumericCell(fields[c]);
      if (v === undefined) {
        numbers[c] = null;
        failed[c] = true;
        continue;
      }
      if (rows >= column.length) {
        const grown = new Float64Array(column.length * 2);
        grown.set(column);
        numbers[c] = grown;
        column = grown;
      }
      column[rows] = v;
    }
    rows += 1;
  };
  let sniff: string[][] | undefined = [];
  const decideStorage = () => {
    const rowsSeen = sniff ?? [];
    sniff = undefined;
    strings = header!.map((name, c) =>
      stringColumns.has(name) ||
      rowsSeen.some(r => parseNumericCell(r[c]) === undefined)
        ? []
        : null,
    );
    numbers = header!.map((_, c) =>
      strings[c] ? null : new Float64Array(1024),
    );
    failed = header!.map(() => false);
    for (const r of rowsSeen) ingest(r);
  };
  let record = 0;
  const where = () => `${file}: row ${record + 1}`;
  const onRow = (fields: string[]) => {
    record += 1;
    if (
      fields.length === 1 &&
      fields[0] === '' &&
      (!header || header.length > 1)
    )
      return; // blank line
    if (!header) {
      if (fields[0].charCodeAt(0) === 0xfeff) fields[0] = fields[0].slice(1);
      header = fields.map(f => f.trim());
      const seen = new Set<string>();
      header.forEach((name, index) => {
        if (!name) {
          throw new CsvInputError(
            `${file}: header column ${
              index + 1
            } has no name; the first row must name every column`,
          );
        }
        if (seen.has(name)) {
          throw new CsvInputError(
            `${file}: column "${name}" appears twice in the header`,
          );
        }
        seen.add(name);
      });
      if (header.every(name => NUMBER.test(name))) {
        throw new CsvInputError(
          `${file}: the first row (${header.slice(0, 3).join(',')}${
            header.length > 3 ? ',…' : ''
          }) looks like data, not a header; add a header row naming the columns`,
        );
      }
      return;
    }
    if (fields.length !== header.length) {
      throw new CsvInputError(
        `${file}: row ${record} has ${fields.length} field${
          fields.length === 1 ? '' : 's'
        } but the header has ${
          header.length
        }; fix the row or quote fields that contain commas`,
      );
    }
    if (sniff) {
      sniff.push(fields);
      if (sniff.length >= SNIFF_ROWS) decideStorage();
      return;
    }
    ingest(fields);
  };

  let stream: fs.ReadStream;
  try {
    await fs.promises.access(file, fs.constants.R_OK);
    stream = fs.createReadStream(file, {
      encoding: 'utf8',
      highWaterMark: 1 << 20,
    });
  } catch (e: any) {
    throw new CsvInputError(
      `${file}: cannot read file (${e.code ?? e.message}); check the path`,
    );
  }
  let pending = '';
  try {
    for await (const chunk of stream) {
      const text = pending + (chunk as string);
      const consumed = parseRows(text, 0, false, onRow, where);
      pending = text.slice(consumed);
    }
    parseRows(pending, 0, true, onRow, where);
    if (header && sniff) decideStorage();
  } catch (e: any) {
    if (e instanceof CsvInputError) throw e;
    throw new CsvInputError(
      `${file}: cannot read file (${e.code ?? e.message}); check the path`,
    );
  }
  if (!header) {
    throw new CsvInputError(
      `${file}: the file is empty; expected a header row and data rows`,
    );
  }
  const names = header;
  return {
    file,
    header: names,
    columns: names.map(
      (_, c) => strings[c] ?? numbers[c]?.slice(0, rows) ?? null,
    ),
    nonNumeric: names.filter((_, c) => failed[c]),
    rows,
  };
}
