export * from './ApprovalRequest';
export * from './approvalPolicy';
export * from './segregationOfDuties';
export * from './auditChain';
export * from './auditState';
