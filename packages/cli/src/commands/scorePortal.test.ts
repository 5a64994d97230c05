/*
 * `modelops score --portal` against a real portal backend: the modelops backend plugin started
 * with startTestBackend, a mock catalog, and approval policies (so every fact source is present).
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import modelopsPlugin from '@modelops/plugin-modelops-backend';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { runScore } from './score';

jest.setTimeout(60_000);

const MODEL = (name: string) => `apiVersion: modelops.io/v1alpha1
kind: Model
metadata:
  name: ${name}
  annotations:
    modelops.io/last-review-date: '${new Date(Date.now() - 30 * 86_400_000)
      .toISOString()
      .slice(0, 10)}'
    backstage.io/techdocs-ref: dir:.
spec:
  type: classification
  lifecycle: production
  owner: credit-risk-ds
  riskTier: high
  euAiActCategory: high-risk
  intendedUse: Decision support for underwriters on consumer loan applications.
  limitations: Not validated for thin-file applicants or for business lending.
  trainingData: [loans-2019-2025]
  servedBy: [credit-scoring-service]
  versions:
    - { version: '1.0.0', stage: production, metrics: { auc: 0.9 }, runUrl: 'https://mlflow/runs/1' }
  monitoring: { drift: {} }
`;

const group = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
});

/** The catalog's copy of `stale` has no limitations; the local file has them. */
const stale = parse(MODEL('stale'));
delete stale.spec.limitations;

describe('modelops score --portal', () => {
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
        catalogServiceMock.factory({
          entities: [
            group('credit-risk-ds'),
            group('mrm'),
            parse(MODEL('ready')),
            stale,
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            modelops: {
              scorecards: { cacheTtlSeconds: 0, snapshots: { enabled: false } },
              approvals: {
                policies: [
                  {
                    id: 'high-production',
                    riskTiers: ['high'],
                    targetStages: ['production'],
                    requirements: [
                      { id: 'model-risk', group: 'group:default/mrm' },
                    ],
                  },
                ],
              },
            },
          },
        }),
      ],
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelops-score-portal-'));
    fs.writeFileSync(path.join(dir, 'ready.yaml'), MODEL('ready'));
    fs.writeFileSync(path.join(dir, 'stale.yaml'), MODEL('stale'));
    fs.writeFileSync(path.join(dir, 'unknown.yaml'), MODEL('unknown'));
  });

  const score = async (
    file: string,
    opts: Record<string, string | undefined>,
  ) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runScore(
      [path.join(dir, file)],
      { format: 'text', ...opts },
      l => out.push(l),
      l => err.push(l),
    );
    return { code, out, err };
  };

  it('reports the level the portal shows (Reproducible 2/4, Silver), where offline it proves only the floor', async () => {
    const offline = await score('ready.yaml', {});
    expect(offline.out).toContain(
      '  Maturity: Ad hoc (level 0/4 proven offline) — next: Managed (not evaluated here: owner-is-group)',
    );

    const portal = await score('ready.yaml', { portal: `${base}/`, token });
    expect(portal.code).toBe(0);
    expect(portal.out).toContain(
      '  Maturity: Reproducible (level 2/4 in the portal) — next: Governed release (fix production-version-approved)',
    );
    expect(portal.out).toContain(
      '  Production readiness: Silver (level 2/3 in the portal) — next: Gold (fix production-version-approved, drift-run-recent)',
    );
    expect(
      portal.out.find(l =>
        l.includes(
          // The same sentence as the Model page and the inventory (productionStatus, -common).
          'FAIL L3 Production version approved: The catalog says version 1.0.0 is in production, but no approved promotion is recorded: treat it as unverified.',
        ),
      ),
    ).toBeDefined();
    expect(portal.out[portal.out.length - 1]).toBe(
      `1 model scored by the portal at ${base} (its catalog, drift and approval facts)`,
    );

    const json = await score('ready.yaml', {
      portal: base,
      token,
      format: 'json',
    });
    const report = JSON.parse(json.out.join('\n'));
    expect(report).toMatchObject({
      source: 'portal',
      results: [
        {
          entityRef: 'model:default/ready',
          factSources: ['catalog', 'drift', 'approvals'],
        },
      ],
    });
  });

  it('gates --min-level on the portal level, with the token from MODELOPS_TOKEN', async () => {
    process.env.MODELOPS_TOKEN = token;
    try {
      expect(
        (
          await score('ready.yaml', {
            portal: base,
            minLevel: 'maturity=2,production-readiness=2',
          })
        ).code,
      ).toBe(0);
      const below = await score('ready.yaml', {
        portal: base,
        minLevel: 'maturity=3',
      });
      expect(below.code).toBe(1);
      expect(below.out).toContain(
        'below minimum: model:default/ready maturity level 2 < 3',
      );
    } finally {
      delete process.env.MODELOPS_TOKEN;
    }
  });

  it("warns when the local file and the catalog's copy disagree on a check the entity decides", async () => {
    const r = await score('stale.yaml', { portal: base, token });
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'warning: model:default/stale: limitations-documented is pass in ' +
        `${path.join(
          dir,
          'stale.yaml',
        )} but fail in the portal; the portal scores the catalog's copy of the entity (commit the file and let the catalog refresh)`,
    );
    expect(r.out).toContain(
      '  Maturity: Ad hoc (level 0/4 in the portal) — next: Managed (fix limitations-documented)',
    );
  });

  it('exits 2 with a clear message without a token, for a model the portal does not know, or an unreachable portal', async () => {
    const noToken = await score('ready.yaml', { portal: base });
    expect(noToken.code).toBe(2);
    expect(noToken.out[0]).toBe(
      `error model:default/ready  --portal: ${base} refused the request (401); pass a Backstage token with --token or MODELOPS_TOKEN that may read scorecards`,
    );
    const unknown = await score('unknown.yaml', { portal: base, token });
    expect(unknown.code).toBe(2);
    expect(unknown.out[0]).toContain(
      `--portal: ${base} has no model:default/unknown in its catalog (404)`,
    );
    // a port nobody listens on any more
    const closed = http.createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise(resolve => closed.close(resolve));
    const down = await score('ready.yaml', {
      portal: `http://127.0.0.1:${port}`,
      token,
    });
    expect(down.code).toBe(2);
    expect(down.out[0]).toBe(
      `error model:default/ready  --portal: cannot reach http://127.0.0.1:${port} (ECONNREFUSED); check the URL`,
    );
    const bad = await score('ready.yaml', { portal: 'ftp://x', token });
    expect(bad).toMatchObject({
      code: 2,
      err: [
        '--portal "ftp://x" must be the backend\'s http(s) URL, e.g. https://backstage.example.com',
      ],
    });
    const dated = await score('ready.yaml', {
      portal: base,
      token,
      date: '2026-01-01',
    });
    expect(dated).toMatchObject({
      code: 2,
      err: [
        '--date cannot be used with --portal: the portal evaluates as of now',
      ],
    });
  });
});
