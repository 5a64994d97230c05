import type { ModelScorecardResult, ScorecardDefinition } from './types';

const lower = (s: string) => s.toLocaleLowerCase('en-US');

/** A Group as the hierarchy needs it. Refs are full entity refs (`group:default/data-science`). */
export interface GroupNode {
  ref: string;
  title?: string;
  /** The parent group (`spec.parent` or the `childOf` relation). */
  parent?: string | null;
  /** Child groups (`spec.children` or the `parentOf` relations). */
  children?: string[];
}

/**
 * The Group hierarchy, built from parents and children declared either way (the catalog stores
 * both). Cycles are tolerated: every walk visits a group once.
 */
export class GroupHierarchy {
  private readonly childrenOf = new Map<string, Set<string>>();
  private readonly parentOf = new Map<string, string>();
  private readonly nodes = new Map<string, GroupNode>();

  constructor(groups: GroupNode[]) {
    const link = (parent: string, child: string) => {
      const p = lower(parent);
      const c = lower(child);
      if (p === c) return;
      if (!this.childrenOf.has(p)) this.childrenOf.set(p, new Set());
      this.childrenOf.get(p)!.add(c);
      if (!this.parentOf.has(c)) this.parentOf.set(c, p);
    };
    for (const g of groups) {
      this.nodes.set(lower(g.ref), { ...g, ref: lower(g.ref) });
      if (g.parent) link(g.parent, g.ref);
      for (const child of g.children ?? []) link(g.ref, child);
    }
  }

  /** The group, if known. */
  get(ref: string): GroupNode | undefined {
    return this.nodes.get(lower(ref));
  }

  /** Direct children. */
  children(ref: string): string[] {
    return [...(this.childrenOf.get(lower(ref)) ?? [])].sort();
  }

  /** The group and every group below it, breadth first (the group itself first). */
  withDescendants(ref: string): string[] {
    const start = lower(ref);
    const seen = new Set<string>([start]);
    const queue = [start];
    for (let i = 0; i < queue.length; i++) {
      for (const child of this.children(queue[i])) {
        if (!seen.has(child)) {
          seen.add(child);
          queue.push(child);
        }
      }
    }
    return queue;
  }

  /** Parent, grandparent, ... up to the root (cycle-safe). */
  ancestors(ref: string): string[] {
    const out: string[] = [];
    const seen = new Set<string>([lower(ref)]);
    let current = this.parentOf.get(lower(ref));
    while (current && !seen.has(current)) {
      out.push(current);
      seen.add(current);
      current = this.parentOf.get(current);
    }
    return out;
  }
}

/** Models owned by a group or by any group below it. */
export function modelsOfTeam<T extends { owner?: string }>(
  hierarchy: GroupHierarchy,
  teamRef: string,
  models: T[],
  options: { includeDescendants?: boolean } = {},
): T[] {
  const groups = new Set(
    options.includeDescendants === false
      ? [lower(teamRef)]
      : hierarchy.withDescendants(teamRef),
  );
  return models.filter(
    m => m.owner !== undefined && groups.has(lower(m.owner)),
  );
}

/** The distribution of one scorecard's levels over a set of models. */
export interface ScorecardSummary {
  scorecard: string;
  title: string;
  modelCount: number;
  /** One entry per level of the scorecard, lowest first. */
  levels: Array<{ level: number; name: string; count: number }>;
  averageLevel: number | null;
  blockedCount: number;
  /** Checks failing on the most models first (waived ones excluded). */
  failingChecks: Array<{ checkId: string; title: string; count: number }>;
}

/** Summarizes results per scorecard: level distribution, average, most frequent failures. */
export function summarizeScorecards(
  results: ModelScorecardResult[],
  scorecards: Pick<ScorecardDefinition, 'id' | 'title' | 'levels'>[],
): ScorecardSummary[] {
  return scorecards.map(def => {
    const counts = new Map<number, number>(def.levels.map(l => [l.level, 0]));
    const failing = new Map<
      string,
      { checkId: string; title: string; count: number }
    >();
    let sum = 0;
    let n = 0;
    let blocked = 0;
    for (const r of results) {
      const s = r.scorecards.find(x => x.scorecard === def.id);
      if (!s) continue;
      n++;
      sum += s.level;
      if (s.blocked) blocked++;
      counts.set(s.level, (counts.get(s.level) ?? 0) + 1);
      for (const c of s.checks) {
        if (c.status !== 'fail') continue;
        const f = failing.get(c.checkId) ?? {
          checkId: c.checkId,
          title: c.title,
          count: 0,
        };
        f.count++;
        failing.set(c.checkId, f);
      }
    }
    return {
      scorecard: def.id,
      title: def.title,
      modelCount: n,
      levels: [...def.levels]
        .sort((a, b) => a.level - b.level)
        .map(l => ({
          level: l.level,
          name: l.name,
          count: counts.get(l.level) ?? 0,
        })),
      averageLevel: n === 0 ? null : Math.round((sum / n) * 100) / 100,
      blockedCount: blocked,
      failingChecks: [...failing.values()].sort(
        (a, b) => b.count - a.count || a.checkId.localeCompare(b.checkId),
      ),
    };
  });
}

/** A compact row per model for team tables. */
export interface ModelScorecardRow {
  entityRef: string;
  title?: string;
  owner?: string;
  scorecards: Array<{
    scorecard: string;
    level: number;
    levelName: string;
    blocked: boolean;
    failingChecks: string[];
  }>;
  /** Failing checks over all scorecards (each check counted once). */
  failingCheckCount: number;
}

/** Turns a full result into a row. */
export function toModelScorecardRow(
  result: ModelScorecardResult,
): ModelScorecardRow {
  const failing = new Set<string>();
  const scorecards = result.scorecards.map(s => {
    const f = s.checks.filter(c => c.status === 'fail').map(c => c.checkId);
    f.forEach(id => failing.add(id));
    return {
      scorecard: s.scorecard,
      level: s.level,
      levelName: s.levelName,
      blocked: s.blocked,
      failingChecks: f,
    };
  });
  return {
    entityRef: result.entityRef,
    ...(result.title ? { title: result.title } : {}),
    ...(result.owner ? { owner: result.owner } : {}),
    scorecards,
    failingCheckCount: failing.size,
  };
}
