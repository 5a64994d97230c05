export {
  RiskTierChip,
  EuAiActCategoryChip,
  VersionStageChip,
  ProductionStatusChip,
} from './ModelChips';
