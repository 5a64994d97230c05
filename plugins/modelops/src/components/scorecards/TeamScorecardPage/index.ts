export { TeamScorecardPage } from './TeamScorecardPage';
export type { TeamScorecardPageProps } from './TeamScorecardPage';
export { TeamScorecardContent } from './TeamScorecardContent';
