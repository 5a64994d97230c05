import { Entity } from '@backstage/catalog-model';
import {
  Content,
  ContentHeader,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  SupportButton,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  filterInventory,
  inventoryFilterOptions,
  inventoryFiltersFromParams,
  inventoryFiltersToParams,
  ModelInventoryFilters as Filters,
  riskTierRank,
} from '../../model/modelInventory';
import { ModelSummary, summarizeModel } from '../../model/modelSummary';
import {
  EuAiActCategoryChip,
  ProductionStatusChip,
  RiskTierChip,
} from '../ModelChips';
import { ModelInventoryFilters } from './ModelInventoryFilters';
import { useModelEntities } from './useModelEntities';

type InventoryRow = ModelSummary & { id: string; entity: Entity };

const byText =
  (value: (row: InventoryRow) => string | undefined) =>
  (a: InventoryRow, b: InventoryRow) =>
    (value(a) ?? '').localeCompare(value(b) ?? '');

// Narrow screens (1024 px): words wrap only between words, short values never wrap; the table
// scrolls sideways instead of breaking "classification" into "classific-ation".
const wrapWords = { wordBreak: 'normal', overflowWrap: 'normal' } as const;
const noWrap = { ...wrapWords, whiteSpace: 'nowrap' } as const;

const columnsWithoutStyles: TableColumn<InventoryRow>[] = [
  {
    title: 'Name',
    field: 'name',
    highlight: true,
    render: row => <EntityRefLink entityRef={row.entity} />,
  },
  { title: 'Type', field: 'type' },
  {
    title: 'Owner',
    field: 'owner',
    customSort: byText(row => row.owner?.name),
    render: row =>
      row.owner ? (
        <EntityRefLink entityRef={row.owner} defaultKind="group" />
      ) : (
        '-'
      ),
  },
  {
    title: 'System',
    field: 'system',
    customSort: byText(row => row.system?.name),
    render: row =>
      row.system ? (
        <EntityRefLink entityRef={row.system} defaultKind="system" />
      ) : (
        '-'
      ),
  },
  { title: 'Lifecycle', field: 'lifecycle' },
  {
    title: 'Risk tier',
    field: 'riskTier',
    customSort: (a, b) => riskTierRank(a) - riskTierRank(b),
    render: row => <RiskTierChip riskTier={row.riskTier} />,
  },
  {
    title: 'EU AI Act',
    field: 'euAiActCategory',
    render: row => <EuAiActCategoryChip category={row.euAiActCategory} />,
  },
  {
    title: 'Production version',
    field: 'productionVersion',
    customSort: byText(row => row.productionVersion),
    render: row =>
      row.productionVersion ? (
        <Box display="flex" alignItems="center" style={{ gap: 6 }}>
          <span>{row.productionVersion}</span>
          <ProductionStatusChip status={row.production} />
        </Box>
      ) : (
        '-'
      ),
  },
  { title: 'Versions', field: 'versionCount', type: 'numeric' },
];

const WRAPPING = new Set(['name', 'owner', 'system']);
const columns: TableColumn<InventoryRow>[] = columnsWithoutStyles.map(c => {
  const style = WRAPPING.has(String(c.field)) ? wrapWords : noWrap;
  return { ...c, cellStyle: style };
});

/**
 * The model inventory: every `kind: Model` entity in the catalog with owner, system,
 * lifecycle, risk tier, EU AI Act category and production version, filterable by owner,
 * risk tier and type. For team leads and compliance.
 */
export function ModelsPage() {
  const state = useModelEntities();
  // The filters live in the URL: a reload keeps them and a link shares them.
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(
    () => inventoryFiltersFromParams(searchParams),
    [searchParams],
  );
  const setFilters = useCallback(
    (next: Filters) =>
      setSearchParams(inventoryFiltersToParams(next), { replace: true }),
    [setSearchParams],
  );

  const models = useMemo(
    () =>
      (state.entities ?? []).map(entity => ({
        ...summarizeModel(entity),
        entity,
      })),
    [state.entities],
  );
  const options = useMemo(() => inventoryFilterOptions(models), [models]);
  // Table mutates its rows (tableData), so give it fresh objects.
  const rows: InventoryRow[] = filterInventory(models, filters).map(model => ({
    ...model,
    id: model.entityRef,
  }));

  let body;
  if (state.loading) {
    body = <Progress />;
  } else if (state.error) {
    body = <ResponseErrorPanel error={state.error} />;
  } else {
    body = (
      <>
        <Box mb={2}>
          <ModelInventoryFilters
            value={filters}
            onChange={setFilters}
            options={options}
          />
        </Box>
        <Table<InventoryRow>
          title={`Models (${rows.length} of ${models.length})`}
          columns={columns}
          data={rows}
          options={{
            paging: rows.length > 20,
            pageSize: 20,
            // The search box above the table filters the rows, so the title counts what is shown.
            search: false,
            padding: 'dense',
            draggable: false,
          }}
          emptyContent={
            <Box p={2} textAlign="center">
              {models.length === 0
                ? 'No models in the catalog yet. Register a catalog-info.yaml with kind: Model.'
                : 'No models match these filters.'}
            </Box>
          }
        />
      </>
    );
  }

  return (
    <Page themeId="tool">
      <Header
        title="Models"
        subtitle="Inventory of the ML and AI models in the catalog"
      />
      <Content>
        <ContentHeader title="Model inventory">
          <SupportButton>
            Every entity of kind Model in the catalog. Filter by owner, risk
            tier or type; open a model for its card, versions and lineage.
          </SupportButton>
        </ContentHeader>
        {body}
      </Content>
    </Page>
  );
}
