import { createPermission } from '@backstage/plugin-permission-common';

/** Read drift references, runs and history of models. */
export const modelopsDriftReadPermission = createPermission({
  name: 'modelops.drift.read',
  attributes: { action: 'read' },
});

/**
 * Acknowledge a drifting run (with a comment): the owning team has seen the drift and judged that
 * it needs no action now. Only users; recorded in the audit chain.
 */
export const modelopsDriftAcknowledgePermission = createPermission({
  name: 'modelops.drift.acknowledge',
  attributes: { action: 'update' },
});

/** Submit reference profiles and drift runs (monitoring pipelines, the CLI's --push). */
export const modelopsDriftSubmitPermission = createPermission({
  name: 'modelops.drift.submit',
  attributes: { action: 'create' },
});

/**
 * Export a model as a CycloneDX ML-BOM (`GET /models/:namespace/:name/bom`). The catalog's own
 * read permission still applies: the model and its lineage are read with the caller's credentials.
 */
export const modelopsModelExportPermission = createPermission({
  name: 'modelops.model.export',
  attributes: { action: 'read' },
});
