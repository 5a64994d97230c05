import {
  checkJsonShape,
  DEFAULT_JSON_SHAPE,
  formatFieldPath,
  JsonShapeScanner,
  parseByteSize,
  rejectNulInUrl,
} from './inputGuards';

const shapeError = (text: string, limits = DEFAULT_JSON_SHAPE) => {
  try {
    checkJsonShape(Buffer.from(text, 'utf8'), limits);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
};

describe('checkJsonShape', () => {
  it('accepts ordinary JSON, including escaped backslashes before u0000 and NUL-looking text', () => {
    const body = {
      a: [1, 2, { b: 'x\\u0000 is text, not NUL', c: [] }],
      'd"e': { f: null, g: true, h: -1.5e3 },
    };
    expect(shapeError(JSON.stringify(body))).toBeUndefined();
    expect(shapeError(JSON.stringify({ s: '\\\\u0000' }))).toBeUndefined();
  });

  it('finds a NUL in a value or a key and names its path', () => {
    expect(
      shapeError(JSON.stringify({ rows: [{ a: 1 }, { plan: 'x\u0000' }] })),
    ).toBe('rows[1].plan: contains a NUL byte (\\u0000); remove it');
    expect(shapeError(JSON.stringify({ columns: { ['a\u0000b']: [1] } }))).toBe(
      'columns.a\\u0000: contains a NUL byte (\\u0000); remove it',
    );
    expect(shapeError(JSON.stringify(['\u0000']))).toBe(
      '[0]: contains a NUL byte (\\u0000); remove it',
    );
  });

  it('refuses nesting deeper than the limit without recursion (100,000 levels)', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(shapeError(deep)).toMatch(
      /^\[0\]\[0\].*: is nested more than 64 levels deep; flatten the data$/,
    );
    const deepObject = `{"justification":${'{"a":'.repeat(5000)}1${'}'.repeat(
      5000,
    )}}`;
    expect(shapeError(deepObject)).toMatch(
      /^justification\.a\.a\.a.*: is nested more than 64 levels deep/,
    );
    expect(shapeError('['.repeat(64) + ']'.repeat(64))).toBeUndefined();
  });

  it('refuses objects with too many keys and arrays with too many items, naming the container', () => {
    const limits = {
      maxDepth: 64,
      maxObjectKeys: 3,
      maxArrayItems: 4,
      hint: 'see the docs',
    };
    expect(
      shapeError(
        JSON.stringify({ columns: { a: [], b: [], c: [], d: [] } }),
        limits,
      ),
    ).toBe('columns: has more than 3 keys; see the docs');
    expect(
      shapeError(JSON.stringify({ rows: [{}, {}, {}, {}] }), limits),
    ).toBeUndefined();
    expect(
      shapeError(JSON.stringify({ rows: [{}, 'x', 1, [], null] }), limits),
    ).toBe('rows: has more than 4 items; see the docs');
    expect(
      shapeError(
        JSON.stringify({ a: { b: [1, 2, 3, [1, 2, 3, 4, 5]] } }),
        limits,
      ),
    ).toBe('a.b[3]: has more than 4 items; see the docs');

    const byPath = {
      ...limits,
      maxArrayItems: 100,
      arrayItemsAt: {
        'report.features': { max: 2, message: 'more than 2 features' },
        'columns.*': { max: 3, message: 'more than 3 rows' },
      },
    };
    expect(
      shapeError(
        JSON.stringify({ report: { features: [{}, {}, {}] } }),
        byPath,
      ),
    ).toBe('report.features: more than 2 features');
    expect(
      shapeError(
        JSON.stringify({ columns: { x: [1, 2, 3], y: [1, 2, 3, 4] } }),
        byPath,
      ),
    ).toBe('columns.y: more than 3 rows');
    // Other arrays keep the general limit.
    expect(
      shapeError(
        JSON.stringify({
          report: { other: [1, 2, 3, 4, 5] },
          features: [1, 2, 3],
        }),
        byPath,
      ),
    ).toBeUndefined();
  });

  it('checks a 10^6-column body in a fraction of the time JSON.parse needs for it', () => {
    const cols: Record<string, number[]> = {};
    for (let i = 0; i < 1_000_000; i++) cols[`c${i}`] = [i];
    const buf = Buffer.from(JSON.stringify({ runId: 'x', columns: cols }));
    const start = Date.now();
    expect(() =>
      checkJsonShape(buf, {
        maxDepth: 64,
        maxObjectKeys: 500,
        maxArrayItems: 200_000,
      }),
    ).toThrow(/^columns: has more than 500 keys/);
    // The check stops at key 501: it never reads the remaining ~14 MB.
    expect(Date.now() - start).toBeLessThan(200);
  });
});

