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
export function columnMax(
  column: keyof typeof COLUMN_SIZES,
): [number, { error: string }] {
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
  /** Object: absolute byte range of the current key (without quotes). */
  keyStart: number;
  keyEnd: number;
  /** Array: whether a value has started since the last comma (to count items). */
  started: boolean;
  /** Array: its item limit, and the message when it is exceeded ('' = the generic one). */
  maxItems: number;
  tooMany: string;
}

/** Lexical state between bytes (kept across chunks). */
const Lex = { Value: 0, String: 1, Escape: 2, Unicode: 3 } as const;

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

/**
 * Checks the shape of a JSON text incrementally, chunk by chunk as it arrives, in one pass over
 * its bytes with no recursion; {@link JsonShapeScanner.feed} throws an InputError (400) whose
 * message starts with the field path as soon as a limit is exceeded, so the rest of an
 * over-limit body is never buffered or parsed. Syntax errors are left to JSON.parse.
 */
export class JsonShapeScanner {
  private readonly chunks: Buffer[] = [];
  private readonly chunkStarts: number[] = [];
  private readonly stack: Frame[] = [];
  private depth = 0;
  private offset = 0;
  private lex: number = Lex.Value;
  private stringIsKey = false;
  private hexLeft = 0;
  private hexAllZero = true;
  private readonly hint: string;

  constructor(private readonly limits: JsonShapeLimits = DEFAULT_JSON_SHAPE) {
    this.hint = limits.hint ? `; ${limits.hint}` : '';
  }

  /** Bytes received so far. */
  get received(): number {
    return this.offset;
  }

  /** The chunks received so far (for parsing once the body is complete). */
  body(): Buffer {
    return this.chunks.length === 1
      ? this.chunks[0]
      : Buffer.concat(this.chunks, this.offset);
  }

