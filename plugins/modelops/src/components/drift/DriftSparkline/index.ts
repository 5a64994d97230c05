export { DriftSparkline } from './DriftSparkline';
export type { DriftSparklineProps } from './DriftSparkline';
