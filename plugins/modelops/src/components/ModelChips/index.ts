export {
  RiskTierChip,
  EuAiActCategoryChip,
  VersionStageChip,
} from './ModelChips';
