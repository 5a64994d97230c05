export { DriftFeatureTable } from './DriftFeatureTable';
export type { DriftFeatureTableProps } from './DriftFeatureTable';
