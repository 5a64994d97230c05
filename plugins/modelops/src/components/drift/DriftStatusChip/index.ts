export { DatasetDriftChip, FeatureVerdictChip } from './DriftStatusChip';
