import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  formatProblem,
  isModelEntity,
  ModelEntityV1alpha1,
  modelEntityRelations,
  validateModelEntity,
} from '@modelops/plugin-modelops-common';

/**
 * Adds the `Model` kind (`modelops.io/v1alpha1`) to the catalog: validates every Model entity
 * with the shared validator of `@modelops/plugin-modelops-common` and emits its lineage
 * relations in both directions.
 *
 * Any entity of kind Model is claimed by this processor, so a Model with an unknown apiVersion
 * fails with a processing error instead of being silently accepted or ignored.
 *
 * @public
 */
export class ModelEntitiesProcessor implements CatalogProcessor {
  /**
   * The validated form of each entity validateEntityKind accepted: the catalog hands the same
   * object to postProcessEntity, which then emits the relations without validating it again.
   */
  private readonly validated = new WeakMap<Entity, ModelEntityV1alpha1>();

  getProcessorName(): string {
    return 'ModelEntitiesProcessor';
  }

  async validateEntityKind(entity: Entity): Promise<boolean> {
    if (!isModelEntity(entity)) {
      return false;
    }
    const result = validateModelEntity(entity);
    if (!result.valid) {
      const lines = result.problems.map(formatProblem);
      throw new InputError(
        `Invalid Model entity ${entity.metadata?.namespace ?? 'default'}/${
          entity.metadata?.name
        }: ${lines.join('; ')}`,
      );
    }
    this.validated.set(entity, result.entity);
    return true;
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!isModelEntity(entity)) {
      return entity;
    }
    let valid = this.validated.get(entity);
    if (!valid) {
      const result = validateModelEntity(entity);
      // validateEntityKind already reported an invalid one; emit nothing for it.
      if (!result.valid) return entity;
      valid = result.entity;
    }
    for (const relation of modelEntityRelations(valid)) {
      emit(processingResult.relation(relation));
    }
    return entity;
  }
}
