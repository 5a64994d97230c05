import { z } from 'zod';
import { parseIsoDate } from './modelFacts';
import {
  JsonPath,
  JsonPathError,
  parseJsonPath,
  selectJsonPath,
} from './jsonPath';
import type {
  CheckOutcome,
  ScorecardCheck,
  ScorecardCheckPlacement,
  ScorecardDefinition,
} from './types';

/** Operators of custom checks. */
export const CUSTOM_CHECK_OPERATORS = [
  'exists',
  'notExists',
  'nonEmpty',
  'equals',
  'notEquals',
  'in',
  'notIn',
  'contains',
  'matches',
  'minLength',
  'gt',
  'gte',
  'lt',
  'lte',
  'maxAgeDays',
] as const;

/** An operator of a custom check. */
export type CustomCheckOperator = (typeof CUSTOM_CHECK_OPERATORS)[number];

type Primitive = string | number | boolean;

/** A condition over the entity: a path, an operator and a value. */
export interface CustomCheckCondition {
  path: string;
  operator: CustomCheckOperator;
  value?: Primitive | Primitive[];
  /** With a wildcard path: `any` (default) or `all` selected values must satisfy the operator. */
  match?: 'any' | 'all';
}

/** A custom check as written under `modelops.scorecards.checks` in app-config.yaml. */
export interface CustomCheckConfig extends CustomCheckCondition {
  id: string;
  title: string;
  description?: string;
  citations?: string[];
  howToFix: string;
  scorecard: string;
  level: number;
  /** Only applicable when this condition holds (otherwise not applicable). */
  when?: CustomCheckCondition;
}

/** A check plus where it sits. */
export interface PlacedScorecardCheck {
  check: ScorecardCheck;
  placements: ScorecardCheckPlacement[];
}

/** Bad scorecard configuration; `problems` lists each one with its config path. */
export class ScorecardConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid scorecard configuration: ${problems.join('; ')}`);
    this.name = 'ScorecardConfigError';
  }
}

const primitive = z.union([z.string(), z.number(), z.boolean()], {
  error: 'must be a string, number or boolean',
});

const conditionShape = {
  path: z
    .string({ error: 'is required (a path such as spec.framework)' })
    .min(1, { error: 'must not be empty' }),
  operator: z.enum(CUSTOM_CHECK_OPERATORS, {
    error: `must be one of ${CUSTOM_CHECK_OPERATORS.join(', ')}`,
  }),
  value: z
    .union([primitive, z.array(primitive)], {
      error: 'must be a string, number, boolean or a list of them',
    })
    .optional(),
  match: z.enum(['any', 'all'], { error: 'must be any or all' }).optional(),
};

const customCheckSchema = z.strictObject({
  id: z.string({ error: 'is required' }).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
    error: 'must be kebab-case (a-z, 0-9, -)',
  }),
  title: z
    .string({ error: 'is required' })
    .min(1, { error: 'must not be empty' }),
  description: z.string().optional(),
  citations: z.array(z.string()).optional(),
  howToFix: z
    .string({
      error: 'is required (one line telling the owner what to change)',
    })
    .min(1, { error: 'must not be empty' }),
  scorecard: z.string({
    error: 'is required (e.g. production-readiness or maturity)',
  }),
  level: z
    .number({ error: 'must be a number' })
    .int({ error: 'must be an integer' })
    .min(1, { error: 'must be at least 1' }),
  ...conditionShape,
  when: z.strictObject(conditionShape).optional(),
});

function zodPath(base: string, path: PropertyKey[]): string {
  return path.reduce<string>(
    (acc, p) =>
      typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${String(p)}`,
    base,
  );
}

