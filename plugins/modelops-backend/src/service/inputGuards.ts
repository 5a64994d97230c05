import { InputError } from '@backstage/errors';
import { MAX_FEATURE_NAME_LENGTH } from '@modelops/plugin-modelops-common';
import express, { RequestHandler } from 'express';

/*
 * Generic guards that run before any feature router sees a request (mounted in router.ts):
 *
 * - NUL bytes: PostgreSQL rejects U+0000 in text values, so a NUL in a path segment, a query
 *   value or any JSON string (or key) would surface as a database error (500). They are refused
 *   here with a 400 naming where the NUL is.
 * - JSON bodies are parsed once, here, with a per-route size limit, and their *raw bytes* are
 *   scanned first (a single iterative pass, no recursion, no allocation per value) for nesting
 *   depth, members per object, items per array and `\u0000` escapes. Deeply nested JSON would
 *   overflow the stack later (JSON.stringify, zod), and an object with 10^6 keys takes seconds of
 *   event-loop time in JSON.parse alone; both are refused before JSON.parse runs.
 *
 * Feature routers keep their own `express.json()`; body-parser skips bodies already parsed here.
 */

/** Column sizes of stored strings (see migrations/*.js), in one place for every schema. */
export const COLUMN_SIZES = {
  /** Entity refs (model_ref, entity_ref, owner_ref). */
  entityRef: 255,
  /** model_version of approvals, promotions and drift references/runs. */
  modelVersion: 255,
  /** Drift run ids (column 255; the API keeps its documented 200). */
  runId: 200,
  /** Ids we generate (UUIDs): reference_id, request_id, exemption id. */
  id: 36,
  /** Drift feature names (modelops_drift_feature_results.feature). */
  featureName: MAX_FEATURE_NAME_LENGTH,
  /** Drift run and feature status. */
  status: 32,
  /** Scorecard exemption check id. */
  checkId: 128,
  /** Scorecard id. */
  scorecard: 64,
} as const;

/** The arguments of zod's `.max()` for a stored string: `z.string().max(...columnMax('modelVersion'))`. */
export function columnMax(column: keyof typeof COLUMN_SIZES): [number, { error: string }] {
  const n = COLUMN_SIZES[column];
  return [n, { error: `must be at most ${n} characters` }];
}

/** Shape limits checked on the raw bytes of a JSON body before it is parsed. */
export interface JsonShapeLimits {
  /** Maximum nesting depth of objects and arrays (the top-level value is depth 1). */
  maxDepth: number;
  /** Maximum members of any one object. */
  maxObjectKeys: number;
  /** Maximum items of any one array. */
  maxArrayItems: number;
  /**
   * Tighter item limits for arrays at given paths of object keys, e.g. `report.features` or
   * `columns.*` (any key). Only checked for arrays at depth 3 or less, so the cost stays per body.
   */
  arrayItemsAt?: Readonly<Record<string, { max: number; message: string }>>;
  /** Appended to the members/items message, e.g. which setting bounds it. */
  hint?: string;
}

export const DEFAULT_JSON_SHAPE: JsonShapeLimits = {
  maxDepth: 64,
  maxObjectKeys: 1000,
  maxArrayItems: 10_000,
};

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

interface Frame {
  object: boolean;
  /** Members (object) or items (array) started so far. */
  count: number;
  /** Object: the next string is a key. */
  expectKey: boolean;
  /** Object: byte range of the current key (without quotes). */
  keyStart: number;
  keyEnd: number;
  /** Array: whether a value has started since the last comma (to count items). */
  started: boolean;
  /** Array: its item limit, and the message when it is exceeded. */
  maxItems: number;
  tooMany: string;
}

function isNulEscape(buf: Uint8Array, i: number): boolean {
  // buf[i] is the backslash; `\u0000` is the only way to write NUL inside valid JSON.
  return (
    buf[i + 1] === 0x75 &&
    buf[i + 2] === 0x30 &&
    buf[i + 3] === 0x30 &&
    buf[i + 4] === 0x30 &&
    buf[i + 5] === 0x30
  );
}

