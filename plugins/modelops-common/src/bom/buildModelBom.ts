import {
  Enums,
  Models,
  Serialize,
  SPDX,
  Spec,
} from '@cyclonedx/cyclonedx-library';
import {
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { productionVersionOf } from '../model/productionVersion';
import { isHttpUrl } from '../schema/url';
import type { ModelVersion } from '../model/ModelEntity';

/*
 * A Model entity and the entities it points to, as a CycloneDX 1.6 ML-BOM.
 *
 * The BOM is built with the CycloneDX project's own library (`@cyclonedx/cyclonedx-library`):
 * components, services, licenses, external references, properties, the dependency graph and the
 * metadata are its model objects, serialised by its 1.6 JSON normalizer. Version 10 of the library
 * has no object model for three 1.6 fields this BOM needs, so they are added to its normalized JSON
 * afterwards, each in the shape of the 1.6 JSON schema: `modelCard` on the model component, `data`
 * (with `governance.owners`) on dataset components, and `pedigree.ancestors` (the `derivedFrom`
 * parent). The whole document, those fields included, is then checked against the 1.6 schema by
 * the library's validator (`validateCycloneDxBom`, node only).
 */

/** Media type of a CycloneDX JSON document. */
export const CYCLONEDX_JSON_MEDIA_TYPE = 'application/vnd.cyclonedx+json';

/** Annotation written by `modelops import`: the card's `pipeline_tag` (the model's task). */
export const PIPELINE_TAG_ANNOTATION = 'modelops.io/pipeline-tag';
/** Annotation written by `modelops import`: the card's license (SPDX id or a name). */
export const LICENSE_ANNOTATION = 'modelops.io/license';
/** Annotation written by `modelops import`: where the imported model card came from. */
export const MODEL_CARD_URL_ANNOTATION = 'modelops.io/model-card-url';
const REGISTRY_URL_ANNOTATION = 'modelops.io/registry-url';

/** A CycloneDX JSON document (the library's normalized output plus the 1.6 ML fields). */
export type CycloneDxBomJson = { [key: string]: unknown };

/** Input of {@link buildModelBom}. */
export interface ModelBomInput {
  /** The Model entity (validated by the catalog or by `validateModelEntity`). */
  model: Entity;
  /**
   * Entities the model points to that the caller can read: datasets, serving components and
   * APIs, the parent model, and the owner groups/users of all of these. Refs without an entity
   * here still appear in the BOM, by name only, with the property `modelops:resolved=false`.
   */
  related?: Entity[];
  /** `urn:uuid:…` serial number; omitted when not given (keeps the output reproducible). */
  serialNumber?: string;
  /** BOM timestamp (default now). */
  timestamp?: Date;
  /** Version of the tool written in `metadata.tools`. */
  toolVersion?: string;
}

const lower = (s: string) => s.toLocaleLowerCase('en-US');

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function refOf(
  ref: string,
  defaultKind: string | undefined,
  defaultNamespace: string,
): string | undefined {
  try {
    return lower(
      stringifyEntityRef(
        parseEntityRef(ref, { defaultKind, defaultNamespace }),
      ),
    );
  } catch {
    return undefined;
  }
}

function refList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

/** The version the BOM describes: the production one, else the last declared. */
export function describedVersionOf(
  versions: unknown,
): ModelVersion | undefined {
  const production = productionVersionOf(versions);
  if (production) return production;
  if (!Array.isArray(versions)) return undefined;
  const valid = versions.filter(
    (v): v is ModelVersion =>
      !!v && typeof v === 'object' && typeof v.version === 'string',
  );
  return valid[valid.length - 1];
}

/** A license from a card: an SPDX id when it is one (case fixed), else a named license. */
function licenseOf(value: string): Models.License {
  const id = SPDX.fixupSpdxId(value);
  return id ? new Models.SpdxLicense(id) : new Models.NamedLicense(value);
}

/** The owner of an entity as a CycloneDX data-governance party (`organization` or `contact`). */
function governanceParty(
  ownerRef: string,
  lookup: (ref: string) => Entity | undefined,
): Record<string, unknown> {
  const owner = lookup(ownerRef);
  const profile = (owner?.spec as any)?.profile ?? {};
  const name =
    str(profile.displayName) ?? str(owner?.metadata.title) ?? ownerRef;
  const email = str(profile.email);
  if (parseEntityRef(ownerRef).kind === 'user') {
    return { contact: { name, ...(email ? { email } : {}) } };
  }
  return {
    organization: {
      name,
      ...(email ? { contact: [{ name, email }] } : {}),
    },
  };
}

function prop(name: string, value: string | undefined) {
  return value === undefined ? [] : [new Models.Property(name, value)];
}

/**
 * Builds a CycloneDX 1.6 ML-BOM for a Model entity and its lineage: the model as
 * `metadata.component` (`machine-learning-model`, with a `modelCard`), its training datasets as
 * `data` components with their owners, serving components as `application` components (APIs as
 * `services`), `dependsOn` refs as components, `derivedFrom` as `pedigree.ancestors`, and the
 * dependency graph. bom-refs are the lower-cased entity refs. Pure: no I/O.
 */
export function buildModelBom(input: ModelBomInput): CycloneDxBomJson {
  const { model } = input;
  const spec = (model.spec ?? {}) as Record<string, any>;
  const annotations = model.metadata.annotations ?? {};
  const namespace = model.metadata.namespace ?? 'default';
  const modelRef = lower(stringifyEntityRef(model));
  const byRef = new Map<string, Entity>();
  for (const e of input.related ?? []) {
    byRef.set(lower(stringifyEntityRef(e)), e);
  }
  const lookup = (ref: string) => byRef.get(ref);
  const ownerOf = (e: Entity | undefined) => {
    const owner = str((e?.spec as any)?.owner);
    return owner
      ? refOf(owner, 'Group', e?.metadata.namespace ?? 'default')
      : undefined;
  };

  const bom = new Models.Bom();
  if (input.serialNumber) bom.serialNumber = input.serialNumber;
  bom.metadata.timestamp = input.timestamp ?? new Date();
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, 'modelops', {
      group: 'modelops-for-backstage',
      version: input.toolVersion,
      description: 'ModelOps for Backstage (modelops bom)',
    }),
  );

  // The model.
  const described = describedVersionOf(spec.versions);
  const modelComponent = new Models.Component(
    Enums.ComponentType.MachineLearningModel,
    model.metadata.name,
    {
      bomRef: modelRef,
      version: described?.version,
      description: str(model.metadata.description) ?? str(model.metadata.title),
      group: namespace === 'default' ? undefined : namespace,
    },
  );
  const license = str(annotations[LICENSE_ANNOTATION]);
  if (license) modelComponent.licenses.add(licenseOf(license));
  const owner = refOf(str(spec.owner) ?? '', 'Group', namespace);
  if (owner) {
    const ownerEntity = lookup(owner);
    modelComponent.supplier = new Models.OrganizationalEntity({
      name:
        str((ownerEntity?.spec as any)?.profile?.displayName) ??
        str(ownerEntity?.metadata.title) ??
        owner,
    });
  }
  const registryUrl = str(annotations[REGISTRY_URL_ANNOTATION]);
  if (registryUrl && isHttpUrl(registryUrl)) {
    modelComponent.externalReferences.add(
      new Models.ExternalReference(
        registryUrl,
        Enums.ExternalReferenceType.Distribution,
        { comment: 'model registry' },
      ),
    );
  }
  const cardUrl = str(annotations[MODEL_CARD_URL_ANNOTATION]);
  if (cardUrl && isHttpUrl(cardUrl)) {
    modelComponent.externalReferences.add(
      new Models.ExternalReference(
        cardUrl,
        Enums.ExternalReferenceType.ModelCard,
      ),
    );
  }
  const runUrl = str(described?.runUrl);
  if (runUrl && isHttpUrl(runUrl)) {
    modelComponent.externalReferences.add(
      new Models.ExternalReference(
        runUrl,
        Enums.ExternalReferenceType.BuildMeta,
        {
          comment: `training run of version ${described?.version}`,
        },
      ),
    );
  }
  [
    ...prop('modelops:entityRef', modelRef),
    ...prop('modelops:type', str(spec.type)),
    ...prop('modelops:lifecycle', str(spec.lifecycle)),
    ...prop('modelops:owner', owner),
    ...prop('modelops:system', str(spec.system)),
    ...prop('modelops:framework', str(spec.framework)),
    ...prop('modelops:riskTier', str(spec.riskTier)),
    ...prop('modelops:euAiActCategory', str(spec.euAiActCategory)),
    ...prop('modelops:stage', str(described?.stage)),
    ...prop('modelops:createdAt', str(described?.createdAt)),
    ...prop('modelops:artifact', str(described?.artifact)),
    ...(Array.isArray(spec.versions)
      ? spec.versions
          .filter((v: any) => v && typeof v.version === 'string')
          .map(
            (v: any) =>
              new Models.Property(
                'modelops:version',
                `${v.version} (${String(v.stage)})`,
              ),
          )
      : []),
  ].forEach(p => modelComponent.properties.add(p));
  bom.metadata.component = modelComponent;

  // Training data: `data` components (their `data` field is added after normalization).
  const datasetRefs = unique(
    refList(spec.trainingData)
      .map(r => refOf(r, 'Resource', namespace))
      .filter(isDefined),
  ).filter(r => r !== modelRef);
  const servingRefs = unique(
    refList(spec.servedBy)
      .map(r => refOf(r, 'Component', namespace))
      .filter(isDefined),
  ).filter(r => r !== modelRef && !datasetRefs.includes(r));
  const dependsOnRefs = unique(
    refList(spec.dependsOn)
      .map(r => refOf(r, undefined, namespace))
      .filter(isDefined),
  ).filter(
    r => !datasetRefs.includes(r) && !servingRefs.includes(r) && r !== modelRef,
  );

  const componentFor = (ref: string, type: Enums.ComponentType) => {
    const entity = lookup(ref);
    const parsed = parseEntityRef(ref);
    const component = new Models.Component(type, parsed.name, {
      bomRef: ref,
      description: str(entity?.metadata.description),
      group: parsed.namespace === 'default' ? undefined : parsed.namespace,
    });
    [
      ...prop('modelops:entityRef', ref),
      ...prop('modelops:resolved', entity ? undefined : 'false'),
      ...prop('modelops:owner', ownerOf(entity)),
      ...prop('modelops:type', str((entity?.spec as any)?.type)),
      ...prop('modelops:lifecycle', str((entity?.spec as any)?.lifecycle)),
    ].forEach(p => component.properties.add(p));
    return component;
  };

  for (const ref of datasetRefs) {
    const dataset = componentFor(ref, Enums.ComponentType.Data);
    bom.components.add(dataset);
    modelComponent.dependencies.add(dataset.bomRef);
  }
  for (const ref of dependsOnRefs) {
    if (parseEntityRef(ref).kind === 'api') {
      const service = serviceFor(ref, lookup(ref), ownerOf(lookup(ref)));
      bom.services.add(service);
      modelComponent.dependencies.add(service.bomRef);
    } else {
      const kind = parseEntityRef(ref).kind;
      const component = componentFor(
        ref,
        kind === 'resource'
          ? Enums.ComponentType.Platform
          : Enums.ComponentType.Application,
      );
      bom.components.add(component);
      modelComponent.dependencies.add(component.bomRef);
    }
  }
  // Serving: the component or API depends on the model it serves.
  for (const ref of servingRefs) {
    if (parseEntityRef(ref).kind === 'api') {
      const service = serviceFor(ref, lookup(ref), ownerOf(lookup(ref)));
      service.dependencies.add(modelComponent.bomRef);
      bom.services.add(service);
    } else {
      const component = componentFor(ref, Enums.ComponentType.Application);
      component.dependencies.add(modelComponent.bomRef);
      bom.components.add(component);
    }
  }

  const json = new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6)
    .makeForBom()
    .normalize(bom, { sortLists: true }) as unknown as CycloneDxBomJson;

  // The 1.6 fields the library's object model does not cover.
  const metadata = json.metadata as Record<string, any>;
  metadata.component.modelCard = modelCardOf(model, described, datasetRefs);
  const ancestor = refOf(str(spec.derivedFrom) ?? '', 'Model', namespace);
  // bom-refs are unique in a BOM: a parent that is also listed elsewhere keeps only its name here.
  const used = new Set([
    modelRef,
    ...datasetRefs,
    ...servingRefs,
    ...dependsOnRefs,
  ]);
  if (ancestor) {
    const parent = lookup(ancestor);
    const parsed = parseEntityRef(ancestor);
    const parentVersion = describedVersionOf((parent?.spec as any)?.versions);
    metadata.component.pedigree = {
      ancestors: [
        {
          type: 'machine-learning-model',
          ...(used.has(ancestor) ? {} : { 'bom-ref': ancestor }),
          name: parsed.name,
          ...(parentVersion ? { version: parentVersion.version } : {}),
          ...(str(parent?.metadata.description)
            ? { description: str(parent?.metadata.description) }
            : {}),
          properties: [
            { name: 'modelops:entityRef', value: ancestor },
            ...(parent ? [] : [{ name: 'modelops:resolved', value: 'false' }]),
          ],
        },
      ],
    };
  }
  for (const component of (json.components ?? []) as Array<
    Record<string, any>
  >) {
    if (component.type !== 'data') continue;
    const ref = component['bom-ref'] as string;
    const entity = lookup(ref);
    const dataOwner = ownerOf(entity);
    component.data = [
      {
        type: 'dataset',
        name: component.name,
        ...(str(entity?.metadata.description)
          ? { description: str(entity?.metadata.description) }
          : {}),
        ...(dataOwner
          ? { governance: { owners: [governanceParty(dataOwner, lookup)] } }
          : {}),
      },
    ];
  }
  return json;
}

