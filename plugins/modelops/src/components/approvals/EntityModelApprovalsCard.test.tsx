import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  ApprovalRequestDetail,
  ApprovalsApi,
  approvalsApiRef,
} from '../../api/ApprovalsApi';
import { EntityModelApprovalsCard } from './EntityModelApprovalsCard';
import { MyApprovalsPage } from './MyApprovalsPage';
import { approvalsRouteRef } from './routes';
import { entityRoute, peoplePresentationApi } from '../../__fixtures__/people';

// Rendering the tables takes several seconds on a loaded 2-core machine.
jest.setTimeout(30_000);

/** Matches an element whose whole text is `text`, even when it is split over links. */
const wholeText = (text: string) => (_: string, el: Element | null) =>
  el?.textContent === text &&
  Array.from(el.children).every(c => c.textContent !== text);

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
      { version: '3.2.0', stage: 'production' },
      { version: '3.3.0', stage: 'staging' },
    ],
  },
};

function request(
  viewer: Partial<ApprovalRequestDetail['viewer']> = {},
): ApprovalRequestDetail {
  return {
    id: 'req-1',
    modelRef: 'model:default/credit-default-scorer',
    modelVersion: '3.3.0',
    fromStage: 'staging',
    toStage: 'production',
    requester: 'user:default/priya.raman',
    justification: 'AUC +0.006 on the 2026 holdout',
    links: [
      { url: 'https://mlflow.example/run/1', title: 'Evaluation report' },
    ],
    ownerRef: 'group:default/credit-risk-ds',
    riskTier: 'high',
    policyId: 'high-risk-production',
    requirements: [],
    allowOwnerApproval: false,
    state: 'pending',
    createdAt: '2026-11-22T10:00:00Z',
    expiresAt: '2026-11-29T10:00:00Z',
    closedAt: null,
    promotedAt: null,
    decisions: [
      {
        id: 'd1',
        requestId: 'req-1',
        decider: 'user:default/grace.liu',
        decision: 'approve',
        requirementId: 'compliance',
        eligibleRequirementIds: ['compliance'],
        comment: 'fairness ok',
        createdAt: '2026-11-22T11:00:00Z',
      },
    ],
    progress: [
      {
        requirementId: 'model-risk',
        title: 'Model Risk Management',
        groups: ['group:default/model-risk-management'],
        count: 1,
        approvers: [],
        missing: 1,
      },
      {
        requirementId: 'compliance',
        title: 'Compliance',
        groups: ['group:default/compliance'],
        count: 1,
        approvers: ['user:default/grace.liu'],
        missing: 0,
      },
    ],
    viewer: {
      canApprove: false,
      canReject: false,
      reason: null,
      isRequester: false,
      ...viewer,
    },
  };
}

function mockApi(
  detail: ApprovalRequestDetail,
  promotions: any[] = [],
): jest.Mocked<ApprovalsApi> {
  return {
    listRequests: jest.fn(async () => ({ items: [detail] })),
    getRequest: jest.fn(async () => detail),
    inbox: jest.fn(async () => ({ items: [detail] })),
    createRequest: jest.fn(),
    decide: jest.fn(async () => ({
      decision: detail.decisions[0],
      request: detail,
    })),
    cancel: jest.fn(),
    listPromotions: jest.fn(async () => promotions),
    listAuditEvents: jest.fn(async () => ({ items: [] })),
    verifyAuditChain: jest.fn(async () => ({
      valid: true,
      checked: 3,
      headHash: 'a'.repeat(64),
      firstBroken: null,
    })),
    exportAudit: jest.fn(async () => ''),
    currentUser: jest.fn(async () => 'user:default/fatima.haddad'),
  } as any;
}

function renderCard(api: ApprovalsApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[approvalsApiRef, api], peoplePresentationApi()]}>
      <EntityProvider entity={entity as any}>
        <EntityModelApprovalsCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/approvals': approvalsRouteRef, ...entityRoute } },
  );
}

