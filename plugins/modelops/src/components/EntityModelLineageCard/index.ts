export { EntityModelLineageCard } from './EntityModelLineageCard';
export type { EntityModelLineageCardProps } from './EntityModelLineageCard';