/** Checks the value an operator needs; returns a problem or undefined. */
function valueProblem(c: CustomCheckCondition): string | undefined {
  const v = c.value;
  switch (c.operator) {
    case 'exists':
    case 'notExists':
    case 'nonEmpty':
      return v === undefined
        ? undefined
        : `takes no value with operator ${c.operator}`;
    case 'equals':
    case 'notEquals':
    case 'contains':
      return v === undefined || Array.isArray(v)
        ? `must be a string, number or boolean with operator ${c.operator}`
        : undefined;
    case 'in':
    case 'notIn':
      return Array.isArray(v) && v.length > 0
        ? undefined
        : `must be a non-empty list with operator ${c.operator}`;
    case 'matches':
      if (typeof v !== 'string')
        return 'must be a regular expression string with operator matches';
      try {
        RegExp(v); // throws a SyntaxError when v is not a valid pattern
        return undefined;
      } catch (e) {
        return `is not a valid regular expression: ${(e as Error).message}`;
      }
    case 'minLength':
    case 'maxAgeDays':
      return typeof v === 'number' && Number.isFinite(v) && v >= 0
        ? undefined
        : `must be a number ≥ 0 with operator ${c.operator}`;
    default:
      return typeof v === 'number' && Number.isFinite(v)
        ? undefined
        : `must be a number with operator ${c.operator}`;
  }
}

const show = (v: unknown) => {
  const s = JSON.stringify(v);
  if (s === undefined) return 'undefined';
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
};

function satisfies(
  value: unknown,
  c: CustomCheckCondition,
  now: Date,
): boolean {
  const target = c.value;
  switch (c.operator) {
    case 'exists':
      return value !== null && value !== undefined;
    case 'notExists':
      return value === null || value === undefined;
    case 'nonEmpty':
      if (typeof value === 'string') return value.trim() !== '';
      if (Array.isArray(value)) return value.length > 0;
      if (value && typeof value === 'object')
        return Object.keys(value).length > 0;
      return value !== null && value !== undefined;
    case 'equals':
      return value === target;
    case 'notEquals':
      return value !== target;
    case 'in':
      return (target as Primitive[]).includes(value as Primitive);
    case 'notIn':
      return !(target as Primitive[]).includes(value as Primitive);
    case 'contains':
      return Array.isArray(value)
        ? value.includes(target)
        : typeof value === 'string' && value.includes(String(target));
    case 'matches':
      return (
        typeof value === 'string' && new RegExp(target as string).test(value)
      );
    case 'minLength':
      return (
        (typeof value === 'string' || Array.isArray(value)) &&
        value.length >= (target as number)
      );
    case 'maxAgeDays': {
      const d = parseIsoDate(value);
      return (
        !!d && (now.getTime() - d.getTime()) / 86_400_000 <= (target as number)
      );
    }
    default: {
      if (typeof value !== 'number') return false;
      const t = target as number;
      if (c.operator === 'gt') return value > t;
      if (c.operator === 'gte') return value >= t;
      if (c.operator === 'lt') return value < t;
      return value <= t;
    }
  }
}

/** Evaluates a condition; returns whether it holds and a line of evidence. */
export function evaluateCondition(
  entity: unknown,
  condition: CustomCheckCondition,
  path: JsonPath,
  now: Date,
): { holds: boolean; evidence: string } {
  const all = selectJsonPath(entity, path, { keepMissing: true });
  const values = all.filter(v => v !== undefined);
  const describe = `${condition.operator}${
    condition.value === undefined ? '' : ` ${show(condition.value)}`
  }`;
  let found = 'nothing';
  if (values.length > 0) found = path.multi ? show(values) : show(values[0]);
  let holds: boolean;
  if (condition.operator === 'notExists') {
    holds = values.every(v => satisfies(v, condition, now));
  } else if (values.length === 0) {
    holds = false;
  } else if ((condition.match ?? 'any') === 'all') {
    // every selected branch must satisfy; a branch where the path is missing does not
    holds = all.every(v => satisfies(v, condition, now));
  } else {
    holds = values.some(v => satisfies(v, condition, now));
  }
  return {
    holds,
    evidence: `${condition.path} = ${found} (${describe}${
      path.multi ? `, ${condition.match ?? 'any'}` : ''
    })`,
  };
}

