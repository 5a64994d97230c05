import { InputError } from '@backstage/errors';

/*
 * The opaque cursors of the approvals and scorecards listings: base64url JSON of
 * `[listing, ...sort key of the last item]`. The listing tag keeps a cursor of one listing from
 * being read as another's. Decoding is also the validation: a cursor that is not one of ours is a
 * 400 naming `cursor`, never a 500.
 */

/** Page size of a listing when the caller gives none. */
export const PAGE_DEFAULT_LIMIT = 50;
/** The largest page a caller may ask for (a larger `limit` is a 400 naming it). */
export const PAGE_MAX_LIMIT = 500;

/** The parts of a sort key: an ISO timestamp, a string, or a safe integer. */
export type CursorPart = 'date' | 'string' | 'int';

const INVALID =
  'cursor: is not valid for this listing; pass the nextCursor value of a previous page unchanged (with the same filters)';

/** A cursor for `listing` after the item whose sort key is `key`. */
export function encodePageCursor(
  listing: string,
  key: Array<string | number>,
): string {
  return Buffer.from(JSON.stringify([listing, ...key]), 'utf8').toString(
    'base64url',
  );
}

/** The sort key in a cursor of `listing`; an InputError (400 naming `cursor`) otherwise. */
export function decodePageCursor<T extends Array<string | number>>(
  listing: string,
  cursor: string,
  shape: CursorPart[],
): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InputError(INVALID);
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== shape.length + 1 ||
    parsed[0] !== listing
  ) {
    throw new InputError(INVALID);
  }
  const key = parsed.slice(1);
  shape.forEach((part, i) => {
    const v = key[i];
    const ok =
      part === 'int'
        ? Number.isSafeInteger(v) && v >= 0
        : typeof v === 'string' &&
          v.length <= 512 &&
          !v.includes('\u0000') &&
          (part !== 'date' || !Number.isNaN(Date.parse(v)));
    if (!ok) throw new InputError(INVALID);
  });
  return key as T;
}

/**
 * The page of `rows` read with `LIMIT limit + 1`: the first `limit` and, when there were more, the
 * cursor after the last one kept.
 */
export function pageOf<T>(
  rows: T[],
  limit: number,
  cursorOf: (last: T) => string,
): { items: T[]; nextCursor?: string } {
  const items = rows.slice(0, limit);
  return rows.length > limit && items.length
    ? { items, nextCursor: cursorOf(items[items.length - 1]) }
    : { items };
}
