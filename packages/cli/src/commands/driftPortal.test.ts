/*
 * `modelops drift` and the portal agree: the same reference and window, evaluated by the portal
 * (the modelops backend plugin: POST reference rows, POST window rows, the run it stores and the
 * Drift tab shows) and by the CLI from CSV files with `--entity catalog-info.yaml`, give the same
 * method, threshold and verdict per feature, and the same dataset verdict.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import modelopsPlugin from '@modelops/plugin-modelops-backend';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
// The example portal's drift data is this test's fixture (the portal and the CLI must agree on
// it); the example backend is private and exports no entry point for it.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  dailyWindows,
  EXAMPLE_DRIFT_SCENARIOS,
  referenceColumns,
  type Columns,
} from '../../../backend/src/modules/exampleDriftSeed/exampleDriftData';
import { runDrift } from './drift';

jest.setTimeout(120_000);

const EXAMPLE = path.resolve(
  __dirname,
  '../../../../examples/models/credit-default-scorer.yaml',
);
const example = parse(fs.readFileSync(EXAMPLE, 'utf8'));
/** The same model with explicit methods and thresholds (numeric PSI, chi-square for one feature). */
const tuned = {
  ...example,
  metadata: { ...example.metadata, name: 'tuned-scorer' },
  spec: {
    ...example.spec,
    monitoring: {
      drift: {
        method: { numeric: 'psi' },
        threshold: { psi: 0.2 },
        datasetDriftShare: 0.3,
        features: { region: { method: 'chiSquare', threshold: 0.01 } },
      },
    },
  },
};

function csv(columns: Columns): string {
  const names = Object.keys(columns);
  const rows = columns[names[0]].map((_, i) =>
    names
      .map(n => (columns[n][i] === null ? '' : String(columns[n][i])))
      .join(','),
  );
  return `${[names.join(','), ...rows].join('\n')}\n`;
}

describe('modelops drift and the portal use the same methods and verdicts', () => {
  const scenario = EXAMPLE_DRIFT_SCENARIOS.find(
    s => s.name === 'credit-default-scorer',
  )!;
  const reference = referenceColumns(scenario);
  // the newest window: income and debt_to_income drifted (2 of 6 features)
  const window = dailyWindows(
    scenario,
    new Date('2026-11-28T00:00:00Z'),
    45,
  ).at(-1)!;
  let base: string;
  let dir: string;
  const headers = {
    Authorization: mockCredentials.user.header('user:default/ada'),
    'Content-Type': 'application/json',
  };

  beforeAll(async () => {
    const { server } = await startTestBackend({
      features: [
        modelopsPlugin,
        catalogServiceMock.factory({ entities: [example, tuned] }),
        mockServices.rootConfig.factory({
          data: { modelops: { scorecards: { snapshots: { enabled: false } } } },
        }),
      ],
    });
    base = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/modelops/drift/models/default`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelops-drift-portal-'));
    fs.writeFileSync(path.join(dir, 'reference.csv'), csv(reference));
    fs.writeFileSync(path.join(dir, 'current.csv'), csv(window.columns));
    fs.writeFileSync(path.join(dir, 'tuned.yaml'), stringify(tuned));
  });

  /** The run the portal stores for the window (what the Drift tab shows), submitted once per model. */
  const portalRuns = new Map<string, ReturnType<typeof submitPortalRun>>();
  function portalRun(model: string) {
    if (!portalRuns.has(model)) portalRuns.set(model, submitPortalRun(model));
    return portalRuns.get(model)!;
  }
  async function submitPortalRun(model: string) {
    const ref = await fetch(`${base}/${model}/references`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ columns: reference }),
    });
    expect(ref.status).toBe(201);
    const run = await fetch(`${base}/${model}/runs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        runId: window.runId,
        windowEnd: window.windowEnd,
        columns: window.columns,
      }),
    });
    expect(run.status).toBe(201);
    const stored = await fetch(`${base}/${model}/runs/${window.runId}`, {
      headers,
    });
    return (await stored.json()) as {
      datasetDrift: boolean;
      driftShare: number;
      report: { features: any[] };
    };
  }

  async function cli(extra: Record<string, string> = {}) {
    const out: string[] = [];
    const code = await runDrift(
      {
        reference: path.join(dir, 'reference.csv'),
        current: path.join(dir, 'current.csv'),
        format: 'json',
        ...extra,
      },
      l => out.push(l),
      () => {},
    );
    expect(code).toBe(0);
    return JSON.parse(out.join('\n')) as {
      datasetDrift: boolean;
      driftShare: number;
      features: any[];
    };
  }

  const verdicts = (features: any[]) =>
    features.map(f => ({
      name: f.name,
      kind: f.kind,
      method: f.method,
      threshold: f.threshold,
      drift: f.drift,
      status: f.status ?? 'ok',
    }));

  it.each([
    ['credit-default-scorer', EXAMPLE],
    ['tuned-scorer', 'tuned.yaml'],
  ])(
    '%s: the CLI with --entity agrees with the portal',
    async (model, entityFile) => {
      const portal = await portalRun(model);
      const local = await cli({
        entity: path.isAbsolute(entityFile)
          ? entityFile
          : path.join(dir, entityFile),
      });
      expect(verdicts(local.features)).toEqual(
        verdicts(portal.report.features),
      );
      expect({
        datasetDrift: local.datasetDrift,
        driftShare: local.driftShare,
      }).toEqual({
        datasetDrift: portal.datasetDrift,
        driftShare: portal.driftShare,
      });
      // the model's datasetDriftShare (0.3) decides: 2 of 6 features drifted is dataset drift
      expect(portal).toMatchObject({ datasetDrift: true, driftShare: 2 / 6 });
    },
  );

  it("tuned-scorer: the portal uses the model's own methods and thresholds", async () => {
    const portal = await portalRun('tuned-scorer');
    expect(
      new Set(
        portal.report.features
          .filter(f => f.kind === 'numeric')
          .map(f => f.method),
      ),
    ).toEqual(new Set(['psi']));
    expect(portal.report.features.find(f => f.name === 'region')).toMatchObject(
      { method: 'chiSquare', threshold: 0.01 },
    );
  });

  it('without --entity the CLI uses the engine defaults, which the portal does not use for this model', async () => {
    const local = await cli();
    expect(local).toMatchObject({ datasetDrift: false, driftShare: 2 / 6 });
  });
});
