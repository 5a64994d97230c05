/*
 * The opaque paging cursors of the drift API: base64url JSON of the last row's sort key. Decoding is
 * also the validation the service runs before a query, so a foreign cursor is a 400, not a 500.
 */

const INVALID =
  'cursor is not valid; pass the nextCursor value of a previous page unchanged';

const encode = (key: unknown[]) =>
  Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

/** The key in a cursor when `isKey` accepts it; a plain Error with a clear message otherwise. */
function decode<T extends unknown[]>(
  cursor: string,
  isKey: (parsed: unknown[]) => boolean,
): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    Array.isArray(parsed) &&
    typeof parsed[0] === 'string' &&
    !Number.isNaN(Date.parse(parsed[0])) &&
    isKey(parsed)
  ) {
    return parsed as T;
  }
  throw new Error(INVALID);
}

/** The cursor of a page of runs: after (windowEnd, id). */
export function encodeCursor(windowEnd: string, id: string): string {
  return encode([windowEnd, id]);
}

/** Decodes a runs cursor; throws a plain Error with a clear message when it is not one of ours. */
export function decodeDriftRunCursor(cursor: string): [string, string] {
  return decode(cursor, p => p.length === 2 && typeof p[1] === 'string');
}

/** The cursor of a page of feature history: after (windowEnd, feature, id). */
export function encodeHistoryCursor(
  windowEnd: string,
  feature: string,
  id: number,
): string {
  return encode([windowEnd, feature, id]);
}

/** Decodes a history cursor; throws a plain Error with a clear message when it is not one of ours. */
export function decodeHistoryCursor(cursor: string): [string, string, number] {
  return decode(
    cursor,
    p =>
      p.length === 3 &&
      typeof p[1] === 'string' &&
      !p[1].includes('\u0000') &&
      Number.isSafeInteger(p[2]),
  );
}
