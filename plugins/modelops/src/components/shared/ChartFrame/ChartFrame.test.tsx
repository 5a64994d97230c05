import { render, screen } from '@testing-library/react';
import { ChartFrame } from './ChartFrame';

describe('ChartFrame', () => {
  it('renders the chart at the fallback width where nothing can be measured', () => {
    render(
      <ChartFrame height={200} fallbackWidth={640} label="History">
        {size => <span>{`${size.width}x${size.height}`}</span>}
      </ChartFrame>,
    );
    expect(screen.getByRole('figure', { name: 'History' })).toHaveTextContent(
      '640x200',
    );
  });

  it('uses the measured width of its box', () => {
    const spy = jest
      .spyOn(HTMLElement.prototype, 'getBoundingClientRect')
      .mockReturnValue({ width: 931.6, height: 0 } as DOMRect);
    try {
      render(
        <ChartFrame height={120} label="Sparkline">
          {size => <span>{`${size.width}x${size.height}`}</span>}
        </ChartFrame>,
      );
      expect(
        screen.getByRole('figure', { name: 'Sparkline' }),
      ).toHaveTextContent('931x120');
    } finally {
      spy.mockRestore();
    }
  });
});
