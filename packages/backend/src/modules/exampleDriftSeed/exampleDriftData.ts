/*
 * Deterministic example drift data for the example portal: a reference sample and daily windows
 * of production data per example model, some drifting, some stable.
 */

/** A cell of a column-oriented body (`columns` of the drift API). */
export type Cell = number | string | null;

/** Column-oriented data: column name to values. */
export type Columns = Record<string, Cell[]>;

/** A uniform pseudo-random number generator in [0, 1). */
export type Random = () => number;

/** mulberry32: small, fast, good enough for example data, and the same on every machine. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a hash of a string, to seed a generator from a name. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The standard normal quantile Φ⁻¹(p), 0 < p < 1 (Acklam's rational approximation, relative
 * error below 1.2e-9).
 */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269,
    -30.66479806614716, 2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866,
    66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838,
    -2.549732539343734, 4.374664141464968, 2.938163982698783,
  ];
  const d = [
    0.007784695709041462, 0.3224671290700398, 2.445134137142996,
    3.754408661907416,
  ];
  const low = 0.02425;
  const x = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
  if (x < low) {
    const q = Math.sqrt(-2 * Math.log(x));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (x > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - x));
    return (
      -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  const q = x - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) *
      q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/**
 * `n` uniforms in random order, most of them stratified (one in each of [i/n, (i+1)/n)) and a
 * share `noise` plain random. A plain random sample of 500 rows would cross a normed Wasserstein
 * threshold of 0.1 in a few percent of the windows of a stable feature; a fully stratified one
 * would draw flat lines. This keeps stable features visibly noisy but below the thresholds.
 */
export function stratifiedUniforms(
  random: Random,
  n: number,
  noise = 0.12,
): number[] {
  const u = Array.from({ length: n }, (_, i) =>
    random() < noise ? random() : (i + random()) / n,
  );
  for (let i = n - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [u[i], u[j]] = [u[j], u[i]];
  }
  return u;
}

/** The category whose cumulative weight interval holds `u` in [0, 1) (weights need not sum to 1). */
export function pick<T extends string>(
  u: number,
  weights: ReadonlyArray<readonly [T, number]>,
): T {
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  let r = u * total;
  for (const [value, w] of weights) {
    r -= w;
    if (r < 0) return value;
  }
  return weights[weights.length - 1][0];
}

const round = (value: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};
const clamp = (value: number, min: number, max: number) =>
  Math.min(max, Math.max(min, value));

/**
 * How one example model's data is generated: one function per feature, called per row with a
 * stratified uniform `u` of that feature's column, the window's age `daysAgo` (null for the
 * reference sample) and a plain generator for extras (missing values).
 */
export type FeatureGenerator = (
  u: number,
  daysAgo: number | null,
  random: Random,
) => Cell;

/** An example model's data. */
export interface ExampleDriftScenario {
  /** Model entity name (namespace default). */
  name: string;
  /** What the scenario shows, for logs and docs. */
  story: string;
  referenceRows: number;
  /** Rows per window: at least `min`, fewer than `max`. */
  windowRows: { min: number; max: number };
  features: Record<string, FeatureGenerator>;
}

/**
 * 0 before `start` days ago, rising linearly to 1 today: a gradual drift that began `start`
 * days ago.
 */
function ramp(daysAgo: number | null, start: number): number {
  if (daysAgo === null || daysAgo >= start) return 0;
  return (start - daysAgo) / start;
}

const REGIONS = [
  ['north', 0.22],
  ['south', 0.27],
  ['east', 0.18],
  ['west', 0.21],
  ['central', 0.12],
] as const;

const z = normalQuantile;

const WEEKDAYS_BEFORE = [
  ['Mon', 0.16],
  ['Tue', 0.16],
  ['Wed', 0.16],
  ['Thu', 0.16],
  ['Fri', 0.18],
  ['Sat', 0.1],
  ['Sun', 0.08],
] as const;

const WEEKDAYS_AFTER = [
  ['Mon', 0.12],
  ['Tue', 0.12],
  ['Wed', 0.12],
  ['Thu', 0.12],
  ['Fri', 0.14],
  ['Sat', 0.2],
  ['Sun', 0.18],
] as const;

