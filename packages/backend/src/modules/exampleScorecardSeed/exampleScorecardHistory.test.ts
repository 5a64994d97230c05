import { pastLevel } from './exampleScorecardHistory';

describe('pastLevel', () => {
  const refs = Array.from({ length: 20 }, (_, i) => `model:default/m${i}`);

  it('is the level now for now, and never above it nor below the floor', () => {
    for (const ref of refs) {
      expect(pastLevel(ref, 'maturity', 3, 0)).toBe(3);
      for (let weeks = 1; weeks <= 12; weeks += 1) {
        const level = pastLevel(ref, 'maturity', 3, weeks);
        expect(level).toBeGreaterThanOrEqual(0);
        expect(level).toBeLessThanOrEqual(3);
      }
      expect(pastLevel(ref, 'maturity', 0, 8)).toBe(0);
    }
  });

  it('only climbs towards now, and the average rises over eight weeks', () => {
    const average = (weeks: number) =>
      refs.reduce((sum, ref) => sum + pastLevel(ref, 'maturity', 3, weeks), 0) /
      refs.length;
    for (const ref of refs) {
      for (let weeks = 1; weeks <= 8; weeks += 1) {
        expect(pastLevel(ref, 'maturity', 3, weeks)).toBeLessThanOrEqual(
          pastLevel(ref, 'maturity', 3, weeks - 1),
        );
      }
    }
    expect(average(8)).toBeLessThan(average(4));
    expect(average(4)).toBeLessThan(average(0));
  });
});
