/*
 * `modelops evidence <ref> --portal` against a real portal backend: the modelops backend plugin
 * started with startTestBackend (SQLite in memory) and a mock catalog.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import modelopsPlugin from '@modelops/plugin-modelops-backend';
import { EVIDENCE_SECTIONS } from '@modelops/plugin-modelops-common';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createProgram } from '../program';
import { runEvidence } from './evidence';

jest.setTimeout(60_000);

const model = {
  apiVersion: 'modelops.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'churn', namespace: 'default', title: 'Churn' },
  spec: {
    type: 'classification',
    lifecycle: 'production',
    owner: 'team-a',
    riskTier: 'low',
    intendedUse: 'Predicts churn | for retention offers',
    versions: [{ version: '1.0', stage: 'production', metrics: { auc: 0.8 } }],
  },
};

describe('modelops evidence --portal', () => {
  let base: string;
  let dir: string;
  const token = mockCredentials.user.token('user:default/ada');

  beforeAll(async () => {
    const { server } = await startTestBackend({
      features: [
        modelopsPlugin,
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        catalogServiceMock.factory({ entities: [model as any] }),
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelops-evidence-'));
  });

  const run = async (ref: string | undefined, opts: Record<string, any>) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runEvidence(
      ref,
      opts,
      t => out.push(t),
      l => err.push(l),
    );
    return { code, out: out.join(''), err };
  };

  it('prints the Markdown pack with every section and says the chain is intact', async () => {
    const r = await run('model:default/churn', {
      portal: `${base}/api/modelops/`,
      token,
    });
    expect(r.err).toEqual([
      'ok: evidence pack of model:default/churn (markdown), audit chain intact',
    ]);
    expect(r.code).toBe(0);
    for (const s of EVIDENCE_SECTIONS)
      expect(r.out).toContain(`## ${s.title}\n`);
    expect(r.out).toContain('Predicts churn \\| for retention offers');
  });

  it('writes printable HTML into a directory under the portal file name', async () => {
    const r = await run('churn', {
      portal: base,
      token,
      format: 'html',
      output: dir,
    });
    expect(r.code).toBe(0);
    const file = path.join(dir, 'evidence-default-churn.html');
    expect(r.err[0]).toContain(`written to ${file}`);
    const html = fs.readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<section id="audit-chain"');
  });

  it('names the option and the fix when something is wrong', async () => {
    expect((await run(undefined, { portal: base })).err[0]).toBe(
      'error: <entity ref>: which model? e.g. yarn modelops evidence model:default/churn --portal <url>',
    );
    expect((await run('churn', {})).err[0]).toContain(
      'error: --portal <url> is required',
    );
    expect((await run('churn', { portal: base, format: 'pdf' })).err[0]).toBe(
      'error: --format: must be one of markdown, html (got "pdf")',
    );
    expect(
      (await run('component:default/churn', { portal: base })).err[0],
    ).toBe(
      'error: <entity ref>: component:default/churn is not a Model; evidence packs are made for kind Model',
    );
    const unknown = await run('nope', { portal: base, token });
    expect(unknown.code).toBe(2);
    expect(unknown.err[0]).toBe(
      `error: --portal: ${base} has no model:default/nope in its catalog (404); check the namespace and name`,
    );
    const anonymous = await run('churn', { portal: base });
    expect(anonymous.err[0]).toContain('refused the request (401)');
    const unreachable = await run('churn', {
      portal: 'http://127.0.0.1:7219',
      token,
    });
    expect(unreachable.err[0]).toContain(
      'error: --portal: cannot reach http://127.0.0.1:7219 (ECONNREFUSED); check the URL',
    );
  });

  it('exits 1 when the portal says the audit chain is broken', async () => {
    const fetchImpl = (async () =>
      new Response('# Evidence pack\n', {
        headers: {
          'content-type': 'text/markdown; charset=utf-8',
          'modelops-audit-chain': 'broken',
        },
      })) as typeof fetch;
    const r = await run('churn', { portal: base, fetchImpl });
    expect(r.code).toBe(1);
    expect(r.err[0]).toBe(
      'warning: the audit chain is BROKEN (see section 8 of the pack)',
    );
  });

  it('is registered as `modelops evidence`', () => {
    const command = createProgram().commands.find(c => c.name() === 'evidence');
    expect(command?.options.map(o => o.long)).toEqual([
      '--portal',
      '--token',
      '--format',
      '--output',
    ]);
  });
});
