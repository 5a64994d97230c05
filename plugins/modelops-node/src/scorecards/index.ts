export { modelopsScorecardChecksExtensionPoint } from './extensionPoint';
export type { ModelopsScorecardChecksExtensionPoint } from './extensionPoint';
export type {
  CheckOutcome,
  ScorecardCheck,
  ScorecardCheckPlacement,
  ScorecardFacts,
  ScorecardFactSource,
} from '@modelops/plugin-modelops-common';
