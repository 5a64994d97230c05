/**
 * Frontend plugin of ModelOps for Backstage: the model card, versions, lineage graph and
 * lineage table of `kind: Model` entity pages, and the model inventory page.
 *
 * @packageDocumentation
 */
export {
  modelopsPlugin,
  ModelsPage,
  EntityModelCard,
  EntityModelVersionsCard,
  EntityModelLineageCard,
  EntityModelLineageTable,
} from './plugin';
export type { EntityModelCardProps } from './components/EntityModelCard';
export type { EntityModelVersionsCardProps } from './components/EntityModelVersionsCard';
export type { EntityModelLineageCardProps } from './components/EntityModelLineageCard';
export type { EntityModelLineageTableProps } from './components/EntityModelLineageTable';
export {
  modelopsRelationPairs,
  modelopsLineageRelations,
} from './lineage/lineageRelations';
export { isModelEntity } from '@modelops/plugin-modelops-common';