/** The example scenarios (model names as in examples/models). */
export const EXAMPLE_DRIFT_SCENARIOS: ReadonlyArray<ExampleDriftScenario> = [
  {
    name: 'credit-default-scorer',
    story:
      'income and debt_to_income drift gradually from 15 days ago; dataset drift in the latest windows',
    referenceRows: 2000,
    // spec.monitoring.drift.minCurrentSize is 500 for this model.
    windowRows: { min: 540, max: 620 },
    features: {
      // Applicants' incomes rise (a new premium segment), and so do their debts.
      income: (u, d) =>
        round(52_000 * (1 + 0.35 * ramp(d, 15)) * Math.exp(0.45 * z(u)), 0),
      debt_to_income: (u, d) =>
        round(clamp(0.32 + 0.12 * ramp(d, 15) + 0.11 * z(u), 0.01, 0.95), 3),
      age: u => Math.round(clamp(41 + 12 * z(u), 21, 75)),
      loan_amount: u => round(15_000 * Math.exp(0.6 * z(u)), -2),
      employment_type: (u, _d, random) =>
        random() < 0.01
          ? null
          : pick(u, [
              ['salaried', 0.62],
              ['self-employed', 0.18],
              ['contract', 0.12],
              ['retired', 0.05],
              ['unemployed', 0.03],
            ]),
      region: u => pick(u, REGIONS),
    },
  },
  {
    name: 'customer-churn-global',
    story: 'stable: every window looks like the reference',
    referenceRows: 2000,
    // spec.monitoring.drift.minCurrentSize is 1000 for this model.
    windowRows: { min: 1050, max: 1200 },
    features: {
      tenure_months: u => Math.round(clamp(28 * Math.exp(0.7 * z(u)), 1, 120)),
      monthly_charges: u => round(clamp(64 + 21 * z(u), 15, 180), 2),
      // A discrete numeric feature (five values): compared on its value counts.
      support_tickets: u =>
        Number(
          pick(u, [
            ['0', 0.55],
            ['1', 0.25],
            ['2', 0.12],
            ['3', 0.06],
            ['4', 0.02],
          ]),
        ),
      contract_type: u =>
        pick(u, [
          ['monthly', 0.52],
          ['annual', 0.33],
          ['two-year', 0.15],
        ]),
      payment_method: u =>
        pick(u, [
          ['card', 0.48],
          ['direct-debit', 0.37],
          ['invoice', 0.15],
        ]),
    },
  },
  {
    name: 'payment-volume-forecaster',
    story:
      'a step change 6 days ago: daily_volume up 45% and more weekend volume',
    referenceRows: 2000,
    windowRows: { min: 480, max: 540 },
    features: {
      // Settlement batches of the window: volume in EUR millions, business weekday.
      daily_volume: (u, d) =>
        round(
          clamp(
            12.5 * (d !== null && d < 7 ? 1.45 : 1) * (1 + 0.12 * z(u)),
            2,
            60,
          ),
          3,
        ),
      weekday: (u, d) =>
        pick(u, d !== null && d < 7 ? WEEKDAYS_AFTER : WEEKDAYS_BEFORE),
      avg_ticket: u => round(clamp(48 + 9 * z(u), 5, 200), 2),
      currency: u =>
        pick(u, [
          ['EUR', 0.7],
          ['GBP', 0.18],
          ['USD', 0.12],
        ]),
    },
  },
  {
    name: 'support-assistant-llm',
    story:
      'the topic mix drifts (fraud reports rise) from 20 days ago; prompt length and language stay',
    referenceRows: 2000,
    windowRows: { min: 450, max: 550 },
    features: {
      prompt_length: u =>
        Math.round(clamp(60 * Math.exp(0.55 * z(u)), 3, 2000)),
      topic: (u, d) => {
        const t = ramp(d, 20);
        return pick(u, [
          ['billing', 0.3 - 0.1 * t],
          ['account_access', 0.22 - 0.05 * t],
          ['card_issue', 0.18],
          ['loans', 0.12 - 0.04 * t],
          ['fraud_report', 0.05 + 0.3 * t],
          ['other', 0.13 - 0.05 * t],
        ]);
      },
      language: u =>
        pick(u, [
          ['en', 0.55],
          ['de', 0.2],
          ['fr', 0.15],
          ['es', 0.1],
        ]),
    },
  },
];

/** `n` rows of a scenario as columns. */
function sample(
  scenario: ExampleDriftScenario,
  random: Random,
  n: number,
  daysAgo: number | null,
): Columns {
  const columns: Columns = {};
  for (const [name, feature] of Object.entries(scenario.features)) {
    columns[name] = stratifiedUniforms(random, n).map(u =>
      feature(u, daysAgo, random),
    );
  }
  return columns;
}

/** The reference sample of a scenario. */
export function referenceColumns(scenario: ExampleDriftScenario): Columns {
  return sample(
    scenario,
    mulberry32(hashSeed(`${scenario.name}:reference`)),
    scenario.referenceRows,
    null,
  );
}

/** A daily window of a scenario, as the body of `POST .../runs`. */
export interface ExampleDriftWindow {
  runId: string;
  windowStart: string;
  windowEnd: string;
  daysAgo: number;
  columns: Columns;
}

/** UTC midnight of a date. */
export function utcDay(date: Date): Date {
  return new Date(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()),
  );
}

/**
 * The daily windows of a scenario, oldest first: `count` windows, the newest ending at UTC
 * midnight of `today`. Run ids are `seed-<window end date>`; a window's rows depend on its date
 * and how many days ago it ended.
 */
export function dailyWindows(
  scenario: ExampleDriftScenario,
  today: Date,
  count = 45,
): ExampleDriftWindow[] {
  const end = utcDay(today).getTime();
  const day = 24 * 3600_000;
  const windows: ExampleDriftWindow[] = [];
  for (let daysAgo = count - 1; daysAgo >= 0; daysAgo -= 1) {
    const windowEnd = new Date(end - daysAgo * day);
    const date = windowEnd.toISOString().slice(0, 10);
    const random = mulberry32(hashSeed(`${scenario.name}:${date}`));
    const n =
      scenario.windowRows.min +
      Math.floor(
        random() * (scenario.windowRows.max - scenario.windowRows.min),
      );
    windows.push({
      runId: `seed-${date}`,
      windowStart: new Date(windowEnd.getTime() - day).toISOString(),
      windowEnd: windowEnd.toISOString(),
      daysAgo,
      columns: sample(scenario, random, n, daysAgo),
    });
  }
  return windows;
}
