export { EntityModelApprovalsCard } from './EntityModelApprovalsCard';
export type { EntityModelApprovalsCardProps } from './EntityModelApprovalsCard';
export { MyApprovalsPage } from './MyApprovalsPage';
export { AuditTrailView } from './AuditTrailView';
export { ApprovalRequestPanel } from './ApprovalRequestPanel';
export { approvalsRouteRef } from './routes';
