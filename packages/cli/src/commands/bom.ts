import { Command } from 'commander';
import fs from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Entity } from '@backstage/catalog-model';
import {
  buildModelBom,
  CYCLONEDX_JSON_MEDIA_TYPE,
  CycloneDxBomJson,
  formatProblem,
  isModelEntity,
  validateCycloneDxBom,
  validateModelEntity,
} from '@modelops/plugin-modelops-common';
import { parseAllDocuments } from 'yaml';
import { fetchFromPortal } from './portalFetch';

/** Options of `modelops bom`. */
export interface BomOptions {
  /** A local catalog-info.yaml (offline): the model and any entities of the same file. */
  file?: string;
  /** Which Model of the file (`name` or a ref), when it holds several. */
  ref?: string;
  /** Base URL of the Backstage backend, to fetch `/api/modelops/models/:ns/:name/bom`. */
  portal?: string;
  token?: string;
  toolVersion?: string;
  fetchImpl?: typeof fetch;
  now?: Date;
}

/** A BOM-command failure: the message names the option and the fix. */
export class BomCommandError extends Error {}

/** Builds the BOM of a Model from a local YAML file (other entities of the file fill in lineage). */
export function bomFromYaml(
  file: string,
  text: string,
  options: Pick<BomOptions, 'ref' | 'toolVersion' | 'now'> = {},
): CycloneDxBomJson {
  const entities: Entity[] = [];
  parseAllDocuments(text).forEach((doc, index) => {
    if (doc.errors.length > 0) {
      throw new BomCommandError(
        `${file}: document ${index + 1} is not valid YAML (${
          doc.errors[0].message.split('\n')[0]
        })`,
      );
    }
    const value = doc.toJS();
    if (
      value &&
      typeof value === 'object' &&
      typeof value.kind === 'string' &&
      typeof value.metadata?.name === 'string'
    ) {
      entities.push(value);
    }
  });
  const models = entities.filter(isModelEntity);
  let model: Entity | undefined;
  if (options.ref) {
    const wanted = parseEntityRef(options.ref, {
      defaultKind: 'model',
      defaultNamespace: 'default',
    });
    model = models.find(
      m =>
        m.metadata.name.toLocaleLowerCase('en-US') ===
          wanted.name.toLocaleLowerCase('en-US') &&
        (m.metadata.namespace ?? 'default').toLocaleLowerCase('en-US') ===
          wanted.namespace.toLocaleLowerCase('en-US'),
    );
    if (!model) {
      throw new BomCommandError(
        `${file}: no Model ${stringifyEntityRef(wanted)}; it holds ${
          models.map(m => m.metadata.name).join(', ') || 'no Model'
        }`,
      );
    }
  } else if (models.length === 1) {
    model = models[0];
  } else {
    throw new BomCommandError(
      models.length === 0
        ? `${file}: holds no kind: Model entity`
        : `${file}: holds ${models.length} Models (${models
            .map(m => m.metadata.name)
            .join(', ')}); name one as the argument`,
    );
  }
  const validation = validateModelEntity(model);
  if (!validation.valid) {
    throw new BomCommandError(
      `${file}: model ${model.metadata.name} is not valid: ${validation.problems
        .map(formatProblem)
        .join('; ')} (run yarn modelops validate ${file})`,
    );
  }
  return buildModelBom({
    model,
    related: entities.filter(e => e !== model),
    serialNumber: `urn:uuid:${randomUUID()}`,
    timestamp: options.now,
    toolVersion: options.toolVersion,
  });
}

