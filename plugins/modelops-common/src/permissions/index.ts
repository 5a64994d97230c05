export * from './permissions';
export * from './approvalPermissions';
