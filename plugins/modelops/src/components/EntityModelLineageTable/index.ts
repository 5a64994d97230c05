export { EntityModelLineageTable } from './EntityModelLineageTable';
export type { EntityModelLineageTableProps } from './EntityModelLineageTable';
