export { EntityModelCard } from './EntityModelCard';
export type { EntityModelCardProps } from './EntityModelCard';
