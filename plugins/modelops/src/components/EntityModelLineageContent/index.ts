export { EntityModelLineageContent } from './EntityModelLineageContent';
export type { EntityModelLineageContentProps } from './EntityModelLineageContent';