describe('JsonShapeScanner', () => {
  it('finds the same problems when the body arrives in chunks split anywhere (inside escapes and keys)', () => {
    const text = JSON.stringify({
      rows: [{ a: 1 }, { ['pl\u0000an']: 'x' }],
    }).replace('pl\\u0000an', 'plan');
    const bad = JSON.stringify({
      ok: [1, 2],
      rows: [{ a: 'x' }, { plan: 'b\u0000c' }],
    });
    const whole = shapeError(bad);
    expect(whole).toBe(
      'rows[1].plan: contains a NUL byte (\\u0000); remove it',
    );
    for (const size of [1, 2, 3, 5, 7]) {
      const scanner = new JsonShapeScanner(DEFAULT_JSON_SHAPE);
      const buf = Buffer.from(bad);
      let message: string | undefined;
      try {
        for (let i = 0; i < buf.length; i += size)
          scanner.feed(buf.subarray(i, i + size));
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toBe(whole);
      const okScanner = new JsonShapeScanner(DEFAULT_JSON_SHAPE);
      const okBuf = Buffer.from(text);
      for (let i = 0; i < okBuf.length; i += size)
        okScanner.feed(okBuf.subarray(i, i + size));
      expect(okScanner.body().toString()).toBe(text);
    }
  });

  it('stops at the offending byte: the rest of the body is never looked at', () => {
    const scanner = new JsonShapeScanner({
      ...DEFAULT_JSON_SHAPE,
      arrayItemsAt: {
        'report.features': { max: 2, message: 'more than 2 features' },
      },
    });
    expect(() =>
      scanner.feed(Buffer.from('{"report":{"features":[{},{},{}')),
    ).toThrow('report.features: more than 2 features');
    expect(scanner.received).toBeLessThan(40);
  });
});

describe('parseByteSize', () => {
  it('reads body-parser sizes', () => {
    expect(parseByteSize('50mb')).toBe(50 * 1024 * 1024);
    expect(parseByteSize('256kb')).toBe(262144);
    expect(parseByteSize(1000)).toBe(1000);
    expect(() => parseByteSize('lots')).toThrow('is not a size');
  });
});

describe('rejectNulInUrl', () => {
  const run = (url: string) => {
    const next = jest.fn();
    rejectNulInUrl({ url } as any, {} as any, next);
    return next.mock.calls[0][0] as Error | undefined;
  };

  it('passes clean URLs and refuses %00 in a path segment or a query key/value', () => {
    expect(run('/drift/models/default/churn/runs?limit=5')).toBeUndefined();
    expect(run('/drift/models/default/churn%2500/runs')).toBeUndefined();
    expect(run('/approvals/requests/abc%00def')?.message).toBe(
      'path: segment 3 ("abc\\u0000def") contains a NUL byte (%00); remove it',
    );
    expect(
      run('/drift/models/default/churn/history?feature=a%00')?.message,
    ).toBe('feature: contains a NUL byte (%00) in the query; remove it');
    expect(run('/scorecards/exemptions?entity%00Ref=x')?.message).toMatch(
      /^entity\\u0000Ref: contains a NUL byte/,
    );
  });
});

describe('formatFieldPath', () => {
  it('renders paths like the error handler', () => {
    expect(formatFieldPath(['rows', 2, 'a'])).toBe('rows[2].a');
    expect(formatFieldPath([])).toBe('(body)');
  });
});
