import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { act, screen, waitFor } from '@testing-library/react';
import { ApprovalsApi, approvalsApiRef } from '../../api/ApprovalsApi';
import { ApprovalsNavIcon } from './ApprovalsNavIcon';
import { notifyApprovalsChanged } from './approvalsEvents';

/*
 * The count badge of the "My approvals" nav item (issue 12 item 4).
 */
describe('ApprovalsNavIcon', () => {
  const render = (api: Partial<ApprovalsApi>) =>
    renderInTestApp(
      <TestApiProvider apis={[[approvalsApiRef, api]]}>
        <ApprovalsNavIcon />
      </TestApiProvider>,
    );

  it('counts the requests waiting for the signed-in user, and refreshes after a decision in this tab', async () => {
    const inbox = jest
      .fn()
      .mockResolvedValueOnce({ items: [{ id: 'a' }, { id: 'b' }] })
      .mockResolvedValue({ items: [{ id: 'b' }] });
    await render({ inbox });
    await waitFor(() =>
      expect(screen.getByTestId('approvals-badge')).toHaveTextContent('2'),
    );
    expect(
      screen.getByLabelText('2 approval request(s) waiting for you'),
    ).toBeInTheDocument();
    act(() => notifyApprovalsChanged());
    await waitFor(() =>
      expect(screen.getByTestId('approvals-badge')).toHaveTextContent('1'),
    );
    expect(inbox).toHaveBeenCalledTimes(2);
    // One page of 100 (the badge shows 99+ beyond 99).
    expect(inbox).toHaveBeenCalledWith({ limit: 100 });
  });

  it('shows no count at zero or when the inbox cannot be read', async () => {
    const inbox = jest.fn().mockRejectedValue(new Error('401'));
    await render({ inbox });
    await waitFor(() => expect(inbox).toHaveBeenCalled());
    expect(screen.queryByLabelText(/waiting for you/)).not.toBeInTheDocument();
    expect(
      screen
        .getByTestId('approvals-badge')
        .querySelector('.MuiBadge-invisible'),
    ).not.toBeNull();
  });
});
