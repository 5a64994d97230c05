import type { Entity } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { ModelExportFormat } from './exportFormats';

/** A fetched export: its bytes and the file name the backend gave it. */
export interface ModelExport {
  blob: Blob;
  fileName: string;
}

/** The file name of a Content-Disposition header (`attachment; filename="x.md"`), if any. */
export function fileNameOf(disposition: string | null): string | undefined {
  const match = disposition?.match(/filename="([^"\\/]+)"/);
  return match?.[1];
}

/**
 * Fetches a Model's export with the user's Backstage token (`fetchApi`), so the backend checks
 * the user's permissions; non-2xx answers become `ResponseError`s carrying the server's message.
 */
export class ModelExportClient {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async fetchExport(
    entity: Entity,
    format: ModelExportFormat,
  ): Promise<ModelExport> {
    const ns = encodeURIComponent(entity.metadata.namespace ?? 'default');
    const name = encodeURIComponent(entity.metadata.name);
    const base = await this.deps.discoveryApi.getBaseUrl('modelops');
    const response = await this.deps.fetchApi.fetch(
      `${base}${format.path(ns, name)}`,
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return {
      blob: await response.blob(),
      fileName:
        fileNameOf(response.headers.get('content-disposition')) ??
        format.fileName(
          entity.metadata.namespace ?? 'default',
          entity.metadata.name,
        ),
    };
  }
}

/** Saves a blob as a file through a temporary `<a download>`. */
export function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL is revoked.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
