import type { DriftRun } from '../api/DriftApi';
import {
  datasetDriftState,
  driftedFeatureNames,
  driftMethodLabel,
  featureVerdict,
  formatAbsoluteDate,
  formatAbsoluteTime,
  formatDriftValue,
  formatRelativeTime,
  formatThreshold,
  isPValueMethod,
} from './driftStatus';

const run = (extra: Partial<DriftRun>): DriftRun => ({
  id: '1',
  entityRef: 'model:default/m',
  runId: 'r',
  referenceId: null,
  modelVersion: null,
  windowStart: null,
  windowEnd: '2026-11-20T00:00:00.000Z',
  acknowledgement: null,
  status: 'ok',
  datasetDrift: false,
  driftShare: 0,
  featureCount: 2,
  driftedCount: 0,
  source: 'rows',
  submittedBy: 'service:x',
  createdAt: '2026-11-20T00:00:00.000Z',
  ...extra,
});

describe('datasetDriftState', () => {
  it('reads no run as no data, insufficient data before the verdict, then drift / no drift', () => {
    expect(datasetDriftState(null)).toBe('no-data');
    expect(datasetDriftState(undefined)).toBe('no-data');
    expect(
      datasetDriftState(
        run({ status: 'insufficient-data', datasetDrift: false }),
      ),
    ).toBe('insufficient-data');
    expect(datasetDriftState(run({ datasetDrift: true }))).toBe('drift');
    expect(
      datasetDriftState(run({ datasetDrift: false, driftedCount: 0 })),
    ).toBe('no-drift');
    // One feature drifted, the dataset below its drift share: never "No drift".
    expect(
      datasetDriftState(run({ datasetDrift: false, driftedCount: 1 })),
    ).toBe('features-drifted');
  });
});

describe('featureVerdict', () => {
  it('keeps statuses without a verdict and maps the rest to drift / no drift', () => {
    expect(featureVerdict({ drift: false, status: 'insufficient-data' })).toBe(
      'insufficient-data',
    );
    expect(featureVerdict({ drift: false, status: 'no-reference-data' })).toBe(
      'no-reference-data',
    );
    expect(featureVerdict({ drift: true, status: 'ok' })).toBe('drift');
    expect(featureVerdict({ drift: false, status: 'ok' })).toBe('no-drift');
  });
});

describe('driftedFeatureNames', () => {
  it('lists drifted features of the report in order', () => {
    const features = [
      {
        name: 'income',
        kind: 'numeric',
        method: 'psi',
        value: 0.3,
        threshold: 0.1,
        drift: true,
        status: 'ok',
      },
      {
        name: 'age',
        kind: 'numeric',
        method: 'psi',
        value: 0.01,
        threshold: 0.1,
        drift: false,
        status: 'ok',
      },
      {
        name: 'debt_to_income',
        kind: 'numeric',
        method: 'psi',
        value: 0.2,
        threshold: 0.1,
        drift: true,
        status: 'ok',
      },
    ] as const;
    expect(
      driftedFeatureNames(
        run({
          report: {
            features: [...features],
            driftShare: 2 / 3,
            datasetDrift: true,
          },
        }),
      ),
    ).toEqual(['income', 'debt_to_income']);
    expect(driftedFeatureNames(run({}))).toEqual([]);
    expect(driftedFeatureNames(null)).toEqual([]);
  });
});

describe('methods and thresholds', () => {
  it('knows which methods are p-values, as the engine decides', () => {
    expect(isPValueMethod('ks')).toBe(true);
    expect(isPValueMethod('chiSquare')).toBe(true);
    expect(isPValueMethod('psi')).toBe(false);
    expect(isPValueMethod('wassersteinNormed')).toBe(false);
    expect(isPValueMethod('nonsense')).toBe(false);
  });

  it('labels methods and writes the drift rule of a threshold', () => {
    expect(driftMethodLabel('wassersteinNormed')).toBe('Wasserstein (normed)');
    expect(driftMethodLabel('custom')).toBe('custom');
    expect(formatThreshold('ks', 0.05)).toBe('p < 0.05');
    expect(formatThreshold('jensenShannon', 0.1)).toBe('≥ 0.1');
    expect(formatThreshold('psi', null)).toBe('-');
  });

  it('formats values', () => {
    expect(formatDriftValue(0.123456)).toBe('0.123');
    expect(formatDriftValue(0.00001234)).toBe('1.23e-5');
    expect(formatDriftValue(0)).toBe('0');
    expect(formatDriftValue(null)).toBe('-');
    expect(formatDriftValue(Number.NaN)).toBe('-');
  });
});

describe('times', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');
  it('formats absolute and relative times', () => {
    // In the user's locale and time zone, with the zone named (issue 12 item 11).
    expect(
      formatAbsoluteTime('2026-11-20T00:00:00.000Z', {
        locale: 'en-US',
        timeZone: 'UTC',
      }),
    ).toBe('Nov 20, 2026, 12:00 AM UTC');
    expect(
      formatAbsoluteTime('2026-11-20T00:00:00.000Z', {
        locale: 'de-DE',
        timeZone: 'Europe/Berlin',
      }),
    ).toBe('20. Nov. 2026, 01:00 MEZ');
    expect(
      formatAbsoluteTime('2026-07-01T18:30:00.000Z', {
        locale: 'en-GB',
        timeZone: 'America/New_York',
      }),
    ).toBe('1 Jul 2026, 14:30 GMT-4');
    expect(
      formatAbsoluteDate('2026-11-20T00:00:00.000Z', {
        locale: 'en-US',
        timeZone: 'UTC',
      }),
    ).toBe('Nov 20, 2026');
    // Without options: the runtime's locale and zone (the browser's in the portal).
    expect(formatAbsoluteTime('2026-11-20T00:00:00.000Z')).toBe(
      new Date('2026-11-20T00:00:00.000Z').toLocaleString(undefined, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZoneName: 'short',
      }),
    );
    expect(formatAbsoluteTime('not a date')).toBe('not a date');
    expect(formatRelativeTime('2026-11-20T12:00:00Z', now)).toBe('2 days ago');
    expect(formatRelativeTime('2026-11-21T12:00:00Z', now)).toBe('yesterday');
    expect(formatRelativeTime('2026-11-22T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatRelativeTime('2026-11-22T11:59:30Z', now)).toBe('now');
    expect(formatRelativeTime('not a date', now)).toBe('not a date');
  });
});
