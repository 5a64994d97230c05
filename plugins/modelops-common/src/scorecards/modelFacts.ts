import type { Entity } from '@backstage/catalog-model';
import type { ModelVersion } from '../model';
import { productionVersion } from '../model/productionVersion';

/** Annotation holding the date of the model's last periodic review (ISO 8601 date). */
export const LAST_REVIEW_DATE_ANNOTATION = 'modelops.io/last-review-date';
/** Backstage's TechDocs annotation. */
export const TECHDOCS_REF_ANNOTATION = 'backstage.io/techdocs-ref';

/** The entity's spec as a loose record (checks must cope with invalid or partial entities). */
export function specOf(entity: Entity): Record<string, unknown> {
  const spec = entity.spec;
  return spec && typeof spec === 'object' && !Array.isArray(spec)
    ? (spec as Record<string, unknown>)
    : {};
}

/** `spec.versions`, keeping only well-formed items. */
export function versionsOf(entity: Entity): ModelVersion[] {
  const versions = specOf(entity).versions;
  if (!Array.isArray(versions)) return [];
  return versions.filter(
    (v): v is ModelVersion =>
      !!v &&
      typeof v === 'object' &&
      typeof (v as ModelVersion).version === 'string',
  );
}

/** A model is in production when its lifecycle says so or one of its versions is in production. */
export function isInProduction(entity: Entity): boolean {
  return (
    specOf(entity).lifecycle === 'production' ||
    productionVersion(entity) !== undefined
  );
}

/** A non-empty trimmed string, or undefined. */
export function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : undefined;
}

/** A non-empty list of strings, or an empty list. */
export function refsOf(value: unknown): string[] {
  if (typeof value === 'string' && value.trim()) return [value.trim()];
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    : [];
}

/** Adds calendar months in UTC. */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

/** Parses an ISO 8601 date or date-time; undefined when it is not one. */
export function parseIsoDate(value: unknown): Date | undefined {
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? undefined : value;
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim())
  ) {
    return undefined;
  }
  const d = new Date(value.trim());
  return Number.isNaN(d.getTime()) ? undefined : d;
}
