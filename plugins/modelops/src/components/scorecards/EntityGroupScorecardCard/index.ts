export * from './EntityGroupScorecardCard';
