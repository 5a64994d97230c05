import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import {
  FilterOption,
  ModelInventoryFilters as Filters,
} from '../../model/modelInventory';

function FilterSelect(props: {
  id: string;
  label: string;
  value?: string;
  options: FilterOption[];
  onChange: (value: string | undefined) => void;
}) {
  const { id, label, value, options, onChange } = props;
  return (
    <TextField
      id={id}
      select
      fullWidth
      variant="outlined"
      size="small"
      label={label}
      value={value ?? ''}
      onChange={event => onChange(event.target.value || undefined)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
    >
      <option value="">All</option>
      {options.map(option => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </TextField>
  );
}

/** The text search and the owner, risk tier and type filters of the model inventory. */
export function ModelInventoryFilters(props: {
  value: Filters;
  onChange: (filters: Filters) => void;
  options: {
    owners: FilterOption[];
    riskTiers: FilterOption[];
    types: FilterOption[];
  };
}) {
  const { value, onChange, options } = props;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={3}>
        <TextField
          id="modelops-filter-text"
          fullWidth
          variant="outlined"
          size="small"
          type="search"
          label="Search"
          placeholder="name, owner, system, tag..."
          value={value.text ?? ''}
          onChange={event =>
            onChange({ ...value, text: event.target.value || undefined })
          }
          InputLabelProps={{ shrink: true }}
        />
      </Grid>
      <Grid item xs={12} sm={4} md={3}>
        <FilterSelect
          id="modelops-filter-owner"
          label="Owner"
          value={value.owner}
          options={options.owners}
          onChange={owner => onChange({ ...value, owner })}
        />
      </Grid>
      <Grid item xs={12} sm={4} md={3}>
        <FilterSelect
          id="modelops-filter-risk-tier"
          label="Risk tier"
          value={value.riskTier}
          options={options.riskTiers}
          onChange={riskTier => onChange({ ...value, riskTier })}
        />
      </Grid>
      <Grid item xs={12} sm={4} md={3}>
        <FilterSelect
          id="modelops-filter-type"
          label="Type"
          value={value.type}
          options={options.types}
          onChange={type => onChange({ ...value, type })}
        />
      </Grid>
    </Grid>
  );
}
