import { z } from 'zod';

/** Longest URL accepted anywhere in ModelOps (browsers and proxies start failing beyond this). */
export const MAX_URL_LENGTH = 2048;

const HTTP_SCHEME = /^https?:\/\//i;

/** The message of every rejected URL field; it reads after the field path (`links[0].url: ...`). */
export const HTTP_URL_MESSAGE =
  'must be an http(s) URL, e.g. https://mlflow.example.com/#/runs/123';

/** Whether `value` contains a C0 control character (U+0000 to U+001F) or DEL (U+007F). */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code <= 0x1f || code === 0x7f) return true;
  }
  return false;
}

/**
 * Whether `value` is an absolute `http:` or `https:` URL with a host. URLs entered by people
 * (approval links, run URLs) are rendered as links in the portal, so any other scheme
 * (`javascript:`, `data:`, `vbscript:`, `file:`) would run or load something in a viewer's browser.
 */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) return false;
  // Browsers ignore leading/trailing whitespace and control characters before the scheme; so does
  // `new URL`, but a value that needs that tolerance is not stored.
  if (value !== value.trim() || hasControlCharacter(value)) return false;
  // Literally `http://` or `https://`: the URL parser would also repair `http:/x` into `http://x/`.
  if (!HTTP_SCHEME.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.hostname.length > 0
  );
}

/**
 * The one zod schema of a URL field in ModelOps APIs and the Model kind: an absolute http(s) URL,
 * at most {@link MAX_URL_LENGTH} characters. Surrounding whitespace is trimmed first.
 */
export function httpUrlSchema(message: string = HTTP_URL_MESSAGE) {
  return (
    z
      .string({
        error: iss =>
          iss.input === undefined ? 'is required: an http(s) URL' : message,
      })
      .trim()
      .max(MAX_URL_LENGTH, {
        error: `must be at most ${MAX_URL_LENGTH} characters`,
      })
      // The scheme as a pattern too, so the generated JSON schema (editors, CI) refuses other schemes.
      .regex(HTTP_SCHEME, { error: message })
      // One message per bad value: the full parse only judges values the two checks above let through.
      .refine(
        v => v.length > MAX_URL_LENGTH || !HTTP_SCHEME.test(v) || isHttpUrl(v),
        { error: message },
      )
  );
}
