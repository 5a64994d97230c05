export { DriftHistoryChart } from './DriftHistoryChart';
export type { DriftHistoryChartProps } from './DriftHistoryChart';
