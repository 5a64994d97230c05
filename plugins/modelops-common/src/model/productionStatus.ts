import type { ModelVersion } from './ModelEntity';
import { productionVersion } from './productionVersion';

/**
 * Annotation the catalog module sets on a Model entity from the approval workflow's recorded
 * promotions: the version last promoted to production through an approved request. Any value
 * written in `catalog-info.yaml` is replaced (or removed) by the catalog module, so it cannot be
 * forged in a file.
 */
export const APPROVED_PRODUCTION_VERSION_ANNOTATION =
  'modelops.io/approved-production-version';
/** The id of the approval request behind {@link APPROVED_PRODUCTION_VERSION_ANNOTATION}. */
export const APPROVED_PRODUCTION_REQUEST_ANNOTATION =
  'modelops.io/approved-production-request';
/** When that promotion was recorded (ISO 8601). */
export const APPROVED_PRODUCTION_AT_ANNOTATION =
  'modelops.io/approved-production-at';

/** The three annotations of the recorded production promotion. */
export const APPROVED_PRODUCTION_ANNOTATIONS: readonly string[] = [
  APPROVED_PRODUCTION_VERSION_ANNOTATION,
  APPROVED_PRODUCTION_REQUEST_ANNOTATION,
  APPROVED_PRODUCTION_AT_ANNOTATION,
];

/** A promotion recorded by the approval workflow (any source: store, REST API, entity annotations). */
export interface RecordedPromotion {
  version: string;
  toStage: string;
  /** When the promotion was recorded (ISO 8601). */
  promotedAt: string;
  /** The approved request behind it, when known. */
  requestId?: string;
}

/**
 * What a model's production status is:
 * - `approved`: a promotion to production is recorded; `version` is the promoted version.
 * - `unverified`: `spec.versions` declares a version in production that no recorded promotion
 *   backs (never promoted, and newer than the last promoted version if there is one).
 * - `none`: nothing is declared in production and nothing was promoted.
 */
export type ProductionStatusKind = 'approved' | 'unverified' | 'none';

/** The one answer to "what is in production, and was it approved". */
export interface ProductionStatus {
  status: ProductionStatusKind;
  /** The version in production: the promoted one when approved, the declared one when unverified. */
  version?: string;
  /** The version `spec.versions` declares in production, if any. */
  declaredVersion?: string;
  /** The latest recorded promotion to production, if any (even when the status is unverified). */
  approved?: RecordedPromotion;
  /**
   * Approved, but `spec.versions` still declares an older version in production (or none): the
   * catalog file lags behind the recorded promotion; update `spec.versions`.
   */
  declarationOutdated: boolean;
  /** One sentence for people (UI, CLI, scorecard evidence). */
  summary: string;
}

function time(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const t = Date.parse(String(value));
  return Number.isNaN(t) ? undefined : t;
}

/**
 * Whether version `a` is older than version `b`: by the versions' `createdAt` in `spec.versions`
 * when both have one, else by comparing the version strings numerically (`3.10.0` > `3.9.1`).
 */
function isOlder(
  a: string,
  b: string,
  versions: ReadonlyArray<ModelVersion>,
): boolean {
  const ta = time(versions.find(v => v.version === a)?.createdAt);
  const tb = time(versions.find(v => v.version === b)?.createdAt);
  if (ta !== undefined && tb !== undefined && ta !== tb) return ta < tb;
  return a.localeCompare(b, 'en', { numeric: true }) < 0;
}

function declaredVersions(entity: { spec?: unknown }): ModelVersion[] {
  const spec = entity.spec;
  const versions =
    spec && typeof spec === 'object'
      ? (spec as { versions?: unknown }).versions
      : undefined;
  return Array.isArray(versions)
    ? versions.filter(
        (v): v is ModelVersion =>
          !!v &&
          typeof v === 'object' &&
          typeof (v as ModelVersion).version === 'string',
      )
    : [];
}

/**
 * The latest promotion to production among `promotions` (by `promotedAt`; order-independent).
 */
export function latestProductionPromotion(
  promotions: ReadonlyArray<RecordedPromotion>,
): RecordedPromotion | undefined {
  let latest: RecordedPromotion | undefined;
  for (const p of promotions) {
    if (p.toStage !== 'production') continue;
    if (!latest || (time(p.promotedAt) ?? 0) > (time(latest.promotedAt) ?? 0))
      latest = p;
  }
  return latest;
}

