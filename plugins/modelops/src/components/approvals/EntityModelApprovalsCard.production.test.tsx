import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import type { ModelPromotion } from '@modelops/plugin-modelops-common';
import { ApprovalsApi, approvalsApiRef } from '../../api/ApprovalsApi';
import { EntityModelApprovalsCard } from './EntityModelApprovalsCard';
import { entityRoute, peoplePresentationApi } from '../../__fixtures__/people';
import { formatAbsoluteDate } from '../shared/formatTime';

// catalog-info.yaml still declares 3.2.0 in production; 3.3.0 was approved and promoted.
const entity = {
  apiVersion: 'modelops.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'credit-default-scorer', namespace: 'default' },
  spec: {
    type: 'classification',
    lifecycle: 'production',
    owner: 'credit-risk-ds',
    riskTier: 'high',
    versions: [
      { version: '3.2.0', stage: 'production', createdAt: '2026-09-14' },
      { version: '3.3.0', stage: 'staging', createdAt: '2026-11-02' },
    ],
  },
};

const promotion33: ModelPromotion = {
  id: 'p-33',
  requestId: 'req-33-0000-aaaa',
  modelRef: 'model:default/credit-default-scorer',
  modelVersion: '3.3.0',
  fromStage: 'staging',
  toStage: 'production',
  promotedBy: 'user:default/priya.raman',
  createdAt: '2026-11-27T10:00:00.000Z',
};

function render(promotions: ModelPromotion[]) {
  const api = {
    listRequests: jest.fn(async () => ({ items: [] })),
    listPromotions: jest.fn(async () => promotions),
  } as unknown as ApprovalsApi;
  return renderInTestApp(
    <TestApiProvider apis={[[approvalsApiRef, api], peoplePresentationApi()]}>
      <EntityProvider entity={entity as any}>
        <EntityModelApprovalsCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: entityRoute },
  );
}

describe('EntityModelApprovalsCard: production status (issue 12 item 1)', () => {
  it('says the promoted version is in production, and that the file lags', async () => {
    await render([promotion33]);
    const verified = await screen.findByTestId('production-verified');
    // The promoter by display name, the date in the user's locale (issue 12 item 11).
    await waitFor(() =>
      expect(verified).toHaveTextContent(
        `Version 3.3.0 is in production through approved request req-33-0000-aaaa (promoted by Priya Raman on ${formatAbsoluteDate(
          '2026-11-27T10:00:00.000Z',
        )}). catalog-info.yaml still declares 3.2.0 in production: update spec.versions.`,
      ),
    );
    expect(
      screen.queryByTestId('production-unverified'),
    ).not.toBeInTheDocument();
  });

  it('flags the declared version as unverified with the same sentence as everywhere', async () => {
    await render([]);
    expect(
      await screen.findByTestId('production-unverified'),
    ).toHaveTextContent(
      'The catalog says version 3.2.0 is in production, but no approved promotion is recorded: treat it as unverified.',
    );
  });
});
