/*
 * The opaque paging cursors of the drift API (base64url JSON of the last row's sort key). Decoding is
 * also the validation the service runs before a query, so a foreign cursor is a 400, not a 500.
 */

/** The cursor of a page of runs: after (windowEnd, id). */
export function encodeCursor(windowEnd: string, id: string): string {
  return Buffer.from(JSON.stringify([windowEnd, id]), 'utf8').toString('base64url');
}

/** Decodes a cursor; throws a plain Error with a clear message when it is not one of ours. */
export function decodeDriftRunCursor(cursor: string): [string, string] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      !Number.isNaN(Date.parse(parsed[0])) &&
      typeof parsed[1] === 'string'
    ) {
      return [parsed[0], parsed[1]];
    }
  } catch {
    /* fall through */
  }
  throw new Error('cursor is not valid; pass the nextCursor value of a previous page unchanged');
}

export function encodeHistoryCursor(windowEnd: string, feature: string, id: number): string {
  return Buffer.from(JSON.stringify([windowEnd, feature, id]), 'utf8').toString('base64url');
}

/** Decodes a history cursor; throws a plain Error with a clear message when it is not one of ours. */
export function decodeHistoryCursor(cursor: string): [string, string, number] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      typeof parsed[0] === 'string' &&
      !Number.isNaN(Date.parse(parsed[0])) &&
      typeof parsed[1] === 'string' &&
      !parsed[1].includes('\u0000') &&
      Number.isSafeInteger(parsed[2])
    ) {
      return [parsed[0], parsed[1], parsed[2]];
    }
  } catch {
    /* fall through */
  }
  throw new Error('cursor is not valid; pass the nextCursor value of a previous page unchanged');
}