function serviceFor(
  ref: string,
  entity: Entity | undefined,
  owner: string | undefined,
): Models.Service {
  const parsed = parseEntityRef(ref);
  const service = new Models.Service(parsed.name, {
    bomRef: ref,
    description: str(entity?.metadata.description),
    group: parsed.namespace === 'default' ? undefined : parsed.namespace,
  });
  [
    ...prop('modelops:entityRef', ref),
    ...prop('modelops:resolved', entity ? undefined : 'false'),
    ...prop('modelops:owner', owner),
  ].forEach(p => service.properties.add(p));
  return service;
}

/** The CycloneDX `modelCard` of a Model entity. */
function modelCardOf(
  model: Entity,
  described: ModelVersion | undefined,
  datasetRefs: string[],
): Record<string, unknown> {
  const spec = (model.spec ?? {}) as Record<string, any>;
  const task =
    str(model.metadata.annotations?.[PIPELINE_TAG_ANNOTATION]) ??
    str(spec.type);
  const modelParameters = {
    ...(task ? { task } : {}),
    ...(datasetRefs.length > 0
      ? { datasets: datasetRefs.map(ref => ({ ref })) }
      : {}),
  };
  const metrics = Object.entries(described?.metrics ?? {}).filter(
    ([, v]) => typeof v === 'number' && Number.isFinite(v),
  );
  const intendedUse = str(spec.intendedUse);
  const limitations = str(spec.limitations);
  const considerations = {
    ...(intendedUse ? { useCases: [intendedUse] } : {}),
    ...(limitations ? { technicalLimitations: [limitations] } : {}),
  };
  const properties = [
    ...(str(spec.riskTier)
      ? [{ name: 'modelops:riskTier', value: str(spec.riskTier) }]
      : []),
    ...(str(spec.euAiActCategory)
      ? [{ name: 'modelops:euAiActCategory', value: str(spec.euAiActCategory) }]
      : []),
  ];
  return {
    ...(Object.keys(modelParameters).length > 0 ? { modelParameters } : {}),
    ...(metrics.length > 0
      ? {
          quantitativeAnalysis: {
            performanceMetrics: metrics
              .sort(([a], [b]) => a.localeCompare(b, 'en'))
              .map(([type, value]) => ({ type, value: String(value) })),
          },
        }
      : {}),
    ...(Object.keys(considerations).length > 0 ? { considerations } : {}),
    ...(properties.length > 0 ? { properties } : {}),
  };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
