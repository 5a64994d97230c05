export { DriftAcknowledgement } from './DriftAcknowledgement';
export type { DriftAcknowledgementProps } from './DriftAcknowledgement';
