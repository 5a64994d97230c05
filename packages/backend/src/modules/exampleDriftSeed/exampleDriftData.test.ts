import {
  buildReferenceProfile,
  compareToProfile,
  DatasetDriftResult,
  DriftSettings,
} from '@modelops/plugin-modelops-common';
import {
  dailyWindows,
  EXAMPLE_DRIFT_SCENARIOS,
  ExampleDriftScenario,
  hashSeed,
  mulberry32,
  normalQuantile,
  referenceColumns,
  stratifiedUniforms,
} from './exampleDriftData';

// spec.monitoring.drift of the example models (examples/models/*.yaml).
const SETTINGS: Record<string, DriftSettings> = {
  'credit-default-scorer': { minCurrentSize: 500, datasetDriftShare: 0.3 },
  'customer-churn-global': { minCurrentSize: 1000, datasetDriftShare: 0.5 },
  'payment-volume-forecaster': { minCurrentSize: 28, datasetDriftShare: 0.5 },
  'support-assistant-llm': { minCurrentSize: 200, datasetDriftShare: 0.5 },
};

const TODAY = new Date('2026-11-22T15:30:00Z');
// The noise of a window depends on its date: check the stories on two different days.
const DAYS = [TODAY, new Date('2027-03-05T08:00:00Z')];

function scenario(name: string): ExampleDriftScenario {
  return EXAMPLE_DRIFT_SCENARIOS.find(s => s.name === name)!;
}

/** Evaluates every window of a scenario as the modelops backend does, on each of DAYS. */
function evaluate(
  name: string,
): Array<{ daysAgo: number; result: DatasetDriftResult }> {
  const settings = SETTINGS[name];
  const profile = buildReferenceProfile(referenceColumns(scenario(name)), {
    settings,
  });
  return DAYS.flatMap(today =>
    dailyWindows(scenario(name), today).map(w => ({
      daysAgo: w.daysAgo,
      result: compareToProfile(profile, w.columns, { settings }),
    })),
  );
}

const drifted = (r: DatasetDriftResult) =>
  r.features
    .filter(f => f.drift)
    .map(f => f.name)
    .sort();

describe('example drift data', () => {
  it('is deterministic', () => {
    expect(mulberry32(42)()).toBe(mulberry32(42)());
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 6);
    const u = stratifiedUniforms(mulberry32(1), 1000, 0);
    expect(
      [...u]
        .sort((a, b) => a - b)
        .every((x, i) => x >= i / 1000 && x < (i + 1) / 1000),
    ).toBe(true);
    expect(hashSeed('a')).not.toBe(hashSeed('b'));
    for (const s of EXAMPLE_DRIFT_SCENARIOS) {
      expect(referenceColumns(s)).toEqual(referenceColumns(s));
    }
    const a = dailyWindows(scenario('credit-default-scorer'), TODAY, 3);
    const b = dailyWindows(
      scenario('credit-default-scorer'),
      new Date('2026-11-22T01:00:00Z'),
      3,
    );
    expect(a).toEqual(b);
  });

  it('has one scenario per example model with column-oriented data of the right sizes', () => {
    expect(EXAMPLE_DRIFT_SCENARIOS.map(s => s.name)).toEqual(
      Object.keys(SETTINGS),
    );
    for (const s of EXAMPLE_DRIFT_SCENARIOS) {
      const reference = referenceColumns(s);
      const names = Object.keys(reference);
      expect(names.length).toBeGreaterThanOrEqual(3);
      for (const column of Object.values(reference))
        expect(column).toHaveLength(2000);

      const windows = dailyWindows(s, TODAY);
      expect(windows).toHaveLength(45);
      expect(windows[44]).toMatchObject({
        runId: 'seed-2026-11-22',
        windowStart: '2026-11-21T00:00:00.000Z',
        windowEnd: '2026-11-22T00:00:00.000Z',
        daysAgo: 0,
      });
      expect(windows[0]).toMatchObject({
        runId: 'seed-2026-10-09',
        daysAgo: 44,
      });
      expect(new Set(windows.map(w => w.runId)).size).toBe(45);
      for (const w of windows) {
        expect(Object.keys(w.columns)).toEqual(names);
        const n = w.columns[names[0]].length;
        expect(n).toBeGreaterThanOrEqual(s.windowRows.min);
        expect(n).toBeLessThan(s.windowRows.max);
        for (const column of Object.values(w.columns))
          expect(column).toHaveLength(n);
      }
    }
  });

  it('credit-default-scorer: income and debt_to_income drift gradually, dataset drift at the end', () => {
    const results = evaluate('credit-default-scorer');
    for (const { result } of results) {
      expect(result.status).toBe('ok');
      expect(result.nEvaluated).toBe(6);
    }
    for (const { daysAgo, result } of results.filter(r => r.daysAgo >= 15)) {
      expect({ daysAgo, drifted: drifted(result) }).toEqual({
        daysAgo,
        drifted: [],
      });
    }
    for (const { daysAgo, result } of results.filter(r => r.daysAgo <= 7)) {
      expect({
        daysAgo,
        drifted: drifted(result),
        dataset: result.datasetDrift,
      }).toEqual({
        daysAgo,
        drifted: ['debt_to_income', 'income'],
        dataset: true,
      });
    }
    // The method values grow over the ramp.
    const income = (d: number) =>
      results
        .find(r => r.daysAgo === d)!
        .result.features.find(f => f.name === 'income')!.value!;
    expect(income(0)).toBeGreaterThan(0.5);
    expect(income(0)).toBeGreaterThan(income(7));
    expect(income(7)).toBeGreaterThan(income(20));
  });

  it('customer-churn-global is stable', () => {
    for (const { daysAgo, result } of evaluate('customer-churn-global')) {
      expect(result.status).toBe('ok');
      expect({ daysAgo, drifted: drifted(result) }).toEqual({
        daysAgo,
        drifted: [],
      });
    }
  });

  it('payment-volume-forecaster: a step change in daily_volume and weekday mix in the last week', () => {
    for (const { daysAgo, result } of evaluate('payment-volume-forecaster')) {
      const expected = daysAgo < 7 ? ['daily_volume', 'weekday'] : [];
      expect({
        daysAgo,
        drifted: drifted(result),
        dataset: result.datasetDrift,
      }).toEqual({
        daysAgo,
        drifted: expected,
        dataset: daysAgo < 7,
      });
    }
  });

  it('support-assistant-llm: the topic drifts, the dataset does not', () => {
    const results = evaluate('support-assistant-llm');
    for (const { result } of results) expect(result.datasetDrift).toBe(false);
    for (const { daysAgo, result } of results.filter(r => r.daysAgo >= 20))
      expect({ daysAgo, drifted: drifted(result) }).toEqual({
        daysAgo,
        drifted: [],
      });
    for (const { daysAgo, result } of results.filter(r => r.daysAgo <= 5))
      expect({ daysAgo, drifted: drifted(result) }).toEqual({
        daysAgo,
        drifted: ['topic'],
      });
  });
});
