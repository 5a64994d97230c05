import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  chip: { fontWeight: 600 },
  top: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  mid: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.info.contrastText,
  },
  low: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  blocked: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
}));

/** Props of {@link ScorecardLevelChip}. */
export interface ScorecardLevelChipProps {
  level: number;
  levelName: string;
  maxLevel: number;
  blocked?: boolean;
  size?: 'small' | 'medium';
}

/** A level badge: `Silver · 2/3`, coloured by how far up the scale it is; red when blocked. */
export function ScorecardLevelChip(props: ScorecardLevelChipProps) {
  const classes = useStyles();
  const { level, levelName, maxLevel, blocked } = props;
  let tone = classes.low;
  if (blocked) tone = classes.blocked;
  else if (level === maxLevel) tone = classes.top;
  else if (level * 2 >= maxLevel) tone = classes.mid;
  const label = `${
    blocked ? 'Blocked · ' : ''
  }${levelName} · ${level}/${maxLevel}`;
  return (
    <Chip
      size={props.size ?? 'small'}
      className={`${classes.chip} ${tone}`}
      label={label}
      aria-label={`level ${label}`}
    />
  );
}
