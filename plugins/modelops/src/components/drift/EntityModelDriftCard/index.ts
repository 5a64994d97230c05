export { EntityModelDriftCard } from './EntityModelDriftCard';
export type { EntityModelDriftCardProps } from './EntityModelDriftCard';