describe('EntityModelApprovalsCard', () => {
  it('shows the current request, its progress and decisions, and lets an eligible approver decide with a comment', async () => {
    const api = mockApi(request({ canApprove: true, canReject: true }));
    await renderCard(api);
    expect(
      await screen.findByText('Model Risk Management: 0/1'),
    ).toBeInTheDocument();
    expect(screen.getByText('Compliance: 1/1 ✓')).toBeInTheDocument();
    // People by their catalog display names, linked to their profiles (issue 12 item 11).
    expect(
      await screen.findByText(wholeText('Grace Liu approved (compliance)')),
    ).toBeInTheDocument();
    expect(
      screen.getAllByRole('link', { name: 'Grace Liu' })[0],
    ).toHaveAttribute('href', '/catalog/default/user/grace.liu');
    expect(
      screen.getByText(wholeText('Model Risk Management')),
    ).toBeInTheDocument();
    expect(screen.getByText(/^Requested by/).textContent).toMatch(
      /^Requested by Priya Raman on /,
    );
    expect(screen.queryByText(/user:default\//)).not.toBeInTheDocument();
    expect(screen.getByText('Evaluation report')).toBeInTheDocument();
    expect(api.listRequests).toHaveBeenCalledWith({
      modelRef: 'model:default/credit-default-scorer',
      limit: 20,
      cursor: undefined,
    });
    fireEvent.change(screen.getByLabelText('Decision comment'), {
      target: { value: 'validation report reviewed' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    // Nothing is sent before the confirmation, which says what happens (issue 12 item 3).
    expect(
      await screen.findByTestId('approval-confirm-text'),
    ).toHaveTextContent(
      'You approve model:default/credit-default-scorer 3.3.0 → production. This is the last approval the request needs: it becomes approved',
    );
    expect(api.decide).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Confirm approval' }));
    await waitFor(() =>
      expect(api.decide).toHaveBeenCalledWith(
        'req-1',
        'approve',
        'validation report reviewed',
      ),
    );
  });

  it('needs a reason to reject, and a confirmation that says the request closes for everybody (issue 12 item 3)', async () => {
    const api = mockApi(request({ canApprove: true, canReject: true }));
    await renderCard(api);
    const reject = await screen.findByRole('button', { name: 'Reject' });
    expect(reject).toBeDisabled();
    fireEvent.change(screen.getByLabelText('Decision comment'), {
      target: { value: '   ' },
    });
    expect(reject).toBeDisabled();
    fireEvent.change(screen.getByLabelText('Decision comment'), {
      target: { value: 'no fairness analysis' },
    });
    expect(reject).toBeEnabled();
    fireEvent.click(reject);
    expect(await screen.findByText('Reject this request?')).toBeInTheDocument();
    expect(screen.getByTestId('approval-confirm-text')).toHaveTextContent(
      'You reject model:default/credit-default-scorer 3.3.0 → production with the reason "no fairness analysis". The request is closed as rejected for everybody, the requester is notified',
    );
    // Back: nothing is sent.
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    await waitFor(() =>
      expect(
        screen.queryByText('Reject this request?'),
      ).not.toBeInTheDocument(),
    );
    expect(api.decide).not.toHaveBeenCalled();
    fireEvent.click(await screen.findByRole('button', { name: 'Reject' }));
    fireEvent.click(
      await screen.findByRole('button', { name: 'Confirm rejection' }),
    );
    await waitFor(() =>
      expect(api.decide).toHaveBeenCalledWith(
        'req-1',
        'reject',
        'no fairness analysis',
      ),
    );
  });

  it('lets the requester cancel her pending request after a confirmation (issue 12 item 3)', async () => {
    const api = mockApi(
      request({
        isRequester: true,
        reason:
          'segregation of duties: the requester cannot decide on their own request',
      }),
    );
    await renderCard(api);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Cancel request' }),
    );
    expect(screen.getByTestId('approval-confirm-text')).toHaveTextContent(
      'You cancel your request for model:default/credit-default-scorer 3.3.0 → production. Approvers can no longer decide on it',
    );
    expect(api.cancel).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('Cancellation comment'), {
      target: { value: 'wrong version' },
    });
    const dialog = screen.getByRole('dialog');
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel request' }),
    );
    await waitFor(() =>
      expect(api.cancel).toHaveBeenCalledWith('req-1', 'wrong version'),
    );
  });

  it('offers no cancel button to anyone but the requester', async () => {
    await renderCard(mockApi(request({ canApprove: true, canReject: true })));
    await screen.findByRole('button', { name: 'Approve' });
    expect(
      screen.queryByRole('button', { name: 'Cancel request' }),
    ).not.toBeInTheDocument();
  });

  it('shows no decision buttons to the requester, with the reason', async () => {
    await renderCard(
      mockApi(
        request({
          isRequester: true,
          reason:
            'segregation of duties: the requester cannot decide on their own request',
        }),
      ),
    );
    expect(await screen.findByTestId('viewer-reason')).toHaveTextContent(
      'requester cannot decide',
    );
    expect(
      screen.queryByRole('button', { name: 'Approve' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Reject' }),
    ).not.toBeInTheDocument();
  });

  it('marks the catalog production version unverified without a recorded promotion, verified with one', async () => {
    await renderCard(mockApi(request()));
    expect(
      await screen.findByTestId('production-unverified'),
    ).toHaveTextContent(
      'version 3.2.0 is in production, but no approved promotion is recorded',
    );
  });

  it('verified production version', async () => {
    await renderCard(
      mockApi(request(), [
        {
          id: 'p',
          requestId: 'req-0-abcdef',
          modelRef: 'model:default/credit-default-scorer',
          modelVersion: '3.2.0',
          fromStage: 'staging',
          toStage: 'production',
          promotedBy: 'user:default/priya.raman',
          createdAt: '2026-09-14T00:00:00Z',
        },
      ]),
    );
    expect(await screen.findByTestId('production-verified')).toHaveTextContent(
      'Version 3.2.0 is in production through approved request',
    );
  });

  it('shows server errors of a decision', async () => {
    const api = mockApi(request({ canApprove: true, canReject: true }));
    api.decide.mockRejectedValueOnce(
      new Error(
        'request req-1 is approved; only pending requests take decisions',
      ),
    );
    await renderCard(api);
    fireEvent.change(await screen.findByLabelText('Decision comment'), {
      target: { value: 'too late' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Reject' }));
    fireEvent.click(
      await screen.findByRole('button', { name: 'Confirm rejection' }),
    );
    expect(
      await screen.findByText(
        'request req-1 is approved; only pending requests take decisions',
      ),
    ).toBeInTheDocument();
  });
});

describe('MyApprovalsPage', () => {
  it('lists requests waiting for the signed-in user and their own requests', async () => {
    const api = mockApi(request({ canApprove: true }));
    api.listRequests.mockResolvedValueOnce({ items: [] });
    await renderInTestApp(
      <TestApiProvider apis={[[approvalsApiRef, api], peoplePresentationApi()]}>
        <MyApprovalsPage />
      </TestApiProvider>,
      { mountedRoutes: { '/approvals': approvalsRouteRef, ...entityRoute } },
    );
    expect(
      await screen.findByText(wholeText('Signed in as Fatima Haddad')),
    ).toBeInTheDocument();
    // The requester column shows the display name (issue 12 item 11).
    expect(
      await screen.findByRole('link', { name: 'Priya Raman' }),
    ).toBeInTheDocument();
    expect(screen.getByText('credit-default-scorer')).toBeInTheDocument();
    expect(screen.getByText('Waiting for my decision (1)')).toBeInTheDocument();
    expect(screen.getByText('Model Risk Management (1)')).toBeInTheDocument();
    expect(
      screen.getByText('You have not requested any approvals.'),
    ).toBeInTheDocument();
    expect(api.listRequests).toHaveBeenCalledWith({
      requester: 'user:default/fatima.haddad',
      cursor: undefined,
    });
  });

  it('loads the inbox and my requests page by page with "Load more" (issue 13 item 1)', async () => {
    const base = request({ canApprove: true });
    const req = (id: string, modelVersion: string) => ({
      ...base,
      id,
      modelVersion,
    });
    const api = mockApi(base);
    api.inbox
      .mockResolvedValueOnce({ items: [req('a', '1.0.1')], nextCursor: 'c1' })
      .mockResolvedValueOnce({ items: [req('b', '1.0.2')] });
    api.listRequests.mockResolvedValueOnce({
      items: [req('m1', '2.0.1'), req('m2', '2.0.2')],
      nextCursor: 'm-next',
    });
    api.listRequests.mockResolvedValueOnce({ items: [req('m3', '2.0.3')] });
    await renderInTestApp(
      <TestApiProvider apis={[[approvalsApiRef, api], peoplePresentationApi()]}>
        <MyApprovalsPage />
      </TestApiProvider>,
      { mountedRoutes: { '/approvals': approvalsRouteRef, ...entityRoute } },
    );
    expect(
      await screen.findByText('Waiting for my decision (1+)'),
    ).toBeInTheDocument();
    const inbox = within(screen.getByTestId('my-approvals-inbox'));
    const mine = within(screen.getByTestId('my-requests'));
    expect(inbox.getByText('1.0.1')).toBeInTheDocument();
    expect(inbox.queryByText('1.0.2')).not.toBeInTheDocument();
    expect(await mine.findByText('2.0.2')).toBeInTheDocument();

    fireEvent.click(inbox.getByRole('button', { name: 'Load more requests' }));
    expect(
      await screen.findByText('Waiting for my decision (2)'),
    ).toBeInTheDocument();
    expect(inbox.getByText('1.0.1')).toBeInTheDocument();
    expect(inbox.getByText('1.0.2')).toBeInTheDocument();
    expect(api.inbox).toHaveBeenLastCalledWith({ cursor: 'c1' });
    // The last page: no button.
    expect(
      inbox.queryByRole('button', { name: /Load more/ }),
    ).not.toBeInTheDocument();

    fireEvent.click(mine.getByRole('button', { name: 'Load more requests' }));
    expect(await mine.findByText('2.0.3')).toBeInTheDocument();
    expect(mine.getByText('2.0.1')).toBeInTheDocument();
    expect(api.listRequests).toHaveBeenLastCalledWith({
      requester: 'user:default/fatima.haddad',
      cursor: 'm-next',
    });
    expect(
      mine.queryByRole('button', { name: /Load more/ }),
    ).not.toBeInTheDocument();
  });
});
