import { ApprovalsClient } from './ApprovalsClient';

function client(responses: Array<{ status?: number; body: unknown }>) {
  const calls: { url: string; init: any }[] = [];
  const fetchApi = {
    fetch: jest.fn(async (url: string, init: any) => {
      calls.push({ url, init });
      const r = responses.shift()!;
      return new Response(
        typeof r.body === 'string' ? r.body : JSON.stringify(r.body),
        {
          status: r.status ?? 200,
          headers: {
            'content-type':
              typeof r.body === 'string' ? 'text/csv' : 'application/json',
          },
        },
      );
    }),
  };
  const discoveryApi = {
    getBaseUrl: async () => 'http://backend/api/modelops',
  };
  const identityApi = {
    getBackstageIdentity: async () => ({
      type: 'user' as const,
      userEntityRef: 'user:default/fatima.haddad',
      ownershipEntityRefs: [],
    }),
  } as any;
  return {
    api: new ApprovalsClient({
      discoveryApi,
      fetchApi: fetchApi as any,
      identityApi,
    }),
    calls,
  };
}

describe('ApprovalsClient', () => {
  it('builds URLs and bodies, marks web calls, and unwraps lists', async () => {
    const { api, calls } = client([
      { body: { items: [{ id: 'r1' }] } },
      { status: 201, body: { decision: { id: 'd' }, request: { id: 'r1' } } },
      { body: { items: [] } },
    ]);
    expect(
      await api.listRequests({ modelRef: 'model:default/x', state: 'pending' }),
    ).toEqual({ items: [{ id: 'r1' }] });
    expect(calls[0].url).toBe(
      'http://backend/api/modelops/approvals/requests?modelRef=model%3Adefault%2Fx&state=pending',
    );
    await api.decide('r1', 'approve', 'ok');
    expect(calls[1].url).toBe(
      'http://backend/api/modelops/approvals/requests/r1/decisions',
    );
    expect(calls[1].init).toMatchObject({
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(JSON.stringify(calls[1].init.headers)).not.toContain(
      'x-modelops-client',
    );
    expect(JSON.parse(calls[1].init.body)).toEqual({
      decision: 'approve',
      comment: 'ok',
    });
    await api.listPromotions('credit-default-scorer');
    expect(calls[2].url).toBe(
      'http://backend/api/modelops/approvals/models/default/credit-default-scorer/promotions',
    );
  });

  it("reads a model's policy from the existing policy route (issue 12 item 2)", async () => {
    const { api, calls } = client([
      { body: { id: 'high-risk-production', minimumReadiness: null } },
    ]);
    expect(
      await api.getPolicy('model:default/credit-default-scorer'),
    ).toMatchObject({ id: 'high-risk-production' });
    expect(calls[0].url).toBe(
      'http://backend/api/modelops/approvals/models/default/credit-default-scorer/policy?toStage=production',
    );
  });

  it('sends every filter of the shared ListApprovalRequestsFilter', async () => {
    const { api, calls } = client([{ body: { items: [] } }]);
    await api.listRequests({
      modelRef: 'model:default/x',
      modelVersion: '3.3.0',
      state: 'approved',
      requester: 'user:default/a',
      limit: 5,
      cursor: 'abc_-',
    });
    expect(calls[0].url).toBe(
      'http://backend/api/modelops/approvals/requests?modelRef=model%3Adefault%2Fx&modelVersion=3.3.0&state=approved&requester=user%3Adefault%2Fa&limit=5&cursor=abc_-',
    );
  });

  it('pages the inbox and the audit trail, and exports every page of the trail as JSON (issue 13 item 1)', async () => {
    const { api, calls } = client([
      { body: { items: [{ id: 'r2' }], nextCursor: 'c1' } },
      { body: { items: [{ seq: 1 }], nextCursor: 'a1' } },
      { body: { items: [{ seq: 1 }, { seq: 2 }], nextCursor: 'a2' } },
      { body: { items: [{ seq: 3 }] } },
    ]);
    expect(await api.inbox({ limit: 100 })).toEqual({
      items: [{ id: 'r2' }],
      nextCursor: 'c1',
    });
    expect(calls[0].url).toBe(
      'http://backend/api/modelops/approvals/inbox?limit=100',
    );
    expect(
      await api.listAuditEvents({ modelRef: 'model:default/x', cursor: 'a0' }),
    ).toEqual({ items: [{ seq: 1 }], nextCursor: 'a1' });
    expect(calls[1].url).toBe(
      'http://backend/api/modelops/approvals/audit?modelRef=model%3Adefault%2Fx&cursor=a0',
    );
    const exported = JSON.parse(
      await api.exportAudit('json', { requestId: 'r1' }),
    );
    expect(exported).toEqual({ items: [{ seq: 1 }, { seq: 2 }, { seq: 3 }] });
    expect(calls.slice(2).map(c => c.url)).toEqual([
      'http://backend/api/modelops/approvals/audit?requestId=r1&limit=500',
      'http://backend/api/modelops/approvals/audit?requestId=r1&limit=500&cursor=a2',
    ]);
  });

  it('turns error answers into errors with the server message', async () => {
    const { api } = client([
      {
        status: 403,
        body: {
          error: {
            name: 'NotAllowedError',
            message:
              'segregation of duties: the requester cannot decide on their own request',
          },
        },
      },
    ]);
    await expect(api.decide('r1', 'approve')).rejects.toThrow(
      /requester cannot decide/,
    );
  });

  it('exports CSV as text and knows the signed-in user', async () => {
    const { api, calls } = client([{ body: 'seq,id\r\n1,a\r\n' }]);
    expect(await api.exportAudit('csv')).toBe('seq,id\r\n1,a\r\n');
    expect(calls[0].url).toBe(
      'http://backend/api/modelops/approvals/audit?format=csv',
    );
    expect(await api.currentUser()).toBe('user:default/fatima.haddad');
  });
});
