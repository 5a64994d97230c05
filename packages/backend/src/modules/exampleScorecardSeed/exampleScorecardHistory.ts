/**
 * Example portal only: the made-up past of the example models' scorecard levels. Each model climbed
 * to its current level over the past weeks, one level at a time, at its own pace, so the Scorecards
 * page's trend has a history to show right after the portal starts.
 */

/** Snapshots seeded before the first real one: one a week. */
export const DEFAULT_SEED_WEEKS = 8;

/** A small stable hash (FNV-1a), so each model has its own pace on every start. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * A model's level on one scorecard `weeksAgo` weeks before now, given its level now: one level
 * lower every 4 weeks back (each model offset by up to 3 weeks), never below the floor (0) and never
 * above its level now.
 */
export function pastLevel(
  entityRef: string,
  scorecard: string,
  levelNow: number,
  weeksAgo: number,
): number {
  if (weeksAgo <= 0) return levelNow;
  const offset = hash(`${entityRef}|${scorecard}`) % 4;
  return Math.max(0, levelNow - Math.floor((weeksAgo + offset) / 4));
}
