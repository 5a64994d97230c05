import type { ModelVersion } from '@modelops/plugin-modelops-common';

function createdAtTime(version: ModelVersion): number | undefined {
  if (!version.createdAt) return undefined;
  const time = Date.parse(String(version.createdAt));
  return Number.isNaN(time) ? undefined : time;
}

/**
 * Versions sorted newest first by `createdAt`; versions without a (parseable) date come
 * last, in their declared order. Does not modify the input.
 */
export function sortVersionsNewestFirst(
  versions: ReadonlyArray<ModelVersion> | undefined,
): ModelVersion[] {
  return (versions ?? [])
    .map((version, index) => ({ version, index, time: createdAtTime(version) }))
    .sort((a, b) => {
      if (a.time === undefined && b.time === undefined)
        return a.index - b.index;
      if (a.time === undefined) return 1;
      if (b.time === undefined) return -1;
      return b.time - a.time || a.index - b.index;
    })
    .map(entry => entry.version);
}

/** The union of metric names over all versions, in order of first appearance. */
export function metricNames(
  versions: ReadonlyArray<ModelVersion> | undefined,
): string[] {
  const names = new Set<string>();
  for (const version of versions ?? []) {
    for (const name of Object.keys(version.metrics ?? {})) {
      names.add(name);
    }
  }
  return [...names];
}

const metricFormat = new Intl.NumberFormat('en-US', {
  maximumFractionDigits: 3,
});

/**
 * Formats a metric value for display: at most three decimals, thousands separators
 * (`0.91234` -> `0.912`, `1234.5` -> `1,234.5`). Non-numbers are shown as `-`.
 */
export function formatMetric(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '-';
  if (value !== 0 && Math.abs(value) < 0.001) return value.toExponential(2);
  return metricFormat.format(value);
}

/**
 * Formats `createdAt` for display, independent of the viewer's time zone: a date stays
 * `2026-03-01`; a date-time becomes `2026-03-01 12:00 UTC`. Unparseable values are shown as is.
 */
export function formatCreatedAt(createdAt: string | undefined): string {
  if (!createdAt) return '-';
  const text = String(createdAt);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  const time = Date.parse(text);
  if (Number.isNaN(time)) return text;
  const iso = new Date(time).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
