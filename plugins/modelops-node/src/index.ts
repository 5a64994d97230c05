/**
 * Node library of ModelOps for Backstage: types and extension points for backend modules.
 *
 * @packageDocumentation
 */
export type {
  ModelEntity,
  ModelEntityV1alpha1,
  ModelValidationProblem,
} from '@modelops/plugin-modelops-common';
export {
  assertValidModelEntity,
  validateModelEntity,
} from '@modelops/plugin-modelops-common';
export * from './scorecards';
export * from './driftSql';
