export { EntityModelVersionsCard } from './EntityModelVersionsCard';
export type { EntityModelVersionsCardProps } from './EntityModelVersionsCard';
