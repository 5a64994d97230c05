export { EntityModelScorecardCard } from './EntityModelScorecardCard';
export type { EntityModelScorecardCardProps } from './EntityModelScorecardCard';
export { EntityGroupScorecardCard } from './EntityGroupScorecardCard';
export type { EntityGroupScorecardCardProps } from './EntityGroupScorecardCard';
export { TeamScorecardPage, TeamScorecardContent } from './TeamScorecardPage';
export type { TeamScorecardPageProps } from './TeamScorecardPage';
export { ScorecardLevelChip } from './ScorecardLevelChip';
export { scorecardsRouteRef } from './routes';