/** Builds a check from a validated custom check config. */
export function createCustomCheck(config: CustomCheckConfig): ScorecardCheck {
  const path = parseJsonPath(config.path);
  const when = config.when
    ? { condition: config.when, path: parseJsonPath(config.when.path) }
    : undefined;
  const citations = config.citations ?? [];
  return {
    id: config.id,
    title: config.title,
    description:
      config.description ??
      `${config.path} ${config.operator}${
        config.value === undefined ? '' : ` ${show(config.value)}`
      }${citations.length ? `. ${citations.join('; ')}` : ''}`,
    citations,
    howToFix: config.howToFix,
    requires: [],
    origin: 'config',
    evaluate(facts): CheckOutcome {
      if (when) {
        const w = evaluateCondition(
          facts.entity,
          when.condition,
          when.path,
          facts.now,
        );
        if (!w.holds)
          return {
            status: 'not-applicable',
            evidence: [`condition not met: ${w.evidence}`],
          };
      }
      const r = evaluateCondition(facts.entity, config, path, facts.now);
      return { status: r.holds ? 'pass' : 'fail', evidence: [r.evidence] };
    },
  };
}

/**
 * Parses `modelops.scorecards.checks` (the raw config value) into placed checks. Throws a
 * {@link ScorecardConfigError} listing every problem with its path, e.g.
 * `modelops.scorecards.checks[1].operator must be one of exists, …`.
 */
export function parseCustomChecks(
  raw: unknown,
  options: {
    scorecards: ScorecardDefinition[];
    reservedIds?: string[];
    configPath?: string;
  },
): PlacedScorecardCheck[] {
  const base = options.configPath ?? 'modelops.scorecards.checks';
  const result = z
    .array(customCheckSchema, { error: 'must be a list of checks' })
    .safeParse(raw ?? []);
  if (!result.success) {
    throw new ScorecardConfigError(
      result.error.issues.map(i => `${zodPath(base, i.path)} ${i.message}`),
    );
  }
  const problems: string[] = [];
  const seen = new Set(options.reservedIds ?? []);
  const checks: PlacedScorecardCheck[] = [];
  result.data.forEach((cfg, index) => {
    const at = `${base}[${index}]`;
    const config = cfg as CustomCheckConfig;
    if (seen.has(config.id))
      problems.push(`${at}.id "${config.id}" is already used by another check`);
    seen.add(config.id);
    const scorecard = options.scorecards.find(s => s.id === config.scorecard);
    if (!scorecard) {
      problems.push(
        `${at}.scorecard "${
          config.scorecard
        }" is unknown; known scorecards are ${options.scorecards
          .map(s => s.id)
          .join(', ')}`,
      );
    } else if (!scorecard.levels.some(l => l.level === config.level)) {
      const max = scorecard.levels.reduce(
        (m, l) => Math.max(m, l.level),
        -Infinity,
      );
      problems.push(
        `${at}.level ${config.level} does not exist in scorecard ${scorecard.id} (levels 1-${max})`,
      );
    }
    for (const [where, cond] of [
      ['', config],
      ['.when', config.when],
    ] as const) {
      if (!cond) continue;
      try {
        parseJsonPath(cond.path);
      } catch (e) {
        if (e instanceof JsonPathError)
          problems.push(`${at}${where}.path ${e.message}`);
        else throw e;
      }
      const vp = valueProblem(cond);
      if (vp) problems.push(`${at}${where}.value ${vp}`);
    }
    if (problems.length === 0) {
      checks.push({
        check: createCustomCheck(config),
        placements: [{ scorecard: config.scorecard, level: config.level }],
      });
    }
  });
  if (problems.length > 0) throw new ScorecardConfigError(problems);
  return checks;
}
