import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runValidate, validateCatalogYaml } from './validate';

const VALID = `apiVersion: modelops.io/v1alpha1
kind: Model
metadata:
  name: churn
spec:
  type: classification
  lifecycle: production
  owner: team-a
`;

const INVALID = `apiVersion: modelops.io/v1alpha1
kind: Model
metadata:
  name: churn-v2
spec:
  type: classification
  lifecycle: production
  riskTier: extreme
`;

const COMPONENT = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: svc
spec: { type: service, lifecycle: production, owner: team-a }
`;

describe('validateCatalogYaml', () => {
  it('validates each Model document of a multi-document file and skips other kinds', () => {
    const report = validateCatalogYaml(
      'c.yaml',
      [VALID, COMPONENT, INVALID].join('---\n'),
    );
    expect(report.valid).toEqual(['model:default/churn']);
    expect(report.skipped).toBe(1);
    expect(report.invalid).toEqual([
      {
        entity: 'model:default/churn-v2',
        problems: [
          { path: 'spec.owner', message: 'is required' },
          {
            path: 'spec.riskTier',
            message: 'must be one of low, medium, high (got "extreme")',
          },
        ],
      },
    ]);
  });

  it('reports YAML syntax errors with a line number instead of crashing', () => {
    const report = validateCatalogYaml('c.yaml', 'kind: Model\nmetadata: [\n');
    expect(report.invalid).toHaveLength(1);
    expect(report.invalid[0].problems[0].path).toMatch(/^\(yaml line \d+\)$/);
  });
});

describe('runValidate', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelops-validate-'));
    fs.writeFileSync(path.join(dir, 'good.yaml'), VALID);
    fs.writeFileSync(path.join(dir, 'bad.yaml'), `${COMPONENT}---\n${INVALID}`);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function run(files: string[], format: 'text' | 'json' = 'text') {
    const out: string[] = [];
    const err: string[] = [];
    return runValidate(
      files.map(f => path.join(dir, f)),
      { format },
      l => out.push(l),
      l => err.push(l),
    ).then(code => ({ code, out, err }));
  }

  it('exits 0 when every Model is valid', async () => {
    const { code, out } = await run(['good.yaml']);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^ok .*good\.yaml {2}model:default\/churn$/);
  });

  it('exits 1 and prints file, entity and field path for each problem', async () => {
    const { code, out } = await run(['good.yaml', 'bad.yaml']);
    expect(code).toBe(1);
    expect(out).toContainEqual(
      `error ${path.join(
        dir,
        'bad.yaml',
      )}  model:default/churn-v2  spec.riskTier must be one of low, medium, high (got "extreme")`,
    );
    expect(out[out.length - 1]).toBe(
      '1 valid, 1 invalid Model entities in 2 files',
    );
  });

  it('exits 1 with a clear message for a missing file', async () => {
    const { code, err } = await run(['missing.yaml']);
    expect(code).toBe(1);
    expect(err[0]).toMatch(/missing\.yaml: cannot read file \(ENOENT\)/);
  });

  it('prints one JSON object with --format json', async () => {
    const { code, out } = await run(['bad.yaml'], 'json');
    expect(code).toBe(1);
    const parsed = JSON.parse(out.join('\n'));
    expect(parsed.invalid).toBe(1);
    expect(parsed.files[0].invalid[0].problems[1].path).toBe('spec.riskTier');
  });
});
