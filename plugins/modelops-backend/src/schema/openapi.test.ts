import { mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import { createRouter, RouterOptions } from '../service/router';
import { spec } from './openapi';

/*
 * The contract: openapi.yaml documents exactly the routes the router serves, the router is the
 * one generated from it, and a response that does not match the document fails. (Every router
 * test runs with response validation on, NODE_ENV=test, so each documented status and body the
 * tests exercise is checked against the spec; the generated files are checked to be up to date by
 * `yarn openapi:check` in scripts/test.sh.)
 */

const caller = {
  user: 'user:default/ada',
  client: null,
  principal: 'user',
  token: 'x',
};

function options(overrides: Partial<RouterOptions> = {}): RouterOptions {
  return {
    logger: mockServices.logger.mock(),
    config: mockServices.rootConfig({ data: {} }),
    authorize: (async () => caller) as any,
    auditor: mockServices.auditor.mock(),
    drift: {} as any,
    approvals: {
      policies: [
        {
          id: 'standard',
          riskTiers: ['low'],
          targetStages: ['production'],
          requirements: [{ id: 'owner', groups: ['owner'], count: 1 }],
          allowOwnerApproval: true,
          expiresAfterHours: 168,
          minimumReadiness: null,
        },
      ],
    } as any,
    scorecards: {} as any,
    bom: {} as any,
    evidence: {} as any,
    ...overrides,
  };
}

/** `METHOD /path/{param}` of every route registered on an express router. */
function registeredRoutes(router: express.Router): string[] {
  const routes: string[] = [];
  for (const layer of (router as any).stack) {
    if (!layer.route) continue;
    for (const method of Object.keys(layer.route.methods)) {
      routes.push(
        `${method.toUpperCase()} ${layer.route.path.replace(
          /:(\w+)/g,
          '{$1}',
        )}`,
      );
    }
  }
  return routes;
}

function documentedRoutes(): string[] {
  const routes: string[] = [];
  for (const [path, item] of Object.entries<any>(spec.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      if (item[method]) routes.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return routes;
}

describe('openapi.yaml and the router', () => {
  it('documents every route the router serves, and the router serves every documented route', async () => {
    const router = await createRouter(options());
    const served = registeredRoutes(router).filter(
      // Added by @backstage/backend-openapi-utils: the spec itself.
      r => r !== 'GET /openapi.json',
    );
    expect(served.length).toBeGreaterThan(30);
    expect([...served].sort()).toEqual([...documentedRoutes()].sort());
    // Each route once (a second registration would shadow nothing and hide a mistake).
    expect(new Set(served).size).toBe(served.length);
  });

  it('serves the spec at /openapi.json', async () => {
    const app = express().use(await createRouter(options()));
    const res = await request(app).get('/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(Object.keys(spec.paths));
  });

  describe('with response validation (on in tests)', () => {
    const badPolicies = {
      // expiresAfterHours is required and a number; riskTiers only low/medium/high.
      policies: [{ id: 'p', riskTiers: ['extreme'], targetStages: [] }],
    } as any;

    it('fails a response that does not match the spec, naming what is wrong', async () => {
      const app = express().use(
        await createRouter(
          options({ approvals: badPolicies, validateResponses: true }),
        ),
      );
      const res = await request(app).get('/approvals/policies');
      expect(res.status).toBe(500);
      expect(JSON.stringify(res.body)).toMatch(/response/i);
    });

    it('passes a response that matches it', async () => {
      const app = express().use(
        await createRouter(options({ validateResponses: true })),
      );
      const res = await request(app).get('/approvals/policies');
      expect(res.status).toBe(200);
      expect(res.body.items[0].id).toBe('standard');
    });

    it('checks error bodies too: a 4xx body is validated against the documented error', async () => {
      const app = express().use(
        await createRouter(options({ validateResponses: true })),
      );
      const res = await request(app).get('/approvals/requests?limit=0');
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.problems?.[0]?.path ?? res.body.error.message).toMatch(
        /limit/,
      );
    });

    it('is off unless asked for: the same bad response is served as is', async () => {
      const app = express().use(
        await createRouter(options({ approvals: badPolicies })),
      );
      const res = await request(app).get('/approvals/policies');
      expect(res.status).toBe(200);
    });
  });
});
