import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import {
  DATASET_STATE_LABELS,
  DatasetDriftState,
  FEATURE_VERDICT_LABELS,
  FeatureDriftVerdict,
} from '../../../drift/driftStatus';

const filled = (theme: Theme, color: string) => ({
  backgroundColor: color,
  color: theme.palette.getContrastText(color),
});

const useStyles = makeStyles(
  theme => ({
    drift: filled(theme, theme.palette.error.main),
    ok: filled(theme, theme.palette.success.main),
    warning: {
      borderColor: theme.palette.warning.dark,
      color: theme.palette.warning.dark,
    },
  }),
  { name: 'ModelopsDriftStatusChip' },
);

type Tone = 'drift' | 'ok' | 'warning' | 'none';

const TONES: Record<DatasetDriftState | FeatureDriftVerdict, Tone> = {
  drift: 'drift',
  'features-drifted': 'warning',
  'no-drift': 'ok',
  'insufficient-data': 'warning',
  'no-reference-data': 'warning',
  'no-data': 'none',
};

function StateChip(props: {
  state: DatasetDriftState | FeatureDriftVerdict;
  label: string;
  ariaPrefix: string;
}) {
  const classes = useStyles();
  const tone = TONES[props.state];
  return (
    <Chip
      size="small"
      label={props.label}
      variant={tone === 'drift' || tone === 'ok' ? 'default' : 'outlined'}
      className={tone === 'none' ? undefined : classes[tone]}
      data-drift-state={props.state}
      aria-label={`${props.ariaPrefix}: ${props.label}`}
    />
  );
}

/**
 * The dataset status of a model's newest window: Drift (red), Features drifted (some features, fewer
 * than the dataset's drift share: amber), No drift (green), Insufficient data, No data.
 */
export function DatasetDriftChip(props: { state: DatasetDriftState }) {
  return (
    <StateChip
      state={props.state}
      label={DATASET_STATE_LABELS[props.state]}
      ariaPrefix="Dataset status"
    />
  );
}

/** The verdict of one feature in one window. */
export function FeatureVerdictChip(props: {
  verdict: FeatureDriftVerdict;
  feature?: string;
}) {
  return (
    <StateChip
      state={props.verdict}
      label={FEATURE_VERDICT_LABELS[props.verdict]}
      ariaPrefix={props.feature ? `Verdict of ${props.feature}` : 'Verdict'}
    />
  );
}
