/*
 * The shipped configuration has no default secret, and the documented service token is restricted to
 * drift submission. Loads the real app-config files with Backstage's own config loader (environment
 * substitution included) and, for the behaviour, starts the modelops plugin with the real auth,
 * httpAuth and permissions services so the externalAccess entry is enforced as in the example portal.
 */
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { rootConfigServiceFactory } from '@backstage/backend-defaults/rootConfig';
import {
  ServiceFactoryTester,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Config } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import modelopsPlugin from '@modelops/plugin-modelops-backend';
import { parseApprovalPolicies } from '@modelops/plugin-modelops-common';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '../../..');
const APP_CONFIG = path.join(root, 'app-config.yaml');
const TOKEN_CONFIG = path.join(root, 'app-config.token.yaml');
const OLD_DEFAULT_TOKEN = 'modelops-example-token-change-me';

const configFactory = (...files: string[]) =>
  rootConfigServiceFactory({
    argv: files.flatMap(f => ['--config', f]),
    watch: false,
  });

/**
 * The test backends use the real database service, which reads backend.database: an in-memory
 * overlay keeps them off the example portal's .modelops-data/.
 */
const IN_MEMORY = path.join(
  fs.mkdtempSync(path.join(os.tmpdir(), 'modelops-config-test-')),
  'memory.yaml',
);
fs.writeFileSync(
  IN_MEMORY,
  JSON.stringify({
    backend: { database: { client: 'better-sqlite3', connection: ':memory:' } },
  }),
);

async function loadConfig(...files: string[]): Promise<Config> {
  return ServiceFactoryTester.from(configFactory(...files)).getSubject();
}

/** Runs `fn` with MODELOPS_TOKEN set to `value` (or unset), restoring it afterwards. */
async function withToken<T>(value: string | undefined, fn: () => Promise<T>) {
  const before = process.env.MODELOPS_TOKEN;
  if (value === undefined) delete process.env.MODELOPS_TOKEN;
  else process.env.MODELOPS_TOKEN = value;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.MODELOPS_TOKEN;
    else process.env.MODELOPS_TOKEN = before;
  }
}

/** Every committed config file that configures the backend (app-config*.yaml, e2e/, bench/). */
function committedConfigFiles(): string[] {
  const files = fs
    .readdirSync(root)
    .filter(f => /^app-config.*\.ya?ml$/.test(f) && !f.endsWith('.local.yaml'))
    .map(f => path.join(root, f));
  for (const dir of ['e2e', 'bench/drift-api']) {
    for (const f of fs.readdirSync(path.join(root, dir))) {
      if (/\.ya?ml$/.test(f)) files.push(path.join(root, dir, f));
    }
  }
  return files;
}

