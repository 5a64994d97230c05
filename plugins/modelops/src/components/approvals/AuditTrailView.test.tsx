import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { AuditEvent } from '@modelops/plugin-modelops-common';
import { ApprovalsApi, approvalsApiRef } from '../../api/ApprovalsApi';
import { AuditTrailView } from './AuditTrailView';
import { peoplePresentationApi } from '../../__fixtures__/people';

jest.setTimeout(30_000);

const event = (seq: number): AuditEvent => ({
  seq,
  id: `e${seq}`,
  type: 'request.created',
  requestId: `req-${seq}`,
  modelRef: 'model:default/credit-default-scorer',
  actor: 'service:ci',
  client: 'web',
  comment: `note ${seq}`,
  payload: {},
  createdAt: '2026-11-22T10:00:00.000Z',
  prevHash: '0'.repeat(64),
  hash: String(seq).padStart(64, '0'),
});

describe('AuditTrailView (issue 13 item 1)', () => {
  it('shows the verified chain and loads the events page by page', async () => {
    const api = {
      verifyAuditChain: jest.fn(async () => ({
        valid: true,
        checked: 3,
        headHash: 'a'.repeat(64),
        firstBroken: null,
      })),
      listAuditEvents: jest
        .fn()
        .mockResolvedValueOnce({
          items: [event(1), event(2)],
          nextCursor: 'p2',
        })
        .mockRejectedValueOnce(new Error('backend restarting'))
        .mockResolvedValueOnce({ items: [event(3)] }),
      exportAudit: jest.fn(),
    } as Partial<ApprovalsApi> as jest.Mocked<ApprovalsApi>;
    await renderInTestApp(
      <TestApiProvider apis={[[approvalsApiRef, api], peoplePresentationApi()]}>
        <AuditTrailView modelRef="model:default/credit-default-scorer" />
      </TestApiProvider>,
    );
    expect(await screen.findByText('2+ events')).toBeInTheDocument();
    expect(screen.getByText('note 1')).toBeInTheDocument();
    expect(screen.queryByText('note 3')).not.toBeInTheDocument();
    expect(api.listAuditEvents).toHaveBeenCalledWith({
      modelRef: 'model:default/credit-default-scorer',
      requestId: undefined,
      limit: 50,
      cursor: undefined,
    });
    // A failed page keeps what was loaded and offers the button again.
    fireEvent.click(screen.getByRole('button', { name: 'Load more events' }));
    expect(
      await screen.findByText(
        /Could not load the next page: backend restarting/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('note 2')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Load more events' }));
    expect(await screen.findByText('3 events')).toBeInTheDocument();
    expect(screen.getByText('note 3')).toBeInTheDocument();
    expect(api.listAuditEvents).toHaveBeenLastCalledWith(
      expect.objectContaining({ cursor: 'p2' }),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: /Load more/ }),
      ).not.toBeInTheDocument(),
    );
    // The chain is verified once, as a whole.
    expect(api.verifyAuditChain).toHaveBeenCalledTimes(1);
  });
});
