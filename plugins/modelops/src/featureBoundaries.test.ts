import fs from 'node:fs';
import path from 'node:path';

/*
 * No feature imports another feature's internals: what two features share lives in a neutral
 * module (src/hooks, src/components/shared, src/api, the fixtures) so a feature can change or go
 * without breaking another.
 */

const SRC = __dirname;

/** The feature a file belongs to, or undefined for shared modules. */
function featureOf(file: string): string | undefined {
  const [top, second] = path.relative(SRC, file).split(path.sep);
  if (top === 'drift' || (top === 'components' && second === 'drift'))
    return 'drift';
  if (
    top === 'components' &&
    (second === 'approvals' || second === 'scorecards')
  )
    return second;
  if (
    top === 'lineage' ||
    (top === 'components' && /^EntityModel(Lineage|Usage)/.test(second ?? ''))
  )
    return 'lineage';
  if (
    top === 'model' ||
    (top === 'components' &&
      /^(EntityModelCard|EntityModelVersionsCard|ModelsPage|ModelChips)$/.test(
        second ?? '',
      ))
  ) {
    return 'model';
  }
  if (top === 'components' && second !== 'shared')
    return `components/${second}`;
  return undefined;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

/** `file: import (feature → other feature)` for every relative import that crosses features. */
function crossFeatureImports(
  files: Array<{ file: string; text: string }>,
): string[] {
  const found: string[] = [];
  for (const { file, text } of files) {
    const from = featureOf(file);
    if (!from) continue;
    for (const [, spec] of text.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const to = featureOf(path.resolve(path.dirname(file), spec));
      if (to && to !== from)
        found.push(`${path.relative(SRC, file)}: ${spec} (${from} → ${to})`);
    }
  }
  return found;
}

describe('feature boundaries of the frontend', () => {
  it('has no feature importing another feature’s internals', () => {
    const files = sourceFiles(SRC).map(file => ({
      file,
      text: fs.readFileSync(file, 'utf8'),
    }));
    expect(files.length).toBeGreaterThan(50);
    expect(crossFeatureImports(files)).toEqual([]);
  });

  it('notices such an import', () => {
    const file = path.join(SRC, 'components', 'scorecards', 'Probe.tsx');
    const text =
      "import { useAsyncValue } from '../drift/useAsyncValue';\nimport { x } from '../../hooks/x';\n";
    expect(crossFeatureImports([{ file, text }])).toEqual([
      `${path.join(
        'components',
        'scorecards',
        'Probe.tsx',
      )}: ../drift/useAsyncValue (scorecards → drift)`,
    ]);
  });
});
