import {
  buildDriftHistorySeries,
  buildReferenceProfile,
} from '@modelops/plugin-modelops-common';
import type {
  DriftHistoryPoint,
  DriftHistorySeries,
  DriftHistorySeriesResponse,
  DriftReference,
  DriftRun,
  DriftRunReportFeature,
  DriftStatus,
} from '../api/DriftApi';

/** Drift data of credit-default-scorer as the backend returns it: income and debt_to_income drift. */
export const DRIFT_ENTITY_REF = 'model:default/credit-default-scorer';

const feature = (
  name: string,
  kind: 'numeric' | 'categorical',
  value: number | null,
  extra: Partial<DriftRunReportFeature> = {},
): DriftRunReportFeature => {
  const method = kind === 'numeric' ? 'wassersteinNormed' : 'jensenShannon';
  return {
    name,
    kind,
    method,
    value,
    threshold: 0.1,
    drift: value !== null && value >= 0.1,
    status: 'ok',
    nReference: 2000,
    nCurrent: 500,
    missingReference: 0,
    missingCurrent: 0,
    metrics:
      kind === 'numeric'
        ? {
            wassersteinNormed: value,
            psi: (value ?? 0) * 1.4,
            jensenShannon: (value ?? 0) / 2,
            ks: { statistic: value ?? 0, pValue: 0.001, method: 'asymptotic' },
          }
        : { jensenShannon: value, psi: (value ?? 0) * 2, chiSquare: null },
    ...extra,
  } as DriftRunReportFeature;
};

export const driftingFeatures: DriftRunReportFeature[] = [
  feature('age', 'numeric', 0.031),
  feature('debt_to_income', 'numeric', 0.184),
  feature('employment_type', 'categorical', 0.022),
  feature('income', 'numeric', 0.312),
  feature('loan_amount', 'numeric', 0.044),
  feature('region', 'categorical', null, {
    status: 'insufficient-data',
    nCurrent: 12,
  }),
];

const baseRun = {
  entityRef: DRIFT_ENTITY_REF,
  referenceId: 'ref-1',
  modelVersion: '3.2.0',
  status: 'ok',
  source: 'rows' as const,
  submittedBy: 'service:plugin:modelops',
  featureCount: 6,
  acknowledgement: null,
};

export const latestRun: DriftRun = {
  ...baseRun,
  id: 'run-20',
  runId: 'seed-2026-11-20',
  windowStart: '2026-11-19T00:00:00.000Z',
  windowEnd: '2026-11-20T00:00:00.000Z',
  createdAt: '2026-11-20T00:05:00.000Z',
  datasetDrift: true,
  driftShare: 2 / 5,
  driftedCount: 2,
  report: {
    features: driftingFeatures,
    driftShare: 2 / 5,
    datasetDrift: true,
    status: 'ok',
    datasetDriftShare: 0.3,
  },
};

export const previousRun: DriftRun = {
  ...baseRun,
  id: 'run-19',
  runId: 'seed-2026-11-19',
  windowStart: '2026-11-18T00:00:00.000Z',
  windowEnd: '2026-11-19T00:00:00.000Z',
  createdAt: '2026-11-19T00:05:00.000Z',
  datasetDrift: false,
  driftShare: 1 / 6,
  driftedCount: 1,
  report: {
    features: driftingFeatures.map(f =>
      f.name === 'income'
        ? { ...f, value: 0.12 }
        : {
            ...f,
            value: f.value === null ? 0.02 : f.value / 3,
            drift: false,
            status: 'ok',
          },
    ),
    driftShare: 1 / 6,
    datasetDrift: false,
  },
};

export const driftingStatus: DriftStatus = {
  entityRef: DRIFT_ENTITY_REF,
  hasReference: true,
  reference: {
    id: 'ref-1',
    entityRef: DRIFT_ENTITY_REF,
    modelVersion: '3.2.0',
    featureCount: 6,
    rowCount: 2000,
    createdBy: 'service:plugin:modelops',
    createdAt: '2026-10-01T00:00:00.000Z',
  },
  lastRun: latestRun,
};

/** Ten daily points per feature; income and debt_to_income rise over the threshold at the end. */
export const driftHistory: DriftHistoryPoint[] = driftingFeatures.flatMap(f =>
  Array.from({ length: 10 }, (_, i) => {
    const day = 11 + i;
    const ramp =
      f.name === 'income' || f.name === 'debt_to_income'
        ? Math.max(0, i - 6) * 0.08
        : 0;
    const value =
      f.status === 'ok'
        ? Math.round((0.02 + ramp + (i % 3) * 0.005) * 1000) / 1000
        : null;
    return {
      feature: f.name,
      runId: `seed-2026-11-${day}`,
      windowEnd: `2026-11-${day}T00:00:00.000Z`,
      method: f.method,
      value,
      threshold: 0.1,
      drift: value !== null && value >= 0.1,
      status: f.status,
    };
  }),
);

/** Deterministic reference data: income around 52k, four regions. */
function referenceColumns() {
  let seed = 7;
  const next = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const n = 400;
  const regions = ['north', 'south', 'east', 'west'];
  const employment = ['salaried', 'self-employed', 'retired'];
  return {
    age: Array.from({ length: n }, () => Math.round(22 + next() * 45)),
    debt_to_income: Array.from(
      { length: n },
      () => Math.round(next() * 60) / 100,
    ),
    employment_type: Array.from(
      { length: n },
      () => employment[Math.floor(next() * next() * 3)],
    ),
    income: Array.from({ length: n }, () =>
      Math.round(30_000 + next() * 45_000),
    ),
    loan_amount: Array.from({ length: n }, () =>
      Math.round(2_000 + next() * 30_000),
    ),
    region: Array.from({ length: n }, () => regions[Math.floor(next() * 4)]),
  };
}

export const driftReference: DriftReference = {
  ...driftingStatus.reference!,
  profile: buildReferenceProfile(referenceColumns()),
};

/** Points as the compact chart history the server sends for them (no down-sampling needed). */
export function toHistorySeries(
  points: ReadonlyArray<DriftHistoryPoint>,
): DriftHistorySeries[] {
  return buildDriftHistorySeries(
    points.map(p => ({ ...p, time: Date.parse(p.windowEnd) })),
    5000,
  );
}

/** {@link driftHistory} as the compact chart history. */
export const driftHistorySeries: DriftHistorySeries[] =
  toHistorySeries(driftHistory);

/** The response of `getHistorySeries` for {@link driftHistory}. */
export const driftHistorySeriesResponse: DriftHistorySeriesResponse = {
  entityRef: DRIFT_ENTITY_REF,
  from: null,
  to: null,
  maxPoints: 300,
  series: driftHistorySeries,
};
