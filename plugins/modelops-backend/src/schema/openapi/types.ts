import type { createOpenApiRouter } from './generated';

/** The typed router of the modelops API: only paths of `openapi.yaml` can be registered on it. */
export type ModelopsApiRouter = Awaited<ReturnType<typeof createOpenApiRouter>>;
