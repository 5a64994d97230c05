import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** Every route the drift router registers is documented in openapi.yaml, and nothing else is. */
describe('openapi.yaml', () => {
  const spec = parse(
    fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
  );
  const documented = new Set<string>();
  for (const [p, ops] of Object.entries<any>(spec.paths)) {
    for (const method of Object.keys(ops)) {
      if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) {
        documented.add(
          `${method.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`,
        );
      }
    }
  }

  it('documents every drift route', () => {
    const source = fs.readFileSync(
      path.join(__dirname, '../service/drift/driftRouter.ts'),
      'utf8',
    );
    const routes = [
      ...source.matchAll(/router\.(get|post|put|patch|delete)\(\s*'([^']+)'/g),
    ].map(m => `${m[1].toUpperCase()} ${m[2]}`);
    expect(routes.length).toBeGreaterThan(5);
    const normalized = routes;
    for (const route of normalized) {
      expect(documented).toContain(route);
    }
    const documentedDrift = [...documented].filter(d => d.includes('/drift/'));
    expect(documentedDrift.sort()).toEqual([...normalized].sort());
  });
});
