import type { CheckResultStatus } from '@modelops/plugin-modelops-common';
import CheckCircle from '@material-ui/icons/CheckCircle';
import Cancel from '@material-ui/icons/Cancel';
import RemoveCircleOutline from '@material-ui/icons/RemoveCircleOutline';
import AssignmentTurnedIn from '@material-ui/icons/AssignmentTurnedIn';
import HelpOutline from '@material-ui/icons/HelpOutline';
import { useTheme } from '@material-ui/core/styles';

const LABELS: Record<CheckResultStatus, string> = {
  pass: 'passed',
  fail: 'failed',
  'not-applicable': 'not applicable',
  'not-evaluated': 'not evaluated',
  waived: 'waived by exemption',
};

/** The label of a check status, for screen readers and tooltips. */
export function checkStatusLabel(status: CheckResultStatus): string {
  return LABELS[status];
}

/** An icon per check status (with an accessible label). */
export function CheckStatusIcon(props: { status: CheckResultStatus }) {
  const theme = useTheme();
  const common = {
    fontSize: 'small' as const,
    titleAccess: LABELS[props.status],
  };
  switch (props.status) {
    case 'pass':
      return (
        <CheckCircle
          {...common}
          style={{ color: theme.palette.success.main }}
        />
      );
    case 'fail':
      return <Cancel {...common} style={{ color: theme.palette.error.main }} />;
    case 'waived':
      return (
        <AssignmentTurnedIn
          {...common}
          style={{ color: theme.palette.info.main }}
        />
      );
    case 'not-evaluated':
      return (
        <HelpOutline
          {...common}
          style={{ color: theme.palette.warning.main }}
        />
      );
    default:
      return <RemoveCircleOutline {...common} color="disabled" />;
  }
}
