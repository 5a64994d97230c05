import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { DriftEmptyState, driftInstructions } from './DriftEmptyState';

describe('DriftEmptyState', () => {
  it('gives the CLI and curl commands for the model', () => {
    const { cli, curl, url } = driftInstructions(
      'model:default/credit-default-scorer',
      'http://localhost:7007/',
    );
    expect(cli).toBe(
      'yarn modelops drift --reference ref.csv --current cur.csv --push --model model:default/credit-default-scorer',
    );
    expect(url).toBe(
      'http://localhost:7007/api/modelops/drift/models/default/credit-default-scorer',
    );
    expect(curl).toContain(`curl -X POST ${url}/runs`);
    expect(curl).toContain(`curl -X POST ${url}/references`);
    expect(curl).toContain('-H "Authorization: Bearer $MODELOPS_TOKEN"');
    expect(curl).toMatch(/"runId": "2026-11-22-daily"/);
    // The request bodies are valid JSON.
    for (const body of curl.match(/-d '([^']+)'/g)!) {
      expect(() => JSON.parse(body.slice(4, -1))).not.toThrow();
    }
  });

  it('explains how to send data, with copyable commands', async () => {
    await renderInTestApp(
      <DriftEmptyState
        entityRef="model:default/customer-segmentation"
        hasReference={false}
      />,
    );
    expect(screen.getByText('No drift data yet')).toBeInTheDocument();
    expect(
      screen.getByText(
        /yarn modelops drift --reference ref\.csv --current cur\.csv --push --model model:default\/customer-segmentation/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(
        /\/api\/modelops\/drift\/models\/default\/customer-segmentation\/runs/,
      ).length,
    ).toBeGreaterThan(0);
    expect(screen.getAllByRole('button', { name: /copy/i })).toHaveLength(2);
  });

  it('says only windows are missing when a reference is set', async () => {
    await renderInTestApp(
      <DriftEmptyState entityRef="model:default/x" hasReference />,
    );
    expect(screen.getByText('No drift runs yet')).toBeInTheDocument();
    expect(
      screen.getByText(/A reference is set for this model/),
    ).toBeInTheDocument();
  });
});
