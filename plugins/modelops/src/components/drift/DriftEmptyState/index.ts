export { DriftEmptyState, driftInstructions } from './DriftEmptyState';
export type { DriftEmptyStateProps } from './DriftEmptyState';
