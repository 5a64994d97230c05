import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDrift, DriftCommandOptions } from './drift';
import { parseNumericCell, readCsvColumns } from './drift/csvColumns';

function csv(header: string[], rows: (string | number)[][]): string {
  return `${[header.join(','), ...rows.map(r => r.join(','))].join('\n')}\n`;
}

describe('modelops drift', () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelops-drift-'));
    const ref = Array.from({ length: 200 }, (_, i) => [
      i / 10,
      `c${i % 3}`,
      i % 2,
      i % 9 === 0 ? 'NA' : i,
    ]);
    const cur = Array.from({ length: 150 }, (_, i) => [
      i / 10 + 15,
      `c${i % 4}`,
      i % 2,
      i,
    ]);
    fs.writeFileSync(file('ref.csv'), csv(['x', 'color', 'flag', 'y'], ref));
    fs.writeFileSync(file('cur.csv'), csv(['x', 'color', 'flag', 'y'], cur));
    fs.writeFileSync(file('other.csv'), csv(['x', 'color', 'flag', 'z'], cur));
    fs.writeFileSync(file('noheader.csv'), csv(['1', '2'], [[3, 4]]));
    fs.writeFileSync(file('ragged.csv'), 'x,color,flag,y\n1,a,0,1\n2,b\n');
    fs.writeFileSync(
      file('quoted.csv'),
      'name,"note"\r\n"a, b","say ""hi"""\r\nc,\r\n',
    );
    fs.writeFileSync(file('empty.csv'), '');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function run(opts: Partial<DriftCommandOptions>) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runDrift(
      { reference: file('ref.csv'), current: file('cur.csv'), ...opts },
      l => out.push(l),
      l => err.push(l),
    );
    return { code, out, err };
  }

  it('prints exactly one JSON object with the documented keys', async () => {
    const { code, out, err } = await run({ format: 'json' });
    expect(code).toBe(0);
    expect(err).toEqual([]);
    const report = JSON.parse(out.join('\n'));
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining(['features', 'driftShare', 'datasetDrift']),
    );
    const [x, color, flag, y] = report.features;
    for (const f of report.features) {
      expect(Object.keys(f)).toEqual(
        expect.arrayContaining([
          'name',
          'kind',
          'nReference',
          'nCurrent',
          'missingReference',
          'missingCurrent',
          'metrics',
          'method',
          'value',
          'threshold',
          'drift',
        ]),
      );
    }
    expect(x).toMatchObject({
      name: 'x',
      kind: 'numeric',
      nReference: 200,
      nCurrent: 150,
      method: 'ks',
      threshold: 0.05,
      drift: true,
    });
    expect(Object.keys(x.metrics)).toEqual(
      expect.arrayContaining([
        'ks',
        'wasserstein',
        'wassersteinNormed',
        'psi',
        'jensenShannon',
      ]),
    );
    // scipy.stats.ks_2samp / wasserstein_distance on the same data
    expect(x.metrics.ks.statistic).toBe(0.75);
    expect(
      Math.abs(x.metrics.ks.pValue / 1.2473219884472808e-47 - 1),
    ).toBeLessThan(1e-9);
    expect(x.metrics.wasserstein).toBeCloseTo(12.500000000000002, 12);
    expect(color).toMatchObject({ kind: 'categorical', method: 'chiSquare' });
    expect(color.metrics.chiSquare.dof).toBe(3);
    expect(flag).toMatchObject({
      kind: 'numeric',
      method: 'chiSquare',
      drift: false,
    });
    expect(y).toMatchObject({ missingReference: 23, nReference: 177 });
    expect(report.driftShare).toBe(0.75);
    expect(report.datasetDrift).toBe(true);
  });

  it('treats --categorical columns as categories and honours --method/--threshold', async () => {
    const { out } = await run({
      format: 'json',
      categorical: ['flag'],
      method: 'psi',
      threshold: 0.5,
    });
    const report = JSON.parse(out.join('\n'));
    expect(report.features[2]).toMatchObject({
      name: 'flag',
      kind: 'categorical',
      method: 'psi',
      threshold: 0.5,
    });
  });

  it('prints a readable table', async () => {
    const { code, out } = await run({ format: 'table' });
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^feature\s+kind\s+n ref\s+n cur/);
    expect(out.find(l => l.startsWith('x '))).toMatch(/numeric.*ks.*DRIFT$/);
    expect(out[out.length - 1]).toMatch(
      /^Dataset drift: YES — 3 of 4 evaluated features drifted/,
    );
  });

  it('exits 1 on dataset drift with --fail-on-drift', async () => {
    expect((await run({ failOnDrift: true })).code).toBe(1);
  });

  it.each([
    [
      { reference: 'missing.csv' },
      /missing\.csv: cannot read file \(ENOENT\); check the path/,
    ],
    [
      { current: 'other.csv' },
      /column "y" is in .*ref\.csv but not in .*other\.csv; both files need the same columns/,
    ],
    [
      { reference: 'noheader.csv' },
      /noheader\.csv: the first row \(1,2\) looks like data, not a header; add a header row/,
    ],
    [
      { current: 'ragged.csv' },
      /ragged\.csv: row 3 has 2 fields but the header has 4/,
    ],
    [{ reference: 'empty.csv' }, /empty\.csv: the file is empty/],
    [{ categorical: ['nope'] }, /--categorical names column "nope"/],
    [{ minCurrentSize: 1.5 }, /--min-current-size must be an integer/],
  ])('rejects bad input %#', async (opts, message) => {
    const resolved = { ...opts } as Partial<DriftCommandOptions>;
    if (resolved.reference) resolved.reference = file(resolved.reference);
    if (resolved.current) resolved.current = file(resolved.current);
    const { code, err, out } = await run(resolved);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('\n')).toMatch(message);
  });
});

describe('CSV reading', () => {
  it('parses quoted fields, doubled quotes and CRLF', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelops-csv-'));
    try {
      const f = path.join(dir, 'q.csv');
      fs.writeFileSync(
        f,
        '\ufeffname,"note",n\r\n"a, b","say ""hi""",1\r\nc,"multi\nline",NA\r\n',
      );
      const r = await readCsvColumns(f);
      expect(r.header).toEqual(['name', 'note', 'n']);
      expect(r.columns[0]).toEqual(['a, b', 'c']);
      expect(r.columns[1]).toEqual(['say "hi"', 'multi\nline']);
      expect(Array.from(r.columns[2] as Float64Array)).toEqual([1, NaN]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses numbers exactly like Number()', () => {
    for (const s of [
      '0',
      '-0.1',
      '123456789012345',
      '0.30000000000000004',
      '1e-7',
      '+5',
      '.5',
      '7.',
      '-12.345678',
    ]) {
      expect(parseNumericCell(s)).toBe(Number(s));
    }
    expect(parseNumericCell('NA')).toBeNaN();
    expect(parseNumericCell('')).toBeNaN();
    expect(parseNumericCell('-inf')).toBe(-Infinity);
    expect(parseNumericCell('0x10')).toBeUndefined();
    expect(parseNumericCell('abc')).toBeUndefined();
  });
});
