export { ChartFrame } from './ChartFrame';
export type { ChartFrameProps } from './ChartFrame';
