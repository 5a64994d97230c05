import {
  CompoundEntityRef,
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  EU_AI_ACT_CATEGORIES,
  EuAiActCategory,
  MODEL_RISK_TIERS,
  ModelEntitySpec,
  ModelRiskTier,
  ProductionStatus,
  productionStatus,
  promotionsFromAnnotations,
} from '@modelops/plugin-modelops-common';

/** Annotation with a link to the model in its registry (MLflow, Vertex, SageMaker...). */
export const MODEL_REGISTRY_URL_ANNOTATION = 'modelops.io/registry-url';

/** What the card and the inventory show about a model, read defensively from the entity. */
export interface ModelSummary {
  entityRef: string;
  name: string;
  title?: string;
  description?: string;
  type?: string;
  framework?: string;
  lifecycle?: string;
  owner?: CompoundEntityRef;
  system?: CompoundEntityRef;
  riskTier?: ModelRiskTier;
  euAiActCategory?: EuAiActCategory;
  intendedUse?: string;
  limitations?: string;
  /**
   * The version in production: the one last promoted through an approved request (from the
   * catalog module's `modelops.io/approved-production-*` annotations), else the declared one.
   */
  productionVersion?: string;
  /** Approved / unverified / none, with a one-sentence summary (`productionStatus`). */
  production: ProductionStatus;
  versionCount: number;
  registryUrl?: string;
  tags: string[];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function oneOf<T extends string>(
  values: readonly T[],
  value: unknown,
): T | undefined {
  return values.includes(value as T) ? (value as T) : undefined;
}

/**
 * The entity a spec field points to: the relation the catalog computed if there is one,
 * else the spec value resolved like the catalog does (default kind, the model's namespace).
 */
function relatedRef(
  entity: Entity,
  relationType: string,
  targetKind: string,
  specValue: unknown,
): CompoundEntityRef | undefined {
  const relation = entity.relations?.find(
    rel =>
      rel.type === relationType &&
      rel.targetRef.startsWith(`${targetKind.toLocaleLowerCase('en-US')}:`),
  );
  const ref = relation?.targetRef ?? text(specValue);
  if (!ref) return undefined;
  try {
    return parseEntityRef(ref, {
      defaultKind: targetKind,
      defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
    });
  } catch {
    return undefined;
  }
}

function ownerRef(entity: Entity, spec: Partial<ModelEntitySpec>) {
  const relation = entity.relations?.find(
    rel => rel.type === RELATION_OWNED_BY,
  );
  const ref = relation?.targetRef ?? text(spec.owner);
  if (!ref) return undefined;
  try {
    return parseEntityRef(ref, {
      defaultKind: 'Group',
      defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
    });
  } catch {
    return undefined;
  }
}

/** Reads a Model entity into a {@link ModelSummary}; tolerates missing or malformed fields. */
export function summarizeModel(entity: Entity): ModelSummary {
  const spec = (entity.spec ?? {}) as Partial<ModelEntitySpec>;
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  const production = productionStatus(
    entity,
    promotionsFromAnnotations(entity),
  );
  return {
    entityRef: stringifyEntityRef(entity),
    name: entity.metadata.name,
    title: text(entity.metadata.title),
    description: text(entity.metadata.description),
    type: text(spec.type),
    framework: text(spec.framework),
    lifecycle: text(spec.lifecycle),
    owner: ownerRef(entity, spec),
    system: relatedRef(entity, RELATION_PART_OF, 'System', spec.system),
    riskTier: oneOf(MODEL_RISK_TIERS, spec.riskTier),
    euAiActCategory: oneOf(EU_AI_ACT_CATEGORIES, spec.euAiActCategory),
    intendedUse: text(spec.intendedUse),
    limitations: text(spec.limitations),
    productionVersion: production.version,
    production,
    versionCount: versions.length,
    registryUrl: text(
      entity.metadata.annotations?.[MODEL_REGISTRY_URL_ANNOTATION],
    ),
    tags: entity.metadata.tags ?? [],
  };
}

/** Splits free text into paragraphs at blank lines. */
export function paragraphs(value: string | undefined): string[] {
  return (value ?? '')
    .split(/\n\s*\n/)
    .map(paragraph => paragraph.trim())
    .filter(Boolean);
}