/**
 * Decides a model's production status from what its entity declares (`spec.versions[].stage`)
 * and the promotions the approval workflow recorded. The recorded promotion wins: after version
 * 3.3.0 is promoted, 3.3.0 is in production (approved) even while `catalog-info.yaml` still
 * declares 3.2.0 (`declarationOutdated`). A declared production version that no promotion backs
 * and that is not older than the last promotion is `unverified`, wherever it is shown.
 *
 * Used by the scorecard check `production-version-approved`, the Model page (versions table,
 * approvals card), the inventory and the CLI, so they all give the same answer.
 */
export function productionStatus(
  entity: { spec?: unknown },
  promotions: ReadonlyArray<RecordedPromotion>,
): ProductionStatus {
  const versions = declaredVersions(entity);
  const declaredVersion = productionVersion(entity)?.version;
  const approved = latestProductionPromotion(promotions);
  const declared = declaredVersion !== undefined ? { declaredVersion } : {};

  if (approved) {
    const request = approved.requestId
      ? ` (request ${approved.requestId})`
      : '';
    if (declaredVersion === undefined || declaredVersion === approved.version) {
      const outdated = declaredVersion === undefined;
      return {
        status: 'approved',
        version: approved.version,
        ...declared,
        approved,
        declarationOutdated: outdated,
        summary: `Version ${
          approved.version
        } is in production through an approved promotion${request} on ${approved.promotedAt.slice(
          0,
          10,
        )}${
          outdated
            ? '; spec.versions declares no production version: update it'
            : ''
        }.`,
      };
    }
    const promotedBefore = promotions.some(
      p => p.toStage === 'production' && p.version === declaredVersion,
    );
    if (
      promotedBefore ||
      isOlder(declaredVersion, approved.version, versions)
    ) {
      return {
        status: 'approved',
        version: approved.version,
        ...declared,
        approved,
        declarationOutdated: true,
        summary: `Version ${
          approved.version
        } is in production through an approved promotion${request} on ${approved.promotedAt.slice(
          0,
          10,
        )}; spec.versions still declares ${declaredVersion}: update it.`,
      };
    }
    return {
      status: 'unverified',
      version: declaredVersion,
      ...declared,
      approved,
      declarationOutdated: false,
      summary: `The catalog says version ${declaredVersion} is in production, but no approved promotion of it is recorded (the last approved production version is ${approved.version}): treat it as unverified.`,
    };
  }
  if (declaredVersion !== undefined) {
    return {
      status: 'unverified',
      version: declaredVersion,
      ...declared,
      declarationOutdated: false,
      summary: `The catalog says version ${declaredVersion} is in production, but no approved promotion is recorded: treat it as unverified.`,
    };
  }
  return {
    status: 'none',
    declarationOutdated: false,
    summary: 'No version is in production.',
  };
}

/**
 * The recorded production promotion the catalog module put on the entity
 * ({@link APPROVED_PRODUCTION_VERSION_ANNOTATION} and its siblings), as a list for
 * {@link productionStatus}: empty when the entity carries none.
 */
export function promotionsFromAnnotations(entity: {
  metadata?: { annotations?: Record<string, string> };
}): RecordedPromotion[] {
  const annotations = entity.metadata?.annotations ?? {};
  const version = annotations[APPROVED_PRODUCTION_VERSION_ANNOTATION]?.trim();
  if (!version) return [];
  const requestId = annotations[APPROVED_PRODUCTION_REQUEST_ANNOTATION]?.trim();
  return [
    {
      version,
      toStage: 'production',
      promotedAt: annotations[APPROVED_PRODUCTION_AT_ANNOTATION]?.trim() ?? '',
      ...(requestId ? { requestId } : {}),
    },
  ];
}

/**
 * The stage each declared version holds according to the recorded promotions: `production` for
 * the approved production version, `superseded` for a version promoted to production earlier,
 * undefined otherwise. For the versions table's "approved stage" column.
 */
export function approvedStageOf(
  version: string,
  status: ProductionStatus,
  promotions: ReadonlyArray<RecordedPromotion>,
): 'production' | 'superseded' | undefined {
  if (status.approved?.version === version) return 'production';
  if (promotions.some(p => p.toStage === 'production' && p.version === version))
    return 'superseded';
  return undefined;
}
