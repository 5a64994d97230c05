export { DriftSourcePanel } from './DriftSourcePanel';
