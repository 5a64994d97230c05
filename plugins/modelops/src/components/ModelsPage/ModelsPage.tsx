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
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  INVENTORY_SORT_FIELDS,
  inventoryFiltersFromParams,
  inventoryFiltersToParams,
  inventoryOptionsFromFacets,
  ModelInventoryFilters as Filters,
} from '../../model/modelInventory';
import { ModelSummary, summarizeModel } from '../../model/modelSummary';
import {
  EuAiActCategoryChip,
  ProductionStatusChip,
  RiskTierChip,
} from '../ModelChips';
import { ModelInventoryFilters } from './ModelInventoryFilters';
import {
  InventoryOrder,
  useModelInventoryFacets,
  useModelInventoryPage,
} from './useModelInventory';

type InventoryRow = ModelSummary & { id: string; entity: Entity };

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
    sorting: false,
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
  { title: 'Versions', field: 'versionCount', type: 'numeric', sorting: false },
];

const WRAPPING = new Set(['name', 'owner', 'system']);
const columns: TableColumn<InventoryRow>[] = columnsWithoutStyles.map(c => {
  const style = WRAPPING.has(String(c.field)) ? wrapWords : noWrap;
  return { ...c, cellStyle: style };
});

const PAGE_SIZE = 20;
const BY_NAME: InventoryOrder = { field: 'metadata.name', order: 'asc' };

/**
 * The model inventory: every `kind: Model` entity in the catalog with owner, system,
 * lifecycle, risk tier, EU AI Act category and production version, filterable by owner,
 * risk tier and type. For team leads and compliance.
 *
 * Server-side: each page, filter, search and sort is one catalog query (queryEntities with offset
 * and limit), and the filter choices come from the catalog's facet counts, so the page stays fast
 * with 10,000 models.
 */
export function ModelsPage() {
  // The filters live in the URL: a reload keeps them and a link shares them.
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(
    () => inventoryFiltersFromParams(searchParams),
    [searchParams],
  );
  const [paging, setPaging] = useState({ page: 0, pageSize: PAGE_SIZE });
  const [order, setOrder] = useState<InventoryOrder>(BY_NAME);
  const setFilters = useCallback(
    (next: Filters) => {
      setPaging(p => ({ ...p, page: 0 }));
      setSearchParams(inventoryFiltersToParams(next), { replace: true });
    },
    [setSearchParams],
  );
  const facets = useModelInventoryFacets();
  const state = useModelInventoryPage({ filters, order, ...paging });

  const total = facets.value?.total ?? 0;
  const options = useMemo(
    () => inventoryOptionsFromFacets(facets.value?.facets ?? {}, total),
    [facets.value, total],
  );
  // Table mutates its rows (tableData), so give it fresh objects.
  const rows: InventoryRow[] = useMemo(
    () =>
      (state.value?.entities ?? []).map(entity => {
        const model = summarizeModel(entity);
        return { ...model, entity, id: model.entityRef };
      }),
    [state.value],
  );
  const matching = state.value?.matching ?? 0;

  let body;
  const error = state.error ?? facets.error;
  if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!state.value || !facets.value) {
    body = <Progress />;
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
          title={`Models (${matching} of ${total})`}
          columns={columns.map(c => ({
            ...c,
            sorting:
              c.sorting !== false && !!INVENTORY_SORT_FIELDS[String(c.field)],
            defaultSort:
              INVENTORY_SORT_FIELDS[String(c.field)] === order.field
                ? order.order
                : undefined,
          }))}
          data={rows}
          isLoading={state.loading}
          // Server-side paging: the rows are one page, the footer counts every match.
          page={paging.page}
          totalCount={matching}
          onPageChange={(page, pageSize) => setPaging({ page, pageSize })}
          onRowsPerPageChange={pageSize => setPaging({ page: 0, pageSize })}
          onOrderChange={(column, direction) => {
            const field = INVENTORY_SORT_FIELDS[String(columns[column]?.field)];
            setPaging(p => ({ ...p, page: 0 }));
            setOrder(
              field && column >= 0
                ? { field, order: direction || 'asc' }
                : BY_NAME,
            );
          }}
          options={{
            paging: matching > paging.pageSize,
            pageSize: paging.pageSize,
            pageSizeOptions: [20, 50, 100],
            // The search box above the table filters the rows, so the title counts what is shown.
            search: false,
            padding: 'dense',
            draggable: false,
          }}
          emptyContent={
            <Box p={2} textAlign="center">
              {total === 0
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
