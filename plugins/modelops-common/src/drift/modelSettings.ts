/*
 * The drift settings a Model entity declares, read the same way by the portal (when it evaluates
 * a window) and by the CLI (`modelops drift --entity catalog-info.yaml`), so both use the same
 * methods, thresholds and verdict rules.
 */
import { DriftSettings, parseDriftSettings } from './settings';

/**
 * The validated `spec.monitoring.drift` of a Model entity; `{}` (the engine's defaults) when it
 * declares none.
 *
 * @throws DriftSettingsError naming each invalid field as `spec.monitoring.drift.…`
 */
export function modelDriftSettings(entity: { spec?: unknown }): DriftSettings {
  const spec = entity.spec as { monitoring?: { drift?: unknown } } | undefined;
  const raw =
    spec && typeof spec === 'object' ? spec.monitoring?.drift : undefined;
  return parseDriftSettings(raw ?? {}, 'spec.monitoring.drift');
}
