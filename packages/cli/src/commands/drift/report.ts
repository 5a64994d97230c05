/*
 * Terminal table for `modelops drift --format table`.
 */
import type {
  DatasetDriftResult,
  FeatureDriftResult,
} from '@modelops/plugin-modelops-common';

function fmt(value: number | null | undefined): string {
  if (value === null || value === undefined) return '-';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e-4 && abs < 1e6)
    return value.toPrecision(4).replace(/\.?0+$/, '');
  return value.toExponential(3);
}

function pad(s: string, width: number, right = false): string {
  return right ? s.padStart(width) : s.padEnd(width);
}

function verdictOf(f: FeatureDriftResult): string {
  if (f.status === 'insufficient-data') return 'insufficient data';
  if (f.status === 'no-reference-data') return 'no reference data';
  return f.drift ? 'DRIFT' : 'ok';
}

function rule(f: FeatureDriftResult): string {
  const p = f.method === 'ks' || f.method === 'chiSquare';
  return `${f.method} ${p ? 'p' : ''}${p ? ' < ' : ' >= '}${fmt(
    f.threshold,
  )}`.replace('  ', ' ');
}

/** Renders a drift result as a fixed-width table plus a summary line. */
export function formatDriftTable(result: DatasetDriftResult): string[] {
  const headers = [
    'feature',
    'kind',
    'n ref',
    'n cur',
    'missing r/c',
    'method',
    'value',
    'rule',
    'verdict',
  ];
  const rows = result.features.map(f => [
    f.name,
    f.kind,
    String(f.nReference),
    String(f.nCurrent),
    `${f.missingReference}/${f.missingCurrent}`,
    f.method,
    fmt(f.value),
    rule(f),
    verdictOf(f),
  ]);
  const numericColumns = new Set([2, 3, 4, 6]);
  const widths = headers.map((h, i) =>
    Math.max(h.length, ...rows.map(r => r[i].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, widths[i], numericColumns.has(i)))
      .join('  ')
      .trimEnd();
  const lines = [line(headers), widths.map(w => '-'.repeat(w)).join('  ')];
  for (const r of rows) lines.push(line(r));
  lines.push('');
  for (const f of result.features) {
    const m = f.metrics as any;
    const parts: string[] = [];
    if (f.kind === 'numeric') {
      parts.push(`KS D=${fmt(m.ks?.statistic)} p=${fmt(m.ks?.pValue)}`);
      parts.push(`W=${fmt(m.wasserstein)} W/σ=${fmt(m.wassersteinNormed)}`);
    } else {
      parts.push(
        `χ²=${fmt(m.chiSquare?.statistic)} dof=${
          m.chiSquare?.dof ?? '-'
        } p=${fmt(m.chiSquare?.pValue)}`,
      );
    }
    parts.push(`PSI=${fmt(m.psi)} JS=${fmt(m.jensenShannon)}`);
    lines.push(`${f.name}: ${parts.join(', ')}`);
  }
  lines.push('');
  const pct = (result.driftShare * 100).toFixed(1);
  lines.push(
    result.status === 'insufficient-data'
      ? 'Dataset drift: not evaluated (no feature has enough current data)'
      : `Dataset drift: ${result.datasetDrift ? 'YES' : 'no'} — ${
          result.nDrifted
        } of ${
          result.nEvaluated
        } evaluated features drifted (${pct}%, threshold ${(
          result.datasetDriftShare * 100
        ).toFixed(0)}%)`,
  );
  return lines;
}
