import { populationStabilityIndex } from '@modelops/plugin-modelops-common';
import type {
  FeatureProfile,
  NumericFeatureProfile,
} from '@modelops/plugin-modelops-common';

/** One bar group of a reference-vs-current distribution chart. */
export interface DistributionBar {
  /** Bin (`< 10`, `10 – 20`, `≥ 90`) or category. */
  label: string;
  /** Share of the reference's non-missing values in this bin. */
  reference: number;
  /** Share of the current window's values; undefined when the run does not carry its counts. */
  current?: number;
  /** This bin's term of the PSI, (c − r)·ln(c / r); undefined without current counts. */
  psiContribution?: number;
}

/** The bars of a feature, and whether the current side is known. */
export interface FeatureDistribution {
  kind: 'numeric' | 'categorical';
  bars: DistributionBar[];
  hasCurrent: boolean;
}

const edgeFormat = new Intl.NumberFormat('en-US', {
  notation: 'compact',
  maximumSignificantDigits: 3,
});

/** A bin edge for an axis label: `45.2K`, `0.35`, `-1.2`. */
export function formatEdge(value: number): string {
  return edgeFormat.format(value);
}

/** Labels of the bins (−∞, e1), [e1, e2), …, [ek, +∞) of a profile's decile edges. */
export function binLabels(edges: ReadonlyArray<number>): string[] {
  if (edges.length === 0) return ['all values'];
  const labels = [`< ${formatEdge(edges[0])}`];
  for (let i = 0; i + 1 < edges.length; i += 1) {
    labels.push(`${formatEdge(edges[i])} – ${formatEdge(edges[i + 1])}`);
  }
  labels.push(`≥ ${formatEdge(edges[edges.length - 1])}`);
  return labels;
}

function shares(counts: ReadonlyArray<number>): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map(c => (total > 0 ? c / total : 0));
}

/**
 * Reference-vs-current bars of one feature: the reference decile bins (numeric) or categories
 * (categorical) of the stored reference profile, with the reference shares.
 *
 * `currentBinCounts` are the current window's counts in the same bins, in the engine's order
 * (numeric: one per reference bin; categorical: one per reference category, then categories
 * unseen in the reference, named by `unseenCategories`). Drift reports do not carry them yet;
 * without them only the reference side is returned.
 */
export function featureDistribution(
  profile: FeatureProfile,
  currentBinCounts?: ReadonlyArray<number> | null,
  unseenCategories: ReadonlyArray<string> = [],
): FeatureDistribution {
  const labels =
    profile.kind === 'numeric'
      ? binLabels(profile.edges)
      : [...profile.categories];
  const referenceCounts =
    profile.kind === 'numeric' ? [...profile.binCounts] : [...profile.counts];
  const current = Array.isArray(currentBinCounts)
    ? currentBinCounts
    : undefined;
  const usable =
    current !== undefined && current.length >= referenceCounts.length;
  if (usable && profile.kind === 'categorical') {
    for (let i = referenceCounts.length; i < current.length; i += 1) {
      labels.push(
        unseenCategories[i - profile.categories.length] ??
          `unseen #${i - profile.categories.length + 1}`,
      );
      referenceCounts.push(0);
    }
  }
  const ref = shares(referenceCounts);
  if (!usable) {
    return {
      kind: profile.kind,
      bars: labels.map((label, i) => ({ label, reference: ref[i] })),
      hasCurrent: false,
    };
  }
  const cur = shares(current.slice(0, labels.length));
  return {
    kind: profile.kind,
    bars: labels.map((label, i) => ({
      label,
      reference: ref[i],
      current: cur[i],
      // The engine's PSI formula applied to one bin (same empty-bin epsilon).
      psiContribution: populationStabilityIndex([ref[i]], [cur[i]]),
    })),
    hasCurrent: true,
  };
}

/**
 * The shape of a numeric reference: shares of its values in `bins` equal-width bins between the
 * 0.5th and 99.5th percentiles (outer bins take the tails), from the profile's stored values
 * (exact, or the equal-weight quantile sketch). Discrete features get one bar per value. Shown
 * when a run carries no current counts: the reference over its own decile bins is flat by design.
 */
export function referenceHistogram(
  profile: NumericFeatureProfile,
  bins = 20,
): DistributionBar[] {
  if (profile.discrete) {
    return shares(profile.discrete.counts).map((reference, i) => ({
      label: formatEdge(profile.discrete!.values[i]),
      reference,
    }));
  }
  const values =
    profile.values.type === 'exact'
      ? profile.values.sorted
      : profile.values.points;
  if (values.length === 0) return [];
  const at = (q: number) =>
    values[Math.min(values.length - 1, Math.floor(q * values.length))];
  const lo = at(0.005);
  const hi = at(0.995);
  if (!(hi > lo)) return [{ label: formatEdge(lo), reference: 1 }];
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    counts[Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)))] += 1;
  }
  const label = (i: number) => {
    if (i === 0) return `< ${formatEdge(lo + width)}`;
    if (i === bins - 1) return `≥ ${formatEdge(lo + i * width)}`;
    return formatEdge(lo + (i + 0.5) * width);
  };
  return shares(counts).map((reference, i) => ({ label: label(i), reference }));
}
