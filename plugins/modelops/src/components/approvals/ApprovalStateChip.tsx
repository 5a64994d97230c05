import Chip from '@material-ui/core/Chip';
import type { ApprovalRequestState } from '@modelops/plugin-modelops-common';

const COLORS: Record<
  ApprovalRequestState,
  'default' | 'primary' | 'secondary'
> = {
  pending: 'primary',
  approved: 'primary',
  rejected: 'secondary',
  cancelled: 'default',
  expired: 'default',
};

/** The state of an approval request as a chip. */
export function ApprovalStateChip(props: { state: ApprovalRequestState }) {
  return (
    <Chip
      size="small"
      label={props.state}
      color={COLORS[props.state]}
      variant={props.state === 'pending' ? 'outlined' : 'default'}
      data-testid="approval-state"
    />
  );
}
