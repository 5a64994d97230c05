import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { DatasetDriftResult } from '@modelops/plugin-modelops-common';

/** Options of `modelops drift --push`. */
export interface DriftPushOptions {
  /** Model entity ref, e.g. model:default/credit-default-scorer (a bare name means namespace default). */
  model: string;
  /** Base URL of the Backstage backend, e.g. http://localhost:7007. */
  url: string;
  /** A Backstage token (e.g. a static externalAccess token). */
  token?: string;
  runId?: string;
  windowStart?: string;
  windowEnd?: string;
  modelVersion?: string;
}

/** A push failure; the message says what to fix. */
export class DriftPushError extends Error {}

/** Parses `model:ns/name`, `ns/name` or `name` into its namespace and name. */
export function parseModelRef(ref: string): {
  namespace: string;
  name: string;
} {
  const m = /^(?:model:)?(?:([a-z0-9_.-]+)\/)?([A-Za-z0-9_.-]+)$/i.exec(
    ref.trim(),
  );
  if (!m || (ref.includes(':') && !/^model:/i.test(ref.trim()))) {
    throw new DriftPushError(
      `--model must be a Model entity ref like model:default/credit-default-scorer (got "${ref}")`,
    );
  }
  return { namespace: m[1] ?? 'default', name: m[2] };
}

/** Default run id: a hash of both input files, so re-pushing the same window is idempotent. */
export async function defaultRunId(
  referenceFile: string,
  currentFile: string,
): Promise<string> {
  const hash = createHash('sha256');
  for (const file of [referenceFile, currentFile]) {
    hash.update(await fs.readFile(file));
    hash.update('\0');
  }
  return `cli-${hash.digest('hex').slice(0, 20)}`;
}

/** Sends a computed report to `/api/modelops/drift/models/:ns/:name/runs`. */
export async function pushDriftReport(
  report: DatasetDriftResult,
  opts: DriftPushOptions & { runId: string },
  fetchImpl: typeof fetch = fetch,
): Promise<{ created: boolean; runId: string; datasetDrift: boolean }> {
  const { namespace, name } = parseModelRef(opts.model);
  let base: URL;
  try {
    base = new URL(opts.url);
  } catch {
    throw new DriftPushError(
      `--url must be the backend's base URL, e.g. http://localhost:7007 (got "${opts.url}")`,
    );
  }
  const endpoint = new URL(
    `${base.pathname.replace(
      /\/$/,
      '',
    )}/api/modelops/drift/models/${encodeURIComponent(
      namespace,
    )}/${encodeURIComponent(name)}/runs`,
    base,
  );
  const body = {
    runId: opts.runId,
    ...(opts.windowStart ? { windowStart: opts.windowStart } : {}),
    ...(opts.windowEnd ? { windowEnd: opts.windowEnd } : {}),
    ...(opts.modelVersion ? { modelVersion: opts.modelVersion } : {}),
    report,
  };
  let res: Response;
  try {
    res = await fetchImpl(endpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}),
      },
      body: JSON.stringify(body),
    });
  } catch (e: any) {
    throw new DriftPushError(
      `could not reach ${endpoint.origin} (${
        e?.cause?.code ?? e?.message
      }); check --url and that the backend is running`,
    );
  }
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (res.status === 401) {
    throw new DriftPushError(
      `the backend refused the request (401): pass a valid token with --token or MODELOPS_TOKEN`,
    );
  }
  if (!res.ok) {
    throw new DriftPushError(
      `the backend answered ${res.status}: ${
        json?.error?.message ?? text.slice(0, 300)
      }`,
    );
  }
  return {
    created: !!json?.created,
    runId: json?.run?.runId ?? opts.runId,
    datasetDrift: !!json?.run?.datasetDrift,
  };
}
