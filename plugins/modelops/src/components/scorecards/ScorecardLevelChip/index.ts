export * from './ScorecardLevelChip';
