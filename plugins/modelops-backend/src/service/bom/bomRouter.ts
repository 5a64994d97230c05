import {
  CYCLONEDX_JSON_MEDIA_TYPE,
  modelopsModelExportPermission,
} from '@modelops/plugin-modelops-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { Response } from 'express';
import type { ModelopsApiRouter } from '../../schema/openapi/types';
import type { Authorize } from '../authorize';
import { ModelBomService } from './ModelBomService';

/**
 * `GET /api/modelops/models/:namespace/:name/bom`: the model and its lineage as a CycloneDX 1.6
 * ML-BOM. Checks `modelops.model.export`, then reads the catalog with the caller's credentials
 * (so an entity the caller may not read is a 404, and hidden lineage is named only). See
 * docs/model-cards.md.
 */
export function addBomRoutes(
  router: ModelopsApiRouter,
  options: { service: ModelBomService; authorize: Authorize },
): void {
  const { service, authorize } = options;
  router.get('/models/:namespace/:name/bom', async (req, res) => {
    const caller = await authorize(req, modelopsModelExportPermission);
    const entityRef = stringifyEntityRef({
      kind: 'model',
      namespace: req.params.namespace,
      name: req.params.name,
    }).toLocaleLowerCase('en-US');
    const { model, bom } = await service.modelBom(
      entityRef,
      caller.credentials,
    );
    // The entity's own name (catalog-validated: [a-zA-Z0-9._-]), never the raw URL parameter.
    const fileName = `${model.metadata.name}.cdx.json`;
    // attachment() sets a type from the file extension: the CycloneDX type goes after it.
    (res as unknown as Response)
      .attachment(fileName)
      .type(CYCLONEDX_JSON_MEDIA_TYPE)
      .setHeader('Cache-Control', 'private, no-store');
    (res as unknown as Response).send(JSON.stringify(bom, null, 2));
  });
}
