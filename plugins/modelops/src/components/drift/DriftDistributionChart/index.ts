export { DriftDistributionChart } from './DriftDistributionChart';
export type { DriftDistributionChartProps } from './DriftDistributionChart';
