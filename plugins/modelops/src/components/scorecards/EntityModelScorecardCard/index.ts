export * from './EntityModelScorecardCard';
