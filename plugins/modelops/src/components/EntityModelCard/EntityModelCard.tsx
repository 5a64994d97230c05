import { InfoCard, Link } from '@backstage/core-components';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { ReactNode } from 'react';
import { paragraphs, summarizeModel } from '../../model/modelSummary';
import {
  EuAiActCategoryChip,
  ProductionStatusChip,
  RiskTierChip,
} from '../ModelChips';

const useStyles = makeStyles(
  theme => ({
    label: {
      color: theme.palette.text.secondary,
      textTransform: 'uppercase',
      fontSize: '10px',
      fontWeight: 'bold',
      letterSpacing: 0.5,
      overflow: 'hidden',
      whiteSpace: 'nowrap',
    },
    value: {
      overflowWrap: 'anywhere',
    },
    missing: {
      color: theme.palette.text.secondary,
    },
    production: {
      display: 'inline-flex',
      alignItems: 'center',
      gap: theme.spacing(0.75),
    },
    tags: {
      display: 'flex',
      flexWrap: 'wrap',
      gap: theme.spacing(0.5),
    },
  }),
  { name: 'ModelopsEntityModelCard' },
);

function Field(props: {
  label: string;
  children?: ReactNode;
  xs?: 12 | 6;
  sm?: 12 | 6 | 4;
}) {
  const classes = useStyles();
  const { label, children, xs = 6, sm = 4 } = props;
  return (
    <Grid item xs={xs} sm={sm} component="dl" style={{ margin: 0 }}>
      <Typography component="dt" className={classes.label}>
        {label}
      </Typography>
      <Typography
        component="dd"
        variant="body2"
        className={classes.value}
        style={{ margin: 0 }}
      >
        {children ?? <span className={classes.missing}>Unknown</span>}
      </Typography>
    </Grid>
  );
}

function Paragraphs(props: { text: string }) {
  return (
    <>
      {paragraphs(props.text).map((paragraph, index) => (
        <Typography key={index} variant="body2" paragraph>
          {paragraph}
        </Typography>
      ))}
    </>
  );
}

/** Props of {@link EntityModelCard}. */
export interface EntityModelCardProps {
  /** Card title; defaults to the model's title or name. */
  title?: string;
}

/**
 * The model card of a `kind: Model` entity: what it is, who owns it, its risk
 * classification, intended use and limitations, production version, tags and links.
 */
export function EntityModelCard(props: EntityModelCardProps) {
  const classes = useStyles();
  const { entity } = useEntity();
  const model = summarizeModel(entity);
  const links = [
    ...(model.registryUrl
      ? [{ url: model.registryUrl, title: 'Model registry' }]
      : []),
    ...(entity.metadata.links ?? []).filter(
      link => link.url !== model.registryUrl,
    ),
  ];

  return (
    <InfoCard
      title={props.title ?? model.title ?? model.name}
      subheader={model.description}
      variant="gridItem"
    >
      <Grid container spacing={2}>
        <Field label="Type">{model.type}</Field>
        <Field label="Framework">{model.framework}</Field>
        <Field label="Owner">
          {model.owner && (
            <EntityRefLink entityRef={model.owner} defaultKind="group" />
          )}
        </Field>
        <Field label="System">
          {model.system && (
            <EntityRefLink entityRef={model.system} defaultKind="system" />
          )}
        </Field>
        <Field label="Lifecycle">{model.lifecycle}</Field>
        <Field label="Production version">
          {model.productionVersion ? (
            <span className={classes.production}>
              {model.productionVersion}{' '}
              <ProductionStatusChip status={model.production} />
            </span>
          ) : (
            <span className={classes.missing}>None in production</span>
          )}
        </Field>
        <Field label="Risk tier">
          <RiskTierChip riskTier={model.riskTier} />
        </Field>
        <Field label="EU AI Act category">
          <EuAiActCategoryChip category={model.euAiActCategory} />
        </Field>
        <Field label="Tags">
          {model.tags.length > 0 ? (
            <span className={classes.tags}>
              {model.tags.map(tag => (
                <Chip key={tag} size="small" label={tag} />
              ))}
            </span>
          ) : (
            <span className={classes.missing}>No tags</span>
          )}
        </Field>

        <Grid item xs={12} component="section" aria-label="Intended use">
          <Typography variant="h6" component="h3" gutterBottom>
            Intended use
          </Typography>
          {model.intendedUse ? (
            <Paragraphs text={model.intendedUse} />
          ) : (
            <Typography variant="body2" className={classes.missing}>
              Not documented
            </Typography>
          )}
        </Grid>

        <Grid item xs={12} component="section" aria-label="Limitations">
          <Typography variant="h6" component="h3" gutterBottom>
            Limitations
          </Typography>
          {model.limitations ? (
            <Paragraphs text={model.limitations} />
          ) : (
            <Alert severity="warning">
              Not documented. Add <code>spec.limitations</code> so reviewers and
              users know where this model must not be used.
            </Alert>
          )}
        </Grid>

        {links.length > 0 && (
          <Grid item xs={12} component="section" aria-label="Links">
            <Typography variant="h6" component="h3" gutterBottom>
              Links
            </Typography>
            <Box component="ul" m={0} pl={2}>
              {links.map(link => (
                <li key={link.url}>
                  <Typography variant="body2">
                    <Link to={link.url}>{link.title ?? link.url}</Link>
                  </Typography>
                </li>
              ))}
            </Box>
          </Grid>
        )}
      </Grid>
    </InfoCard>
  );
}
