/**
 * Scaffolder actions of ModelOps for Backstage.
 *
 * @packageDocumentation
 */
export { scaffolderModuleModelops as default } from './module';
export { createValidateModelAction } from './actions/validateModel';