function decodeKey(buf: Buffer, start: number, end: number): string {
  const raw = buf.toString('utf8', start, end);
  try {
    return JSON.parse(`"${raw}"`);
  } catch {
    return raw;
  }
}

/** Renders a field path the way the error handler renders zod paths: `a.b[2].c`. */
export function formatFieldPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else {
      // JSON-escape control characters (a NUL in a key) so the message stays printable.
      const key = JSON.stringify(p).slice(1, -1);
      out = out ? `${out}.${key}` : key;
    }
  }
  return out || '(body)';
}

function pathOf(buf: Buffer, stack: Frame[], uptoDepth: number): Array<string | number> {
  const path: Array<string | number> = [];
  for (let d = 0; d < uptoDepth; d++) {
    const f = stack[d];
    if (f.object) path.push(decodeKey(buf, f.keyStart, f.keyEnd));
    else path.push(Math.max(0, f.count - 1));
  }
  return path;
}

function fail(buf: Buffer, stack: Frame[], depth: number, message: string): never {
  throw new InputError(`${formatFieldPath(pathOf(buf, stack, depth))}: ${message}`);
}

/**
 * Checks the shape of a JSON text in one pass over its bytes; throws an InputError (400) whose
 * message starts with the field path. Syntax errors are left to JSON.parse.
 */
export function checkJsonShape(buf: Buffer, limits: JsonShapeLimits = DEFAULT_JSON_SHAPE): void {
  const stack: Frame[] = [];
  let depth = 0;
  let inString = false;
  let stringIsKey = false;
  const hint = limits.hint ? `; ${limits.hint}` : '';
  const markValue = () => {
    const top = depth > 0 ? stack[depth - 1] : undefined;
    if (top && !top.object && !top.started) {
      top.started = true;
      top.count++;
      if (top.count > top.maxItems) {
        fail(buf, stack, depth - 1, top.tooMany || `has more than ${top.maxItems} items${hint}`);
      }
    }
  };
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (inString) {
      if (b === BACKSLASH) {
        if (isNulEscape(buf, i)) {
          // A NUL in a key names the key itself; in a value, the value's path.
          if (stringIsKey) stack[depth - 1].keyEnd = findStringEnd(buf, i);
          fail(buf, stack, depth, 'contains a NUL byte (\\u0000); remove it');
        }
        i++;
      } else if (b === QUOTE) {
        inString = false;
        if (stringIsKey) stack[depth - 1].keyEnd = i;
      }
      continue;
    }
    switch (b) {
      case QUOTE: {
        const top = depth > 0 ? stack[depth - 1] : undefined;
        stringIsKey = !!top && top.object && top.expectKey;
        if (stringIsKey) {
          top!.expectKey = false;
          top!.count++;
          top!.keyStart = i + 1;
          top!.keyEnd = i + 1;
          if (top!.count > limits.maxObjectKeys) {
            fail(buf, stack, depth - 1, `has more than ${limits.maxObjectKeys} keys${hint}`);
          }
        } else {
          markValue();
        }
        inString = true;
        break;
      }
      case OPEN_OBJECT:
      case OPEN_ARRAY:
        markValue();
        if (depth >= limits.maxDepth) {
          fail(buf, stack, depth, `is nested more than ${limits.maxDepth} levels deep; flatten the data`);
        }
        stack[depth] = {
          object: b === OPEN_OBJECT,
          count: 0,
          expectKey: true,
          keyStart: 0,
          keyEnd: 0,
          started: false,
          maxItems: limits.maxArrayItems,
          tooMany: '',
        };
        if (b === OPEN_ARRAY && limits.arrayItemsAt && depth <= 3) {
          const specific = arrayLimitAt(buf, stack, depth, limits.arrayItemsAt);
          if (specific) {
            stack[depth].maxItems = specific.max;
            stack[depth].tooMany = specific.message;
          }
        }
        depth++;
        break;
      case CLOSE_OBJECT:
      case CLOSE_ARRAY:
        if (depth > 0) depth--;
        break;
      case COMMA:
        if (depth > 0) {
          const top = stack[depth - 1];
          if (top.object) top.expectKey = true;
          else top.started = false;
        }
        break;
      case COLON:
        break;
      case 0x20:
      case 0x0a:
      case 0x0d:
      case 0x09:
        break;
      default:
        // A number, true, false or null.
        markValue();
    }
  }
}