describe('shipped configuration: service tokens', () => {
  it('app-config.yaml configures no external access, with or without MODELOPS_TOKEN', async () => {
    for (const token of [undefined, randomBytes(24).toString('base64url')]) {
      const config = await withToken(token, () => loadConfig(APP_CONFIG));
      expect(config.getOptional('backend.auth.externalAccess')).toBeUndefined();
      expect(config.getOptional('backend.auth.keys')).toBeUndefined();
    }
  });

  it('no committed config file has a token value or an externalAccess entry without accessRestrictions', async () => {
    const files = committedConfigFiles();
    expect(files).toEqual(expect.arrayContaining([APP_CONFIG, TOKEN_CONFIG]));
    let checked = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      expect({ file, hasOldDefault: text.includes(OLD_DEFAULT_TOKEN) }).toEqual(
        { file, hasOldDefault: false },
      );
      // A token may only come from the environment, with no fallback value.
      for (const [, value] of text.matchAll(
        /^\s*(?:token|secret):\s*(.+)$/gm,
      )) {
        expect({ file, value }).toEqual({
          file,
          value: expect.stringMatching(/^\$\{[A-Z_]+\}$/),
        });
      }
      const config = await withToken(
        randomBytes(24).toString('base64url'),
        () => loadConfig(file),
      );
      for (const entry of config.getOptionalConfigArray(
        'backend.auth.externalAccess',
      ) ?? []) {
        const restrictions =
          entry.getOptionalConfigArray('accessRestrictions') ?? [];
        expect({ file, restricted: restrictions.length > 0 }).toEqual({
          file,
          restricted: true,
        });
        for (const r of restrictions) {
          // Each names its plugin and narrows it to named permissions.
          expect({
            file,
            plugin: r.getString('plugin'),
            permission: r.has('permission'),
          }).toEqual({
            file,
            plugin: expect.any(String),
            permission: true,
          });
        }
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(0); // app-config.token.yaml at least
  });

  it('the opt-in app-config.token.yaml restricts its token to drift submission in the modelops plugin', async () => {
    const token = randomBytes(24).toString('base64url');
    const config = await withToken(token, () =>
      loadConfig(APP_CONFIG, TOKEN_CONFIG),
    );
    const entries = config
      .getConfigArray('backend.auth.externalAccess')
      .map(c => c.get());
    expect(entries).toEqual([
      {
        type: 'static',
        options: { token, subject: 'modelops-cli' },
        accessRestrictions: [
          { plugin: 'modelops', permission: 'modelops.drift.submit' },
        ],
      },
    ]);
  });

  it('without MODELOPS_TOKEN, app-config.token.yaml fails to start instead of falling back to a default', async () => {
    await withToken(undefined, async () => {
      await expect(
        startTestBackend({
          features: [
            modelopsPlugin,
            catalogServiceMock.factory({ entities: [] }),
            configFactory(APP_CONFIG, TOKEN_CONFIG, IN_MEMORY),
            authServiceFactory,
            httpAuthServiceFactory,
          ],
        }),
      ).rejects.toThrow(/externalAccess\[0\]\.options\.token/);
    });
  });

  it('the documented token can submit drift, and nothing else', async () => {
    const token = randomBytes(24).toString('base64url');
    // A second plugin, to show the token is refused outside modelops.
    const otherPlugin = createBackendPlugin({
      pluginId: 'other',
      register(reg) {
        reg.registerInit({
          deps: {
            router: coreServices.httpRouter,
            httpAuth: coreServices.httpAuth,
          },
          async init({ router, httpAuth }) {
            router.use(async (req, res) => {
              const credentials = await httpAuth.credentials(req);
              res.json(credentials.principal);
            });
          },
        });
      },
    });
    const backend = await withToken(token, () =>
      startTestBackend({
        features: [
          modelopsPlugin,
          otherPlugin,
          catalogServiceMock.factory({
            entities: [
              {
                apiVersion: 'modelops.io/v1alpha1',
                kind: 'Model',
                metadata: { name: 'scorer', namespace: 'default' },
                spec: {
                  type: 'classification',
                  lifecycle: 'production',
                  owner: 'group:default/team-a',
                },
              },
            ],
          }),
          configFactory(APP_CONFIG, TOKEN_CONFIG, IN_MEMORY),
          authServiceFactory,
          httpAuthServiceFactory,
          permissionsServiceFactory,
        ],
      }),
    );
    try {
      const bearer = { Authorization: `Bearer ${token}` };
      const api = '/api/modelops/drift/models/default/scorer';

      // Allowed: modelops.drift.submit (a reference, then a run), recorded as the modelops-cli service.
      const ref = await request(backend.server)
        .post(`${api}/references`)
        .set(bearer)
        .send({ columns: { x: [1, 2, 3, 4, 5, 6, 7, 8] } });
      expect(ref.status).toBe(201);
      const run = await request(backend.server)
        .post(`${api}/runs`)
        .set(bearer)
        .send({
          runId: 'r1',
          windowEnd: '2026-11-22T00:00:00Z',
          columns: { x: [1, 2, 3, 4, 5, 6, 7, 9] },
        });
      expect(run.status).toBe(201);
      expect(run.body.run.submittedBy).toMatch(
        /^service:(external:)?modelops-cli$/,
      );

      // Denied: every other modelops permission (read drift, approvals, admin actions).
      expect(
        (await request(backend.server).get(`${api}/status`).set(bearer)).status,
      ).toBe(403);
      expect(
        (
          await request(backend.server)
            .get('/api/modelops/approvals/requests')
            .set(bearer)
        ).status,
      ).toBe(403);
      expect(
        (
          await request(backend.server)
            .post('/api/modelops/approvals/requests/any-id/cancel')
            .set(bearer)
            .send({})
        ).status,
      ).toBe(403);

      // Refused by other plugins; the old well-known default is no token at all.
      expect(
        (await request(backend.server).get('/api/other/anything').set(bearer))
          .status,
      ).toBe(403);
      expect(
        (
          await request(backend.server)
            .post(`${api}/runs`)
            .set({ Authorization: `Bearer ${OLD_DEFAULT_TOKEN}` })
            .send({ runId: 'r2', columns: { x: [1] } })
        ).status,
      ).toBe(401);
    } finally {
      await backend.stop();
    }
  });
});

describe('shipped configuration: example portal data', () => {
  it('app-config.yaml keeps the embedded SQLite databases in a git-ignored directory, not in memory', async () => {
    const config = await loadConfig(APP_CONFIG);
    expect(config.getString('backend.database.client')).toBe('better-sqlite3');
    const directory = config.getString('backend.database.connection.directory');
    // Relative to packages/backend, where the backend runs (like the catalog locations).
    const absolute = path.resolve(root, 'packages/backend', directory);
    expect(absolute.startsWith(`${root}${path.sep}`)).toBe(true);
    // git check-ignore exits 0 when the path is ignored (it need not exist).
    const probe = path.relative(root, path.join(absolute, 'modelops.sqlite'));
    expect(
      execFileSync('git', ['check-ignore', probe], {
        cwd: root,
        encoding: 'utf8',
      }).trim(),
    ).toBe(probe);
  });

  it('the browser test gets a fresh in-memory database per run', async () => {
    const config = await loadConfig(
      APP_CONFIG,
      path.join(root, 'e2e/app-config.e2e.yaml'),
    );
    expect(config.get('backend.database')).toEqual({
      client: 'better-sqlite3',
      connection: ':memory:',
    });
  });
});

describe('shipped configuration: the guest', () => {
  it('signs the guest in as a User of the example catalog that is in no group, so it approves, administers and waives nothing', async () => {
    const config = await loadConfig(APP_CONFIG);
    const guestRef = config.getString('auth.providers.guest.userEntityRef');
    expect(guestRef).toBe('user:default/guest');

    // The sign-in page names the same identity.
    const signInPage = fs.readFileSync(
      path.join(
        root,
        'packages/app/src/components/signIn/ExamplePortalSignInPage.tsx',
      ),
      'utf8',
    );
    expect(signInPage).toContain(`Sign in as ${guestRef}`);

    // It exists in the example catalog and belongs to no group.
    const { parseAllDocuments } = require('yaml');
    const docs = parseAllDocuments(
      fs.readFileSync(path.join(root, 'examples/org.yaml'), 'utf8'),
    ).map((d: any) => d.toJS());
    const guest = docs.find(
      (d: any) => d?.kind === 'User' && d.metadata.name === 'guest',
    );
    expect(guest).toBeDefined();
    expect(guest.spec.memberOf).toEqual([]);

    // So no approver, admin or exemption-approver group of the shipped config can contain it.
    const groups = [
      ...(config.getOptionalStringArray('modelops.approvals.admins') ?? []),
      ...(config.getOptionalStringArray(
        'modelops.scorecards.exemptionApprovers',
      ) ?? []),
      ...config
        .getConfigArray('modelops.approvals.policies')
        .flatMap(p => p.getConfigArray('requirements'))
        .flatMap(r => [
          r.getOptionalString('group'),
          ...(r.getOptionalStringArray('groups') ?? []),
        ])
        .filter((g): g is string => !!g && g !== 'owner'),
    ];
    expect(groups.length).toBeGreaterThan(0);
    const guestGroups = (guest.spec.memberOf as string[]).map(
      g => `group:default/${g}`,
    );
    expect(groups.filter(g => guestGroups.includes(g))).toEqual([]);
  });
});

describe('shipped configuration: approval policies', () => {
  it('sets the minimum readiness of a promotion per risk tier, not the requester (issue 12 item 2)', async () => {
    const config = await loadConfig(APP_CONFIG);
    const policies = parseApprovalPolicies(
      config.get('modelops.approvals.policies'),
    );
    expect(
      Object.fromEntries(
        policies.map(p => [
          p.riskTiers.join(','),
          p.minimumReadiness &&
            `${p.minimumReadiness.scorecard} ${p.minimumReadiness.levelName}`,
        ]),
      ),
    ).toEqual({
      high: 'production-readiness Silver',
      medium: 'production-readiness Silver',
      low: 'production-readiness Bronze',
    });
    // The template shows the policy read-only and no longer asks for a level.
    const template = fs.readFileSync(
      path.join(root, 'examples/templates/request-promotion/template.yaml'),
      'utf8',
    );
    expect(template).toContain('ui:field: ModelopsPromotionPolicy');
    expect(template).not.toContain('parameters.minimumLevel');
    expect(template).not.toContain('enum: [Bronze, Silver, Gold]');
  });
});
