/**
 * Relation types that are specific to Model entities. Each pair is emitted in both directions
 * by the catalog module. Standard Backstage relations (ownedBy/ownerOf, partOf/hasPart,
 * dependsOn/dependencyOf) are used for `spec.owner`, `spec.system` and `spec.dependsOn`.
 */

/** Model -> data source it was trained on (`spec.trainingData`). */
export const RELATION_TRAINED_ON = 'trainedOn';
/** Data source -> model trained on it. Reverse of {@link RELATION_TRAINED_ON}. */
export const RELATION_TRAINING_DATA_OF = 'trainingDataOf';
/** Model -> service or API that serves it (`spec.servedBy`). */
export const RELATION_SERVED_BY = 'servedBy';
/** Service or API -> model it serves. Reverse of {@link RELATION_SERVED_BY}. */
export const RELATION_SERVES = 'serves';
/** Model -> parent model it was derived from (`spec.derivedFrom`: fine-tune, distillation, retrain). */
export const RELATION_DERIVED_FROM = 'derivedFrom';
/** Parent model -> derived model (`hasDerivative`, not Backstage's `parentOf`, which is the group hierarchy). Reverse of {@link RELATION_DERIVED_FROM}. */
export const RELATION_HAS_DERIVATIVE = 'hasDerivative';

/** A relation pair: the forward type, its reverse, and human titles (used by catalog-graph). */
export interface ModelRelationPair {
  forward: string;
  reverse: string;
  title: string;
  reverseTitle: string;
}

/** The custom relation pairs of the Model kind. */
export const MODEL_RELATION_PAIRS: ModelRelationPair[] = [
  {
    forward: RELATION_TRAINED_ON,
    reverse: RELATION_TRAINING_DATA_OF,
    title: 'trained on',
    reverseTitle: 'training data of',
  },
  {
    forward: RELATION_SERVED_BY,
    reverse: RELATION_SERVES,
    title: 'served by',
    reverseTitle: 'serves',
  },
  {
    forward: RELATION_DERIVED_FROM,
    reverse: RELATION_HAS_DERIVATIVE,
    title: 'derived from',
    reverseTitle: 'has derivative',
  },
];

/** Every custom relation type of the Model kind (both directions). */
export const MODEL_RELATION_TYPES: string[] = MODEL_RELATION_PAIRS.flatMap(
  p => [p.forward, p.reverse],
);

/**
 * The entity-reference fields of a Model's spec, the kind a short ref defaults to,
 * and the relation pair each emits.
 */
export const MODEL_REF_FIELDS = [
  {
    field: 'owner',
    defaultKind: 'Group',
    many: false,
    forward: 'ownedBy',
    reverse: 'ownerOf',
  },
  {
    field: 'system',
    defaultKind: 'System',
    many: false,
    forward: 'partOf',
    reverse: 'hasPart',
  },
  {
    field: 'trainingData',
    defaultKind: 'Resource',
    many: true,
    forward: RELATION_TRAINED_ON,
    reverse: RELATION_TRAINING_DATA_OF,
  },
  {
    field: 'servedBy',
    defaultKind: 'Component',
    many: true,
    forward: RELATION_SERVED_BY,
    reverse: RELATION_SERVES,
  },
  {
    field: 'derivedFrom',
    defaultKind: 'Model',
    many: false,
    forward: RELATION_DERIVED_FROM,
    reverse: RELATION_HAS_DERIVATIVE,
  },
  {
    field: 'dependsOn',
    defaultKind: undefined,
    many: true,
    forward: 'dependsOn',
    reverse: 'dependencyOf',
  },
] as const;
