import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import type { ApprovalPolicy } from '@modelops/plugin-modelops-common';
import { ApprovalsApi, approvalsApiRef } from '../../api/ApprovalsApi';
import { getComponentData } from '@backstage/core-plugin-api';
import { ModelopsPromotionPolicyFieldExtension } from '../../plugin';
import { PromotionPolicyField } from './PromotionPolicyField';

/*
 * The read-only policy field of the "Request promotion to production" template (issue 12 item 2).
 */
const policy: ApprovalPolicy = {
  id: 'high-risk-production',
  riskTiers: ['high'],
  targetStages: ['production'],
  requirements: [
    {
      id: 'model-risk',
      groups: ['group:default/model-risk-management'],
      count: 1,
    },
    { id: 'compliance', groups: ['group:default/compliance'], count: 1 },
  ],
  allowOwnerApproval: false,
  expiresAfterHours: 168,
  minimumReadiness: {
    scorecard: 'production-readiness',
    level: 2,
    levelName: 'Silver',
  },
};

async function renderField(api: Partial<ApprovalsApi>, formData: object) {
  const onChange = jest.fn();
  const props: any = {
    onChange,
    formContext: { formData },
    uiSchema: { 'ui:options': { modelField: 'model' } },
    schema: { title: 'Approval policy' },
    formData: undefined,
  };
  await renderInTestApp(
    <TestApiProvider apis={[[approvalsApiRef, api]]}>
      <PromotionPolicyField {...props} />
    </TestApiProvider>,
  );
  return { onChange };
}

describe('PromotionPolicyField', () => {
  it("shows the policy's minimum readiness and approvers for the chosen model, read-only", async () => {
    const getPolicy = jest.fn(async () => policy);
    const { onChange } = await renderField(
      { getPolicy },
      { model: 'model:default/credit-default-scorer' },
    );
    expect(
      await screen.findByTestId('promotion-policy-readiness'),
    ).toHaveTextContent(
      'Minimum readiness: Silver (production-readiness level 2). Checked before the promotion is recorded',
    );
    expect(screen.getByTestId('promotion-policy')).toHaveTextContent(
      'Approvers: model-risk (1 of group:default/model-risk-management), compliance (1 of group:default/compliance); not the owning team. The request expires after 168 hours.',
    );
    expect(getPolicy).toHaveBeenCalledWith(
      'model:default/credit-default-scorer',
      'production',
    );
    // No input to change: the value is only a summary for the review step.
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('combobox')).not.toBeInTheDocument();
    await waitFor(() =>
      expect(onChange).toHaveBeenCalledWith(
        'high-risk-production: minimum readiness Silver (production-readiness level 2)',
      ),
    );
  });

  it('asks for the model first, and says when no policy applies', async () => {
    const getPolicy = jest.fn(async () => {
      throw new Error('no approval policy applies');
    });
    await renderField({ getPolicy }, {});
    expect(
      await screen.findByText(
        'Choose the model first: its risk tier selects the policy.',
      ),
    ).toBeInTheDocument();
    expect(getPolicy).not.toHaveBeenCalled();
  });

  it('says when no policy applies to the model', async () => {
    await renderField(
      {
        getPolicy: jest.fn(async () => {
          throw new Error('no approval policy applies');
        }),
      },
      { model: 'model:default/x' },
    );
    expect(
      await screen.findByTestId('promotion-policy-error'),
    ).toHaveTextContent(
      'No approval policy applies to model:default/x → production: no approval policy applies. A request cannot be made.',
    );
  });
});

describe('ModelopsPromotionPolicyFieldExtension (legacy frontend system)', () => {
  it('registers the same field under the name the template uses', () => {
    expect(
      getComponentData<{ name: string; component: unknown }>(
        <ModelopsPromotionPolicyFieldExtension />,
        'scaffolder.extensions.field.v1',
      ),
    ).toMatchObject({
      name: 'ModelopsPromotionPolicy',
      component: PromotionPolicyField,
    });
  });
});
