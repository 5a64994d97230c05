import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import authPlugin from '@backstage/plugin-auth-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import {
  DEV_SIGN_IN_HEADER,
  devSignInModule,
  readDevSignInConfig,
} from './devSignInModule';

jest.setTimeout(60_000);

const user = (name: string, group: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { memberOf: [group] },
  relations: [{ type: 'memberOf', targetRef: `group:default/${group}` }],
});

// Both are catalog users; only priya.raman is on the dev sign-in list.
const entities = [
  user('priya.raman', 'credit-risk-ds'),
  user('mallory', 'other-team'),
];

const devSignIn = (users: string[]) => ({
  app: { baseUrl: 'http://localhost:3000' },
  auth: { providers: { 'modelops-dev': {} } },
  modelops: { devSignIn: { enabled: true, users } },
});

function start(data: object) {
  return startTestBackend({
    features: [
      authPlugin,
      devSignInModule,
      catalogServiceMock.factory({ entities: entities as any }),
      mockServices.rootConfig.factory({ data }),
    ],
  });
}

const refresh = (server: any, name?: string) => {
  const req = request(server)
    .get('/api/auth/modelops-dev/refresh')
    .set('X-Requested-With', 'XMLHttpRequest');
  return name === undefined ? req : req.set(DEV_SIGN_IN_HEADER, name);
};

describe('development sign-in (modelops-dev provider)', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  it('signs in a listed catalog user, and refuses catalog users that are not on modelops.devSignIn.users', async () => {
    const backend = await start(devSignIn(['priya.raman']));
    try {
      const listed = await refresh(backend.server, 'priya.raman');
      expect(listed.status).toBe(200);
      expect(listed.body.backstageIdentity.identity).toMatchObject({
        userEntityRef: 'user:default/priya.raman',
        ownershipEntityRefs: expect.arrayContaining([
          'user:default/priya.raman',
          'group:default/credit-risk-ds',
        ]),
      });
      expect(typeof listed.body.backstageIdentity.token).toBe('string');

      // mallory is in the catalog but not on the list: no token.
      const unlisted = await refresh(backend.server, 'mallory');
      expect(unlisted.status).toBe(403);
      expect(unlisted.body.backstageIdentity).toBeUndefined();
      expect(JSON.stringify(unlisted.body)).toContain(
        'not on modelops.devSignIn.users',
      );

      // Case variants of a listed name are other names.
      expect((await refresh(backend.server, 'Priya.Raman')).status).toBe(403);
      expect((await refresh(backend.server)).status).toBe(401);
    } finally {
      await backend.stop();
    }
  });

  it('registers no provider unless enabled', async () => {
    const backend = await start({
      app: { baseUrl: 'http://localhost:3000' },
      auth: { providers: { 'modelops-dev': {} } },
    });
    try {
      const res = await refresh(backend.server, 'priya.raman');
      expect(res.status).toBe(404);
    } finally {
      await backend.stop();
    }
  });

  it('refuses to start with NODE_ENV=production', async () => {
    process.env.NODE_ENV = 'production';
    await expect(start(devSignIn(['priya.raman']))).rejects.toThrow(
      /modelops\.devSignIn\.enabled is true but NODE_ENV is production/,
    );
  });

  it('validates the user list at startup', () => {
    const env = { NODE_ENV: 'development' };
    const read = (devSignInConfig: object) =>
      readDevSignInConfig(
        new ConfigReader({ modelops: { devSignIn: devSignInConfig } }),
        env,
      );
    expect(read({ enabled: true, users: ['a.b'] })).toEqual({
      enabled: true,
      users: ['a.b'],
    });
    expect(read({ enabled: false, users: ['a.b'] })).toEqual({
      enabled: false,
    });
    expect(() => read({ enabled: true })).toThrow(
      /^modelops\.devSignIn\.users: list/,
    );
    expect(() => read({ enabled: true, users: ['user:default/x'] })).toThrow(
      /^modelops\.devSignIn\.users: "user:default\/x"/,
    );
    // Disabled is fine in production; enabled is not.
    expect(
      readDevSignInConfig(new ConfigReader({}), { NODE_ENV: 'production' }),
    ).toEqual({ enabled: false });
  });
});
