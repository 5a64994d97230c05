import { Command } from 'commander';
import fs from 'node:fs/promises';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EVIDENCE_FORMATS,
  EvidenceFormat,
  evidenceFileName,
} from '@modelops/plugin-modelops-common';
import { fetchFromPortal } from './portalFetch';

/** Options of `modelops evidence`. */
export interface EvidenceOptions {
  /** Base URL of the Backstage backend (`/api/modelops` may be included). */
  portal?: string;
  /** Backstage token sent as a bearer token. */
  token?: string;
  /** `markdown` (default) or `html`. */
  format?: string;
  /** Write here instead of stdout; a directory gets the portal's file name. */
  output?: string;
  fetchImpl?: typeof fetch;
}

/** An evidence-command failure: the message names the option and the fix. */
export class EvidenceCommandError extends Error {}

const ACCEPT: Record<EvidenceFormat, string> = {
  markdown: 'text/markdown',
  html: 'text/html',
};

/**
 * Fetches a model's evidence pack from `GET /api/modelops/models/:namespace/:name/evidence`
 * (docs/evidence.md); the portal assembles it, so the CLI shows exactly what the portal shows.
 */
export async function evidenceFromPortal(
  ref: string,
  options: EvidenceOptions & { portal: string; format: EvidenceFormat },
): Promise<{ text: string; fileName: string; auditChainBroken: boolean }> {
  let parsed;
  try {
    parsed = parseEntityRef(ref, {
      defaultKind: 'model',
      defaultNamespace: 'default',
    });
  } catch {
    throw new EvidenceCommandError(
      `<entity ref>: "${ref}" is not an entity reference; write model:default/name or name`,
    );
  }
  if (parsed.kind.toLocaleLowerCase('en-US') !== 'model') {
    throw new EvidenceCommandError(
      `<entity ref>: ${stringifyEntityRef(
        parsed,
      )} is not a Model; evidence packs are made for kind Model`,
    );
  }
  const base = options.portal
    .replace(/\/+$/, '')
    .replace(/\/api\/modelops$/, '');
  const url = `${base}/api/modelops/models/${encodeURIComponent(
    parsed.namespace,
  )}/${encodeURIComponent(parsed.name)}/evidence?format=${options.format}`;
  const res = await fetchFromPortal(url, base, {
    accept: ACCEPT[options.format],
    token: options.token,
    fetchImpl: options.fetchImpl,
  });
  if ('problem' in res) throw new EvidenceCommandError(res.problem);
  if (res.status === 401 || res.status === 403) {
    throw new EvidenceCommandError(
      `--portal: ${base} refused the request (${res.status}); pass a Backstage token with --token or MODELOPS_TOKEN that may read approvals (modelops.approval.read) and the model`,
    );
  }
  if (res.status === 404) {
    throw new EvidenceCommandError(
      `--portal: ${base} has no ${stringifyEntityRef(
        parsed,
      )} in its catalog (404); check the namespace and name`,
    );
  }
  if (!res.ok) {
    throw new EvidenceCommandError(
      `--portal: ${url} answered ${res.status} ${res.statusText}`,
    );
  }
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith(ACCEPT[options.format])) {
    throw new EvidenceCommandError(
      `--portal: ${url} answered ${type || 'no content type'}, not ${
        ACCEPT[options.format]
      }; is ${base} the Backstage backend?`,
    );
  }
  const text = await res.text();
  return {
    text,
    fileName: evidenceFileName(parsed.namespace, parsed.name, options.format),
    // The backend's verification result (never parsed out of the document, whose text is the model's).
    auditChainBroken: res.headers.get('modelops-audit-chain') === 'broken',
  };
}

/** Runs `modelops evidence`; returns the exit code (1 when the audit chain is broken, 2 on errors). */
export async function runEvidence(
  ref: string | undefined,
  options: EvidenceOptions,
  out: (text: string) => void = t => process.stdout.write(t),
  err: (line: string) => void = l => process.stderr.write(`${l}\n`),
): Promise<number> {
  try {
    if (!ref) {
      throw new EvidenceCommandError(
        '<entity ref>: which model? e.g. yarn modelops evidence model:default/churn --portal <url>',
      );
    }
    if (!options.portal) {
      throw new EvidenceCommandError(
        '--portal <url> is required: the portal assembles the pack from its catalog, approvals, audit chain, scorecards and drift records',
      );
    }
    const format = (options.format ?? 'markdown') as EvidenceFormat;
    if (!EVIDENCE_FORMATS.includes(format)) {
      throw new EvidenceCommandError(
        `--format: must be one of ${EVIDENCE_FORMATS.join(', ')} (got "${
          options.format
        }")`,
      );
    }
    const pack = await evidenceFromPortal(ref, {
      ...options,
      portal: options.portal,
      format,
    });
    let written: string | undefined;
    if (options.output) {
      written = options.output;
      const stat = await fs.stat(options.output).catch(() => undefined);
      if (stat?.isDirectory())
        written = `${options.output.replace(/\/+$/, '')}/${pack.fileName}`;
      try {
        await fs.writeFile(written, pack.text, 'utf8');
      } catch (e: any) {
        throw new EvidenceCommandError(
          `--output: cannot write ${written} (${e.code ?? e.message})`,
        );
      }
    } else {
      out(pack.text);
    }
    if (pack.auditChainBroken) {
      err(
        `warning: the audit chain is BROKEN (see section 8 of the pack)${
          written ? `; written to ${written}` : ''
        }`,
      );
      return 1;
    }
    err(
      `ok: evidence pack of ${ref} (${format}), audit chain intact${
        written ? `; written to ${written}` : ''
      }`,
    );
    return 0;
  } catch (e) {
    if (e instanceof EvidenceCommandError) {
      err(`error: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

/** Registers `modelops evidence`. */
export function registerEvidenceCommand(program: Command) {
  program
    .command('evidence')
    .description(
      "Fetch a Model's evidence pack (EU AI Act Annex IV, SR 11-7) from the portal as Markdown or printable HTML. Exit code 1 when the audit chain is broken.",
    )
    .argument('[entity-ref]', 'the model (model:default/name or name)')
    .option('--portal <url>', 'Backstage backend base URL')
    .option(
      '--token <token>',
      'Backstage token for --portal (default $MODELOPS_TOKEN)',
    )
    .option('--format <format>', 'markdown or html', 'markdown')
    .option(
      '-o, --output <file>',
      'write the pack here (a directory gets evidence-<namespace>-<name>.md|.html) instead of stdout',
    )
    .action(
      async (
        ref: string | undefined,
        opts: {
          portal?: string;
          token?: string;
          format?: string;
          output?: string;
        },
      ) => {
        process.exitCode = await runEvidence(ref, {
          ...opts,
          token: opts.token ?? process.env.MODELOPS_TOKEN,
        });
      },
    );
}
