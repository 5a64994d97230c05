import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createPromoteModelAction } from './promoteModel';

const promotion = {
  id: 'p-1',
  requestId: 'req-1',
  modelRef: 'model:default/credit-default-scorer',
  modelVersion: '3.3.0',
  fromStage: 'staging',
  toStage: 'production',
  promotedBy: 'user:default/priya.raman',
  createdAt: '2026-11-27T10:00:00.000Z',
};

function deps() {
  return {
    auth: mockServices.auth({ pluginId: 'scaffolder' }),
    discovery: mockServices.discovery(),
    fetch: (async () =>
      new Response(JSON.stringify({ created: true, promotion }), {
        status: 201,
        headers: { 'Content-Type': 'application/json' },
      })) as unknown as typeof fetch,
  };
}

describe('modelops:model:promote refreshes the model in the catalog (issue 12 item 1)', () => {
  it('asks the catalog to refresh the promoted model', async () => {
    const refreshEntity = jest.fn(async () => undefined);
    const ctx = createMockActionContext({ input: { requestId: 'req-1' } });
    await createPromoteModelAction(deps(), {
      catalog: { refreshEntity },
    }).handler(ctx as any);
    expect(refreshEntity).toHaveBeenCalledWith(
      'model:default/credit-default-scorer',
      expect.objectContaining({ credentials: expect.anything() }),
    );
    expect(ctx.output).toHaveBeenCalledWith('created', true);
  });

  it('records the promotion even when the refresh fails, with a warning', async () => {
    const ctx = createMockActionContext({ input: { requestId: 'req-1' } });
    const warn = jest.spyOn(ctx.logger, 'warn');
    await createPromoteModelAction(deps(), {
      catalog: {
        refreshEntity: async () => {
          throw new Error('catalog unavailable');
        },
      },
    }).handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('promotionId', 'p-1');
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'could not ask the catalog to refresh model:default/credit-default-scorer (catalog unavailable)',
      ),
    );
  });
});
