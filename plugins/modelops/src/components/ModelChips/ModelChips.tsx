import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import type {
  EuAiActCategory,
  ModelRiskTier,
  ModelVersionStage,
  ProductionStatus,
} from '@modelops/plugin-modelops-common';

const filled = (theme: Theme, color: string) => ({
  backgroundColor: color,
  color: theme.palette.getContrastText(color),
});

const outlined = (color: string) => ({
  borderColor: color,
  color,
});

const useStyles = makeStyles(
  theme => ({
    success: filled(theme, theme.palette.success.main),
    warning: filled(theme, theme.palette.warning.main),
    error: filled(theme, theme.palette.error.main),
    errorOutlined: outlined(theme.palette.error.main),
    warningOutlined: outlined(theme.palette.warning.dark),
    primary: filled(theme, theme.palette.primary.main),
    info: filled(theme, theme.palette.info.main),
  }),
  { name: 'ModelopsModelChips' },
);

type Tone = Exclude<keyof ReturnType<typeof useStyles>, never>;

const RISK_TIER: Record<ModelRiskTier, { label: string; tone: Tone }> = {
  low: { label: 'Low', tone: 'success' },
  medium: { label: 'Medium', tone: 'warning' },
  high: { label: 'High', tone: 'error' },
};

/**
 * The risk tier of a model as a coloured chip: low green, medium amber, high red.
 * Without a tier it says "Not assessed".
 */
export function RiskTierChip(props: { riskTier?: ModelRiskTier }) {
  const classes = useStyles();
  const tier = props.riskTier ? RISK_TIER[props.riskTier] : undefined;
  if (!tier) {
    return <Chip size="small" variant="outlined" label="Not assessed" />;
  }
  return (
    <Chip
      size="small"
      label={tier.label}
      className={classes[tier.tone]}
      data-risk-tier={props.riskTier}
      aria-label={`Risk tier: ${tier.label}`}
    />
  );
}

const EU_AI_ACT: Record<
  EuAiActCategory,
  { label: string; tone?: Tone; variant: 'default' | 'outlined' }
> = {
  prohibited: { label: 'Prohibited', tone: 'error', variant: 'default' },
  'high-risk': {
    label: 'High-risk',
    tone: 'errorOutlined',
    variant: 'outlined',
  },
  limited: {
    label: 'Limited risk',
    tone: 'warningOutlined',
    variant: 'outlined',
  },
  minimal: { label: 'Minimal risk', variant: 'outlined' },
};

/** The EU AI Act category of a model as a chip; prohibited and high-risk stand out in red. */
export function EuAiActCategoryChip(props: { category?: EuAiActCategory }) {
  const classes = useStyles();
  const category = props.category ? EU_AI_ACT[props.category] : undefined;
  if (!category) {
    return <Chip size="small" variant="outlined" label="Not assessed" />;
  }
  return (
    <Chip
      size="small"
      variant={category.variant}
      label={category.label}
      className={category.tone ? classes[category.tone] : undefined}
      data-eu-ai-act-category={props.category}
      aria-label={`EU AI Act category: ${category.label}`}
    />
  );
}

const STAGE: Record<ModelVersionStage, { label: string; tone?: Tone }> = {
  none: { label: 'None' },
  development: { label: 'Development', tone: 'info' },
  staging: { label: 'Staging', tone: 'warning' },
  production: { label: 'Production', tone: 'success' },
  archived: { label: 'Archived' },
};

/** The stage of a model version as a chip; production is green. */
export function VersionStageChip(props: { stage?: ModelVersionStage }) {
  const classes = useStyles();
  const stage = props.stage ? STAGE[props.stage] : undefined;
  const label = stage?.label ?? props.stage ?? 'Unknown';
  return (
    <Chip
      size="small"
      variant={stage?.tone ? 'default' : 'outlined'}
      label={label}
      className={stage?.tone ? classes[stage.tone] : undefined}
      data-stage={props.stage}
    />
  );
}

/**
 * A model's production status as decided by `productionStatus` (`-common`): green _Approved_
 * when a promotion to production is recorded, amber _Unverified_ when the catalog declares a
 * production version that no promotion backs, nothing when no version is in production. The
 * summary sentence is its tooltip and accessible name, so every page flags it the same way.
 */
export function ProductionStatusChip(props: { status: ProductionStatus }) {
  const classes = useStyles();
  const { status } = props.status;
  if (status === 'none') return null;
  const approved = status === 'approved';
  return (
    <Chip
      size="small"
      variant={approved ? 'default' : 'outlined'}
      label={approved ? 'Approved' : 'Unverified'}
      className={approved ? classes.success : classes.warningOutlined}
      title={props.status.summary}
      aria-label={props.status.summary}
      data-production-status={status}
    />
  );
}