  feed(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.chunkStarts.push(this.offset);
    const base = this.offset;
    this.offset += chunk.length;
    const stack = this.stack;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      switch (this.lex) {
        case Lex.String:
          if (b === BACKSLASH) this.lex = Lex.Escape;
          else if (b === QUOTE) {
            this.lex = Lex.Value;
            if (this.stringIsKey) stack[this.depth - 1].keyEnd = base + i;
          }
          continue;
        case Lex.Escape:
          if (b === 0x75 /* u */) {
            this.lex = Lex.Unicode;
            this.hexLeft = 4;
            this.hexAllZero = true;
          } else this.lex = Lex.String;
          continue;
        case Lex.Unicode:
          this.hexAllZero = this.hexAllZero && b === 0x30;
          if (--this.hexLeft === 0) {
            this.lex = Lex.String;
            // `\u0000` is the only way to write NUL inside valid JSON.
            if (this.hexAllZero) this.nulFound(base + i);
          }
          continue;
        default:
          this.valueByte(b, base + i);
      }
    }
  }

  private valueByte(b: number, at: number): void {
    const stack = this.stack;
    switch (b) {
      case QUOTE: {
        const top = this.depth > 0 ? stack[this.depth - 1] : undefined;
        this.stringIsKey = !!top && top.object && top.expectKey;
        if (top && this.stringIsKey) {
          top.expectKey = false;
          top.count++;
          top.keyStart = at + 1;
          top.keyEnd = at + 1;
          if (top.count > this.limits.maxObjectKeys) {
            this.fail(
              this.depth - 1,
              `has more than ${this.limits.maxObjectKeys} keys${this.hint}`,
            );
          }
        } else {
          this.markValue();
        }
        this.lex = Lex.String;
        return;
      }
      case OPEN_OBJECT:
      case OPEN_ARRAY: {
        this.markValue();
        if (this.depth >= this.limits.maxDepth) {
          this.fail(
            this.depth,
            `is nested more than ${this.limits.maxDepth} levels deep; flatten the data`,
          );
        }
        const frame: Frame = {
          object: b === OPEN_OBJECT,
          count: 0,
          expectKey: true,
          keyStart: 0,
          keyEnd: 0,
          started: false,
          maxItems: this.limits.maxArrayItems,
          tooMany: '',
        };
        if (b === OPEN_ARRAY && this.limits.arrayItemsAt && this.depth <= 3) {
          const specific = this.arrayLimitAt(this.limits.arrayItemsAt);
          if (specific) {
            frame.maxItems = specific.max;
            frame.tooMany = specific.message;
          }
        }
        stack[this.depth++] = frame;
        return;
      }
      case CLOSE_OBJECT:
      case CLOSE_ARRAY:
        if (this.depth > 0) this.depth--;
        return;
      case COMMA:
        if (this.depth > 0) {
          const top = stack[this.depth - 1];
          if (top.object) top.expectKey = true;
          else top.started = false;
        }
        return;
      case COLON:
      case 0x20:
      case 0x0a:
      case 0x0d:
      case 0x09:
        return;
      default:
        // A number, true, false or null.
        this.markValue();
    }
  }

  /** Counts a value starting in an array. */
  private markValue(): void {
    const top = this.depth > 0 ? this.stack[this.depth - 1] : undefined;
    if (top && !top.object && !top.started) {
      top.started = true;
      top.count++;
      if (top.count > top.maxItems) {
        this.fail(
          this.depth - 1,
          top.tooMany || `has more than ${top.maxItems} items${this.hint}`,
        );
      }
    }
  }

  private nulFound(at: number): never {
    // A NUL in a key names the key itself (its end is not known yet: show it up to the NUL).
    if (this.stringIsKey) this.stack[this.depth - 1].keyEnd = at + 1;
    return this.fail(this.depth, 'contains a NUL byte (\\u0000); remove it');
  }

  /** Bytes [start, end) of the body received so far, across chunks. */
  private bytes(start: number, end: number): Buffer {
    const parts: Buffer[] = [];
    for (let c = 0; c < this.chunks.length; c++) {
      const cs = this.chunkStarts[c];
      const ce = cs + this.chunks[c].length;
      if (ce <= start || cs >= end) continue;
      parts.push(
        this.chunks[c].subarray(
          Math.max(0, start - cs),
          Math.min(this.chunks[c].length, end - cs),
        ),
      );
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }

  private keyAt(frame: Frame): string {
    const raw = this.bytes(frame.keyStart, frame.keyEnd).toString('utf8');
    try {
      return JSON.parse(`"${raw}"`);
    } catch {
      // A key cut at a NUL escape: show what is there.
      return raw.replace(/\\u0000$/, '\u0000');
    }
  }

  /** The path-specific limit of an array opening now (its path is object keys only), if any. */
  private arrayLimitAt(byPath: NonNullable<JsonShapeLimits['arrayItemsAt']>) {
    const keys: string[] = [];
    for (let d = 0; d < this.depth; d++) {
      if (!this.stack[d].object) return undefined;
      keys.push(this.keyAt(this.stack[d]));
    }
    return (
      byPath[keys.join('.')] ?? byPath[[...keys.slice(0, -1), '*'].join('.')]
    );
  }

  private fail(uptoDepth: number, message: string): never {
    const path: Array<string | number> = [];
    for (let d = 0; d < uptoDepth; d++) {
      const f = this.stack[d];
      path.push(f.object ? this.keyAt(f) : Math.max(0, f.count - 1));
    }
    throw new InputError(`${formatFieldPath(path)}: ${message}`);
  }
}

/** Checks a complete JSON text (see {@link JsonShapeScanner}). */
export function checkJsonShape(
  buf: Buffer,
  limits: JsonShapeLimits = DEFAULT_JSON_SHAPE,
): void {
  new JsonShapeScanner(limits).feed(buf);
}

/** Route prefix (relative to /api/modelops) to its JSON body limits. */
export interface JsonBodyRule {
  prefix: string;
  /** Size limit: a number of bytes or e.g. '256kb', '50mb'. */
  limit: string | number;
  shape: JsonShapeLimits;
}

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1024,
  mb: 1024 ** 2,
  gb: 1024 ** 3,
};

/** '50mb' → bytes (the body-parser notation of `modelops.drift.maxBodySize`). */
export function parseByteSize(limit: string | number): number {
  if (typeof limit === 'number') return limit;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(limit);
  if (!m) throw new Error(`"${limit}" is not a size such as 256kb or 50mb`);
  return Math.floor(Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]);
}

function tooLarge(limit: number): Error {
  return Object.assign(new Error('request entity too large'), {
    status: 413,
    statusCode: 413,
    type: 'entity.too.large',
    limit,
  });
}

/**
 * Reads a JSON body as it streams in, feeding each chunk to the shape scanner: an over-limit or
 * misshapen body is answered as soon as the offending byte arrives, and the rest is drained
 * without being buffered, scanned or parsed (the event loop only moves bytes). A declared
 * Content-Length over the limit is refused before reading anything.
 */