/** The path-specific limit of an array opening at `depth` (its path is object keys only), if any. */
function arrayLimitAt(
  buf: Buffer,
  stack: Frame[],
  depth: number,
  byPath: NonNullable<JsonShapeLimits['arrayItemsAt']>,
): { max: number; message: string } | undefined {
  const keys: string[] = [];
  for (let d = 0; d < depth; d++) {
    if (!stack[d].object) return undefined;
    keys.push(decodeKey(buf, stack[d].keyStart, stack[d].keyEnd));
  }
  return byPath[keys.join('.')] ?? byPath[[...keys.slice(0, -1), '*'].join('.')];
}

/** Index of the closing quote of the string containing position `from` (skipping escapes). */
function findStringEnd(buf: Buffer, from: number): number {
  for (let i = from; i < buf.length; i++) {
    if (buf[i] === BACKSLASH) i++;
    else if (buf[i] === QUOTE) return i;
  }
  return buf.length;
}

/** Route prefix (relative to /api/modelops) to its JSON body limits. */
export interface JsonBodyRule {
  prefix: string;
  /** body-parser size limit, e.g. '256kb'. */
  limit: string;
  shape: JsonShapeLimits;
}

/**
 * Parses JSON bodies once for the whole plugin: the first rule whose prefix matches `req.path`
 * gives the size limit and shape limits; `fallback` applies to other paths.
 */
export function guardedJsonBodies(rules: JsonBodyRule[], fallback: Omit<JsonBodyRule, 'prefix'>): RequestHandler {
  const parserOf = (rule: Omit<JsonBodyRule, 'prefix'>) =>
    express.json({
      limit: rule.limit,
      verify: (_req, _res, buf) => checkJsonShape(buf, rule.shape),
    });
  const parsers = rules.map(rule => ({ prefix: rule.prefix, parse: parserOf(rule) }));
  const fallbackParser = parserOf(fallback);
  return (req, res, next) => {
    const match = parsers.find(p => req.path.startsWith(p.prefix));
    (match?.parse ?? fallbackParser)(req, res, next);
  };
}

/**
 * Refuses NUL bytes in the URL path (any segment) and in query keys and values, before routing.
 * Checked on the raw URL (`%00`) so nested query objects and path params are all covered.
 */
export const rejectNulInUrl: RequestHandler = (req, _res, next) => {
  const url = req.url;
  const q = url.indexOf('?');
  const pathPart = q >= 0 ? url.slice(0, q) : url;
  if (/%00|\u0000/i.test(pathPart)) {
    const segments = pathPart.split('/');
    const index = segments.findIndex(s => /%00|\u0000/i.test(s));
    next(new InputError(`path: segment ${index} ("${segments[index].replace(/%00|\u0000/gi, '\\u0000')}") contains a NUL byte (%00); remove it`));
    return;
  }
  if (q >= 0 && /%00|\u0000/i.test(url.slice(q))) {
    for (const [key, value] of new URLSearchParams(url.slice(q + 1))) {
      if (key.includes('\u0000') || value.includes('\u0000')) {
        next(new InputError(`${JSON.stringify(key).slice(1, -1)}: contains a NUL byte (%00) in the query; remove it`));
        return;
      }
    }
  }
  next();
};
