/**
 * Scaffolder actions of ModelOps for Backstage.
 *
 * @packageDocumentation
 */
export { scaffolderModuleModelops as default } from './module';
export { createValidateModelAction } from './actions/validateModel';
export { createRequestApprovalAction } from './actions/requestApproval';
export { createWaitForApprovalAction } from './actions/waitForApproval';
export { createReadinessGateAction } from './actions/readinessGate';
export { createPromoteModelAction } from './actions/promoteModel';
export { createCreateModelAction } from './actions/createModel';
export {
  createModelFromCardAction,
  mergeCardIntoModelInput,
} from './actions/modelFromCard';
export type { ModelFromCardActionOutput } from './actions/modelFromCard';
export type {
  CreateModelActionInput,
  CreateModelActionOptions,
  CreateModelActionOutput,
} from './actions/createModel';
export {
  createFetchLocalAction,
  createPublishLocalAction,
} from './actions/publishLocal';
export {
  applyPromotionToCatalogInfo,
  createUpdateVersionsAction,
} from './actions/updateVersions';
export type { VersionStageChange } from './actions/updateVersions';
export type { ModelopsActionDeps } from './actions/ModelopsApiClient';
