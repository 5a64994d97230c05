import { toBool, toEpochMs, toIso, toIsoOrNull } from './timestamps';

describe('toIso', () => {
  const iso = '2026-11-28T09:15:30.250Z';

  it('reads a Date (PostgreSQL)', () => {
    expect(toIso(new Date(iso))).toBe(iso);
  });

  it('reads epoch milliseconds as a number or a string of digits (SQLite)', () => {
    expect(toIso(Date.parse(iso))).toBe(iso);
    expect(toIso(String(Date.parse(iso)))).toBe(iso);
  });

  it("reads SQLite's CURRENT_TIMESTAMP text as UTC, with or without fractions", () => {
    expect(toIso('2026-11-28 09:15:30')).toBe('2026-11-28T09:15:30.000Z');
    expect(toIso('2026-11-28 09:15:30.250')).toBe(iso);
  });

  it('reads ISO strings with a zone unchanged in meaning', () => {
    expect(toIso(iso)).toBe(iso);
    expect(toIso('2026-11-28T10:15:30.250+01:00')).toBe(iso);
  });

  it('throws on a value that is no time instead of inventing one', () => {
    expect(() => toIso('yesterday')).toThrow(RangeError);
  });

  it('keeps null as null and reads booleans of both databases', () => {
    expect(toIsoOrNull(null)).toBeNull();
    expect(toIsoOrNull(undefined)).toBeNull();
    expect(toIsoOrNull(new Date(iso))).toBe(iso);
    expect([true, 1, '1', false, 0, '0', null].map(toBool)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('toEpochMs', () => {
  it('reads every form the databases hand back', () => {
    const ms = Date.parse('2026-11-22T10:11:12.345Z');
    expect(toEpochMs(new Date(ms))).toBe(ms);
    expect(toEpochMs(ms)).toBe(ms);
    expect(toEpochMs(String(ms))).toBe(ms);
    expect(toEpochMs('2026-11-22 10:11:12.345')).toBe(ms);
  });
});
