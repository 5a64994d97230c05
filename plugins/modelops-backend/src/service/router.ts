import { LoggerService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { MODEL_API_VERSION } from '@modelops/plugin-modelops-common';

/** Dependencies of the modelops router. */
export interface RouterOptions {
  logger: LoggerService;
}

/** Builds the express router of `/api/modelops`. HTTP parsing and checks live here; logic lives in stores and services. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  router.use(express.json({ limit: '10mb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', modelApiVersion: MODEL_API_VERSION });
  });

  options.logger.debug('modelops router ready');
  return router;
}
