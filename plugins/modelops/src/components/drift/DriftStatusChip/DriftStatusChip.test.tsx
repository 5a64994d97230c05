import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { DatasetDriftChip, FeatureVerdictChip } from './DriftStatusChip';

// jsdom does not compute styles from JSS sheets: assert the colour rule applied
// (drift = palette.error, ok = palette.success, warning = palette.warning outline).
const colourRule = (tone: string) =>
  new RegExp(`\\bModelopsDriftStatusChip-${tone}-\\d+`);

describe('DriftStatusChip', () => {
  it('labels every dataset state and colours drift and no drift differently', async () => {
    await renderInTestApp(
      <>
        <DatasetDriftChip state="drift" />
        <DatasetDriftChip state="no-drift" />
        <DatasetDriftChip state="insufficient-data" />
        <DatasetDriftChip state="no-data" />
      </>,
    );
    const drift = screen.getByLabelText('Dataset status: Drift');
    const ok = screen.getByLabelText('Dataset status: No drift');
    const insufficient = screen.getByLabelText(
      'Dataset status: Insufficient data',
    );
    const none = screen.getByLabelText('Dataset status: No data');
    expect(drift).toHaveTextContent('Drift');
    expect(drift.className).toMatch(colourRule('drift'));
    expect(ok.className).toMatch(colourRule('ok'));
    expect(insufficient.className).toMatch(colourRule('warning'));
    expect(insufficient).toHaveClass('MuiChip-outlined');
    expect(none).toHaveClass('MuiChip-outlined');
    expect(none.className).not.toMatch(/ModelopsDriftStatusChip/);
  });

  it('names the feature of a verdict', async () => {
    await renderInTestApp(
      <FeatureVerdictChip verdict="no-reference-data" feature="region" />,
    );
    expect(
      screen.getByLabelText('Verdict of region: No reference data'),
    ).toHaveAttribute('data-drift-state', 'no-reference-data');
  });
});
