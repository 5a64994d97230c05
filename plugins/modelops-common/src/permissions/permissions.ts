import { createPermission } from '@backstage/plugin-permission-common';

/** Read drift references, runs and history of models. */
export const modelopsDriftReadPermission = createPermission({
  name: 'modelops.drift.read',
  attributes: { action: 'read' },
});

/** Submit reference profiles and drift runs (monitoring pipelines, the CLI's --push). */
export const modelopsDriftSubmitPermission = createPermission({
  name: 'modelops.drift.submit',
  attributes: { action: 'create' },
});
