/* eslint-disable no-script-url -- script URLs are the input these tests must see rejected */
import { httpUrlSchema, isHttpUrl, MAX_URL_LENGTH } from './url';

describe('httpUrlSchema', () => {
  const schema = httpUrlSchema();
  const messages = (v: unknown) => {
    const r = schema.safeParse(v);
    return r.success ? [] : r.error.issues.map(i => i.message);
  };

  it.each([
    'https://mlflow.acme.example/#/runs/ab12',
    'http://localhost:5000/runs/1',
    'HTTPS://Example.com/a?b=c',
  ])('accepts %s', url => {
    expect(schema.parse(url)).toBe(url);
    expect(isHttpUrl(url)).toBe(true);
  });

  it.each([
    'javascript:alert(document.cookie)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://example.com/x',
    '//evil.example/x',
    '/relative/path',
    'https://',
    'http:/x',
    'https://exa mple.com',
    'https://example.com/\u0000',
  ])('refuses %j with one message naming the fix', url => {
    expect(isHttpUrl(url)).toBe(false);
    expect(messages(url)).toEqual([
      'must be an http(s) URL, e.g. https://mlflow.example.com/#/runs/123',
    ]);
  });

  it('refuses over-long URLs and non-strings', () => {
    expect(
      messages(`https://example.com/${'a'.repeat(MAX_URL_LENGTH)}`),
    ).toEqual([`must be at most ${MAX_URL_LENGTH} characters`]);
    expect(messages(42)).toEqual([
      'must be an http(s) URL, e.g. https://mlflow.example.com/#/runs/123',
    ]);
    expect(messages(undefined)).toEqual(['is required: an http(s) URL']);
  });

  it('trims surrounding whitespace of a good URL', () => {
    expect(schema.parse('  https://example.com/x ')).toBe(
      'https://example.com/x',
    );
  });
});
