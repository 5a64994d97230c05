export { EntityModelUsageCard } from './EntityModelUsageCard';
export type { EntityModelUsageCardProps } from './EntityModelUsageCard';