function streamingJson(rule: Omit<JsonBodyRule, 'prefix'>): RequestHandler {
  const limit = parseByteSize(rule.limit);
  // Compressed or non-UTF-8 bodies (rare for this API) go through body-parser, scanned afterwards.
  const fallback = express.json({
    limit,
    verify: (_req, _res, buf) => checkJsonShape(buf, rule.shape),
  });
  return (req, res, next) => {
    if ((req as any)._body || !req.is('application/json')) {
      next();
      return;
    }
    const encoding = String(
      req.headers['content-encoding'] ?? 'identity',
    ).toLowerCase();
    const charset = /charset=([^;]+)/i
      .exec(String(req.headers['content-type']))?.[1]
      ?.trim()
      .toLowerCase();
    if (
      encoding !== 'identity' ||
      (charset && charset !== 'utf-8' && charset !== 'utf8')
    ) {
      fallback(req, res, next);
      return;
    }
    let done = false;
    const finish = (error?: unknown) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      if (error) {
        // Discard the rest of the body (keeps the connection usable for the client's next request).
        req.resume();
        next(error);
      }
    };
    const scanner = new JsonShapeScanner(rule.shape);
    // Function declarations (hoisted): finish() detaches the handlers, which call finish().
    function onData(chunk: Buffer) {
      if (done) return;
      if (scanner.received + chunk.length > limit) {
        finish(tooLarge(limit));
        return;
      }
      try {
        scanner.feed(chunk);
      } catch (e) {
        finish(e);
      }
    }
    function onEnd() {
      if (done) return;
      const text =
        scanner.received === 0 ? '' : scanner.body().toString('utf8');
      let body: unknown = {};
      if (text.trim() !== '') {
        // Strict like body-parser: only an object or an array at the top.
        const first = text.trimStart()[0];
        try {
          if (first !== '{' && first !== '[')
            throw new SyntaxError('not an object or array');
          body = JSON.parse(text);
        } catch (e) {
          finish(
            Object.assign(e as Error, {
              status: 400,
              statusCode: 400,
              type: 'entity.parse.failed',
            }),
          );
          return;
        }
      }
      (req as any)._body = true;
      req.body = body;
      done = true;
      req.off('data', onData);
      req.off('error', onError);
      req.off('aborted', onAborted);
      next();
    }
    function onError(e: Error) {
      finish(
        Object.assign(e, {
          status: 400,
          statusCode: 400,
          type: 'request.aborted',
        }),
      );
    }
    function onAborted() {
      finish(
        Object.assign(new Error('request aborted'), {
          status: 400,
          statusCode: 400,
          type: 'request.aborted',
        }),
      );
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      finish(tooLarge(limit));
      return;
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  };
}

/**
 * Parses JSON bodies once for the whole plugin: the first rule whose prefix matches `req.path`
 * gives the size limit and shape limits; `fallback` applies to other paths. Feature routers'
 * own `express.json()` then see the body as parsed and do nothing.
 */
export function guardedJsonBodies(
  rules: JsonBodyRule[],
  fallback: Omit<JsonBodyRule, 'prefix'>,
): RequestHandler {
  const parsers = rules.map(rule => ({
    prefix: rule.prefix,
    parse: streamingJson(rule),
  }));
  const fallbackParser = streamingJson(fallback);
  return (req, res, next) => {
    const match = parsers.find(p => req.path.startsWith(p.prefix));
    (match?.parse ?? fallbackParser)(req, res, next);
  };
}

const NUL = '\u0000';

/** Whether raw URL text holds a NUL byte, percent-encoded (`%00`) or literal. */
function hasNul(text: string): boolean {
  return text.includes('%00') || text.includes(NUL);
}

/**
 * Refuses NUL bytes in the URL path (any segment) and in query keys and values, before routing.
 * Checked on the raw URL (`%00`) so nested query objects and path params are all covered.
 */
export const rejectNulInUrl: RequestHandler = (req, _res, next) => {
  const url = req.url;
  const q = url.indexOf('?');
  const pathPart = q >= 0 ? url.slice(0, q) : url;
  if (hasNul(pathPart)) {
    const segments = pathPart.split('/');
    const index = segments.findIndex(hasNul);
    const shown = segments[index]
      .replaceAll('%00', '\\u0000')
      .replaceAll(NUL, '\\u0000');
    next(
      new InputError(
        `path: segment ${index} ("${shown}") contains a NUL byte (%00); remove it`,
      ),
    );
    return;
  }
  if (q >= 0 && hasNul(url.slice(q))) {
    for (const [key, value] of new URLSearchParams(url.slice(q + 1))) {
      if (key.includes(NUL) || value.includes(NUL)) {
        next(
          new InputError(
            `${JSON.stringify(key).slice(
              1,
              -1,
            )}: contains a NUL byte (%00) in the query; remove it`,
          ),
        );
        return;
      }
    }
  }
  next();
};
