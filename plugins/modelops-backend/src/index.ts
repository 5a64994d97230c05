/**
 * Backend plugin of ModelOps for Backstage.
 *
 * @packageDocumentation
 */
export { modelopsPlugin as default } from './plugin';