/** Fetches a model's BOM from the portal's `/api/modelops/models/:namespace/:name/bom`. */
export async function bomFromPortal(
  ref: string,
  options: BomOptions & { portal: string },
): Promise<CycloneDxBomJson> {
  let parsed;
  try {
    parsed = parseEntityRef(ref, {
      defaultKind: 'model',
      defaultNamespace: 'default',
    });
  } catch {
    throw new BomCommandError(
      `<entity ref>: "${ref}" is not an entity reference; write model:default/name or name`,
    );
  }
  const base = options.portal
    .replace(/\/+$/, '')
    .replace(/\/api\/modelops$/, '');
  const url = `${base}/api/modelops/models/${encodeURIComponent(
    parsed.namespace,
  )}/${encodeURIComponent(parsed.name)}/bom`;
  const res = await fetchFromPortal(url, base, {
    accept: `${CYCLONEDX_JSON_MEDIA_TYPE}, application/json`,
    token: options.token,
    fetchImpl: options.fetchImpl,
  });
  if ('problem' in res) throw new BomCommandError(res.problem);
  if (res.status === 401 || res.status === 403) {
    throw new BomCommandError(
      `--portal: ${base} refused the request (${res.status}); pass a Backstage token with --token or MODELOPS_TOKEN that may read the model`,
    );
  }
  if (res.status === 404) {
    throw new BomCommandError(
      `--portal: ${base} has no ${stringifyEntityRef(
        parsed,
      )} in its catalog (404); check the namespace and name, or build it offline with --file`,
    );
  }
  if (!res.ok) {
    throw new BomCommandError(
      `--portal: ${url} answered ${res.status} ${res.statusText}`,
    );
  }
  try {
    return (await res.json()) as CycloneDxBomJson;
  } catch {
    throw new BomCommandError(
      `--portal: ${url} did not answer JSON; is ${base} the Backstage backend?`,
    );
  }
}

/** Runs `modelops bom`; returns the exit code. */
export async function runBom(
  ref: string | undefined,
  options: BomOptions & { output?: string },
  out: (text: string) => void = t => process.stdout.write(t),
  err: (line: string) => void = l => process.stderr.write(`${l}\n`),
): Promise<number> {
  let bom: CycloneDxBomJson;
  try {
    if (options.file && options.portal) {
      throw new BomCommandError(
        'give either --file (offline) or --portal (from the catalog), not both',
      );
    }
    if (options.file) {
      let text: string;
      try {
        text = await fs.readFile(options.file, 'utf8');
      } catch (e: any) {
        throw new BomCommandError(
          `--file: cannot read ${options.file} (${
            e.code ?? e.message
          }); check the path`,
        );
      }
      bom = bomFromYaml(options.file, text, { ...options, ref });
    } else if (options.portal) {
      if (!ref) {
        throw new BomCommandError(
          '<entity ref>: which model? e.g. yarn modelops bom model:default/churn --portal <url>',
        );
      }
      bom = await bomFromPortal(ref, { ...options, portal: options.portal });
    } else {
      throw new BomCommandError(
        'give --file catalog-info.yaml (offline) or <entity ref> --portal <url>',
      );
    }
  } catch (e) {
    if (e instanceof BomCommandError) {
      err(`error: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const problems = await validateCycloneDxBom(bom);
  const text = `${JSON.stringify(bom, null, 2)}\n`;
  if (options.output) {
    await fs.writeFile(options.output, text, 'utf8');
  } else {
    out(text);
  }
  if (problems.length > 0) {
    for (const p of problems) {
      err(`invalid CycloneDX 1.6: ${p.path} ${p.message}`);
    }
    return 1;
  }
  const component = (bom.metadata as any)?.component;
  const count = (n: number, what: string) =>
    `${n} ${what}${n === 1 ? '' : 's'}`;
  err(
    `ok: CycloneDX 1.6 ML-BOM of ${
      component?.['bom-ref'] ?? component?.name
    } (${count(
      ((bom.components as unknown[]) ?? []).length,
      'component',
    )}, ${count(
      ((bom.services as unknown[]) ?? []).length,
      'service',
    )}) validates against the CycloneDX 1.6 schema${
      options.output ? `; written to ${options.output}` : ''
    }`,
  );
  return 0;
}

/** Registers `modelops bom`. */
export function registerBomCommand(program: Command, toolVersion?: string) {
  program
    .command('bom')
    .description(
      'Export a Model with its lineage as a CycloneDX 1.6 ML-BOM (JSON), validated against the CycloneDX schema. Offline from a catalog-info.yaml (--file) or from the portal (--portal).',
    )
    .argument(
      '[entity-ref]',
      'the model (model:default/name or name); with --file, which Model of the file',
    )
    .option('--file <catalog-info.yaml>', 'build offline from this file')
    .option('--portal <url>', 'Backstage backend base URL')
    .option(
      '--token <token>',
      'Backstage token for --portal (default $MODELOPS_TOKEN)',
    )
    .option('-o, --output <file>', 'write the BOM here instead of stdout')
    .action(
      async (
        ref: string | undefined,
        opts: {
          file?: string;
          portal?: string;
          token?: string;
          output?: string;
        },
      ) => {
        process.exitCode = await runBom(ref, {
          ...opts,
          token: opts.token ?? process.env.MODELOPS_TOKEN,
          toolVersion,
        });
      },
    );
}
