/**
 * Isomorphic types and pure logic of ModelOps for Backstage.
 *
 * @packageDocumentation
 */
export * from './model';
export * from './drift';
export * from './permissions';
export * from './approvals';
export * from './scorecards';
export * from './schema';
