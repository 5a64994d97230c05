import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import type { ApprovalPolicy } from '@modelops/plugin-modelops-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import { useEffect } from 'react';
import { approvalsApiRef } from '../../api/ApprovalsApi';
import { useLoad } from '../../hooks/useLoad';

/** `ui:options` of the field. */
export interface PromotionPolicyFieldOptions {
  /** The form field that holds the model's entity ref (default `model`). */
  modelField?: string;
  /** Target stage (default `production`). */
  toStage?: string;
}

/** One line that says what the policy requires. */
export function describePolicy(policy: ApprovalPolicy): string {
  const min = policy.minimumReadiness;
  return `${policy.id}: ${
    min
      ? `minimum readiness ${min.levelName} (${min.scorecard} level ${min.level})`
      : 'no minimum readiness'
  }`;
}

/**
 * A read-only scaffolder field (`ui:field: ModelopsPromotionPolicy`): the approval policy that
 * applies to the model chosen earlier in the form (from `GET /api/modelops/approvals/models/:ns/
 * :name/policy`): its minimum readiness, approvers and expiry. The requester cannot change them;
 * the field's value is only a summary for the review step (the actions read the policy again).
 */
export function PromotionPolicyField(
  props: FieldExtensionComponentProps<string, PromotionPolicyFieldOptions>,
) {
  const api = useApi(approvalsApiRef);
  const options = props.uiSchema?.['ui:options'] ?? {};
  const toStage = options.toStage ?? 'production';
  const formData = (props.formContext?.formData ?? {}) as Record<
    string,
    unknown
  >;
  const modelRef = formData[options.modelField ?? 'model'];
  const {
    value: policy,
    error,
    loading,
  } = useLoad(
    async () =>
      typeof modelRef === 'string' && modelRef
        ? api.getPolicy(modelRef, toStage)
        : undefined,
    [api, modelRef, toStage],
  );
  const { onChange, formData: current } = props;
  const summary = policy ? describePolicy(policy) : undefined;
  useEffect(() => {
    // Only on a change: the form re-renders (with a new onChange) after every value it takes.
    if (summary !== undefined && summary !== current) onChange(summary);
  }, [summary, current, onChange]);

  const title = props.schema?.title ?? 'Approval policy';
  if (typeof modelRef !== 'string' || !modelRef) {
    return (
      <Typography variant="body2" color="textSecondary">
        Choose the model first: its risk tier selects the policy.
      </Typography>
    );
  }
  if (loading && !policy) return <Progress />;
  if (error || !policy) {
    return (
      <Alert severity="error" data-testid="promotion-policy-error">
        No approval policy applies to {modelRef} → {toStage}
        {error ? `: ${error.message}` : ''}. A request cannot be made.
      </Alert>
    );
  }
  const min = policy.minimumReadiness;
  return (
    <Box data-testid="promotion-policy" mb={2}>
      <Typography variant="subtitle1">{title}</Typography>
      <Typography variant="body2" paragraph>
        Policy <b>{policy.title ?? policy.id}</b> applies to {modelRef} →{' '}
        {toStage}. It is set by the platform team in the portal's configuration;
        you cannot change it here.
      </Typography>
      <Typography variant="body2" data-testid="promotion-policy-readiness">
        Minimum readiness:{' '}
        {min ? (
          <b>
            {min.levelName} ({min.scorecard} level {min.level})
          </b>
        ) : (
          'none'
        )}
        {min
          ? '. Checked before the promotion is recorded; the promotion is refused below it.'
          : '.'}
      </Typography>
      <Typography variant="body2">
        Approvers:{' '}
        {policy.requirements
          .map(
            r =>
              `${r.title ?? r.id} (${r.count} of ${r.groups
                .map(g => (g === 'owner' ? 'the owning team' : g))
                .join(' or ')})`,
          )
          .join(', ')}
        {policy.allowOwnerApproval ? '' : '; not the owning team'}. The request
        expires after {policy.expiresAfterHours} hours.
      </Typography>
    </Box>
  );
}

/** The field as a scaffolder form field (new frontend system: `FormFieldBlueprint`). */
export const promotionPolicyFormField = createFormField({
  name: 'ModelopsPromotionPolicy',
  component: PromotionPolicyField,
});
