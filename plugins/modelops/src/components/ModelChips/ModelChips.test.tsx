import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import {
  EuAiActCategoryChip,
  RiskTierChip,
  VersionStageChip,
} from './ModelChips';

// jsdom does not compute styles from JSS sheets, so assert the colour rule applied:
// success = palette.success (green), warning = palette.warning (amber), error = palette.error (red).
const colourRule = (tone: string) =>
  new RegExp(`\\bModelopsModelChips-${tone}-\\d+`);

describe('RiskTierChip', () => {
  it.each([
    ['low', 'Low', 'success'],
    ['medium', 'Medium', 'warning'],
    ['high', 'High', 'error'],
  ] as const)('shows %s in its colour', async (tier, label, tone) => {
    await renderInTestApp(<RiskTierChip riskTier={tier} />);
    const chip = screen.getByLabelText(`Risk tier: ${label}`);
    expect(chip).toHaveTextContent(label);
    expect(chip.className).toMatch(colourRule(tone));
  });

  it('says when the tier was not assessed', async () => {
    await renderInTestApp(<RiskTierChip />);
    expect(screen.getByText('Not assessed')).toBeInTheDocument();
  });
});

describe('EuAiActCategoryChip', () => {
  it('labels the category', async () => {
    await renderInTestApp(
      <>
        <EuAiActCategoryChip category="high-risk" />
        <EuAiActCategoryChip category="minimal" />
      </>,
    );
    expect(
      screen.getByLabelText('EU AI Act category: High-risk'),
    ).toHaveTextContent('High-risk');
    expect(screen.getByText('Minimal risk')).toBeInTheDocument();
    expect(
      screen.getByLabelText('EU AI Act category: High-risk').className,
    ).toMatch(colourRule('errorOutlined'));
  });
});

describe('VersionStageChip', () => {
  it('colours production green', async () => {
    await renderInTestApp(<VersionStageChip stage="production" />);
    const chip = screen.getByText('Production').closest('[data-stage]');
    expect(chip?.className).toMatch(colourRule('success'));
  });
});
