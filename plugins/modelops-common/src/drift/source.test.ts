import { validateModelEntity } from '../model/validateModelEntity';
import {
  driftSourceRunId,
  driftSourceWindow,
  parseSourceDuration,
} from './source';
import { validateDriftSettings } from './settings';

const source = {
  connection: 'warehouse',
  currentSql:
    'SELECT income, region FROM scores WHERE ts >= :windowStart AND ts < :windowEnd',
  referenceTable: 'training.applications',
  cadence: 'P1D',
};

function problems(value: unknown) {
  const r = validateDriftSettings({ source: value });
  return r.success ? [] : r.problems.map(p => `${p.path} ${p.message}`);
}

describe('spec.monitoring.drift.source', () => {
  it('accepts a source and keeps its fields', () => {
    const r = validateDriftSettings({ source });
    expect(r.success && r.settings.source).toEqual(source);
    expect(
      problems({
        connection: 'w',
        currentTable: 'scoring_log',
        timeColumn: 'scored_at',
        where: "segment = 'retail'",
        referenceSql: 'SELECT * FROM training',
        cadence: 'PT15M',
        window: 'PT1H',
      }),
    ).toEqual([]);
  });

  it.each([
    [
      { ...source, connection: 'postgres://u:p@h/db' },
      'spec.monitoring.drift.source.connection must be the name of a connection under modelops.drift.sources.connections',
    ],
    [
      { ...source, currentTable: 'x' },
      'spec.monitoring.drift.source.currentTable and currentSql are alternatives',
    ],
    [
      { ...source, referenceTable: undefined },
      'spec.monitoring.drift.source.referenceSql is required',
    ],
    [
      { ...source, cadence: 'PT1M' },
      'spec.monitoring.drift.source.cadence must be between PT5M and P31D',
    ],
    [
      { ...source, cadence: 'P1M' },
      'spec.monitoring.drift.source.cadence must be an ISO 8601 duration',
    ],
    [
      { ...source, timeColumn: 'ts' },
      'spec.monitoring.drift.source.timeColumn applies to currentTable',
    ],
    [
      { ...source, currentSql: 'SELECT 1\0' },
      'spec.monitoring.drift.source.currentSql must not contain NUL characters',
    ],
    [
      { ...source, currentSql: `SELECT ${'x'.repeat(10_001)}` },
      'spec.monitoring.drift.source.currentSql must be at most 10000 characters',
    ],
    [
      { ...source, password: 'hunter2' },
      'spec.monitoring.drift.source.password is not a known setting',
    ],
    [
      { ...source, cadence: 'P1D', offset: 'P1D' },
      'spec.monitoring.drift.source.offset must be shorter than the cadence (P1D)',
    ],
    [
      { ...source, offset: '6 hours' },
      'spec.monitoring.drift.source.offset must be an ISO 8601 duration',
    ],
  ])('names the field: %#', (value, expected) => {
    expect(problems(value).join('\n')).toContain(expected);
  });

  it('is checked by the entity validator', () => {
    const result = validateModelEntity({
      apiVersion: 'modelops.io/v1alpha1',
      kind: 'Model',
      metadata: { name: 'm' },
      spec: {
        type: 'classification',
        lifecycle: 'production',
        owner: 'team-a',
        monitoring: { drift: { source: { ...source, cadence: 'soon' } } },
      },
    });
    expect(result.valid).toBe(false);
    expect(JSON.stringify(result)).toContain(
      'spec.monitoring.drift.source.cadence',
    );
  });

  it('parses durations and computes aligned windows and run ids', () => {
    expect(parseSourceDuration('P1DT2H30M')).toBe((26 * 60 + 30) * 60_000);
    expect(parseSourceDuration('P')).toBeUndefined();
    expect(parseSourceDuration('PT')).toBeUndefined();
    expect(parseSourceDuration('P0D')).toBeUndefined();
    const now = new Date('2026-11-28T19:42:10Z');
    expect(driftSourceWindow({ cadence: 'P1D' }, now)).toEqual({
      windowStart: '2026-11-27T00:00:00.000Z',
      windowEnd: '2026-11-28T00:00:00.000Z',
    });
    expect(
      driftSourceWindow({ cadence: 'PT15M', window: 'PT1H' }, now),
    ).toEqual({
      windowStart: '2026-11-28T18:30:00.000Z',
      windowEnd: '2026-11-28T19:30:00.000Z',
    });
    // An offset shifts the closing times: every day at 06:00 UTC.
    expect(
      driftSourceWindow({ cadence: 'P1D', window: 'P7D', offset: 'PT6H' }, now),
    ).toEqual({
      windowStart: '2026-11-21T06:00:00.000Z',
      windowEnd: '2026-11-28T06:00:00.000Z',
    });
    // Before 06:00 the latest closed window is the previous day's.
    expect(
      driftSourceWindow(
        { cadence: 'P1D', offset: 'PT6H' },
        new Date('2026-11-28T05:59:59Z'),
      ),
    ).toEqual({
      windowStart: '2026-11-26T06:00:00.000Z',
      windowEnd: '2026-11-27T06:00:00.000Z',
    });
    expect(
      driftSourceWindow({ cadence: 'PT1H', offset: 'PT15M' }, now),
    ).toEqual({
      windowStart: '2026-11-28T18:15:00.000Z',
      windowEnd: '2026-11-28T19:15:00.000Z',
    });
    expect(driftSourceRunId('2026-11-28T00:00:00.000Z')).toBe(
      'source-2026-11-28T00:00:00.000Z',
    );
  });
});
