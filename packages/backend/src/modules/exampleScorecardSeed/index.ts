/*
 * Example portal only: a scorecard snapshot at start and a made-up weekly history before it (see
 * docs/scorecards.md).
 */
export { exampleScorecardSeedModule as default } from './module';
