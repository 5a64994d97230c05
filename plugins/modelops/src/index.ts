/**
 * Frontend plugin of ModelOps for Backstage: the model card, versions, lineage graph and
 * lineage table of `kind: Model` entity pages, and the model inventory page.
 *
 * @packageDocumentation
 */
export {
  modelopsPlugin,
  ModelsPage,
  EntityModelCard,
  EntityModelVersionsCard,
  EntityModelLineageCard,
  EntityModelLineageTable,
  EntityModelLineageContent,
  EntityModelUsageCard,
  EntityModelExportButton,
  EntityModelDriftCard,
  EntityModelDriftContent,
  EntityModelApprovalsCard,
  MyApprovalsPage,
  ModelopsPromotionPolicyFieldExtension,
  ModelopsModelNameFieldExtension,
  EntityModelScorecardCard,
  EntityGroupScorecardCard,
  TeamScorecardPage,
} from './plugin';
export type {
  EntityModelScorecardCardProps,
  EntityGroupScorecardCardProps,
  TeamScorecardPageProps,
} from './components/scorecards';
export { scorecardsApiRef } from './api/ScorecardsApi';
export type {
  ScorecardsApi,
  ModelScorecardResponse,
  TeamScorecardResponse,
  TeamHistoryPoint,
  ScorecardExemptionView,
} from './api/ScorecardsApi';
export { ScorecardsClient } from './api/ScorecardsClient';
export type { EntityModelApprovalsCardProps } from './components/approvals';
export { approvalsApiRef } from './api/ApprovalsApi';
export type {
  ApprovalsApi,
  ApprovalRequestView,
  ApprovalRequestDetail,
  ApprovalRoleProgress,
  ApprovalViewerStatus,
} from './api/ApprovalsApi';
export { ApprovalsClient } from './api/ApprovalsClient';
export type { EntityModelDriftCardProps } from './components/drift/EntityModelDriftCard';
export type { EntityModelDriftContentProps } from './components/drift/EntityModelDriftContent';
export { driftApiRef } from './api/DriftApi';
export type {
  DriftApi,
  DriftFeatureSummary,
  DriftHistoryPoint,
  DriftHistoryRequest,
  DriftReference,
  DriftReferenceSummary,
  DriftRun,
  DriftRunPage,
  DriftRunReport,
  DriftRunReportFeature,
  DriftStatus,
  ListDriftRunsRequest,
} from './api/DriftApi';
export { DriftClient } from './api/DriftClient';
export type { EntityModelCardProps } from './components/EntityModelCard';
export type { EntityModelVersionsCardProps } from './components/EntityModelVersionsCard';
export type { EntityModelLineageCardProps } from './components/EntityModelLineageCard';
export type { EntityModelLineageTableProps } from './components/EntityModelLineageTable';
export type { EntityModelLineageContentProps } from './components/EntityModelLineageContent';
export type { EntityModelUsageCardProps } from './components/EntityModelUsageCard';
export type { EntityModelExportButtonProps } from './components/EntityModelExport';
export {
  modelopsRelationPairs,
  modelopsLineageRelations,
} from './lineage/lineageRelations';
export { isModelEntity } from '@modelops/plugin-modelops-common';
