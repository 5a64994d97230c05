import { ReactNode, useLayoutEffect, useRef, useState } from 'react';

/** Props of {@link ChartFrame}. */
export interface ChartFrameProps {
  height: number;
  /** Width used until the container is measured, and where it cannot be (tests, print). */
  fallbackWidth?: number;
  /** Accessible name of the chart. */
  label: string;
  children: (size: { width: number; height: number }) => ReactNode;
}

/**
 * A full-width box that measures itself and renders a fixed-size chart into it: recharts'
 * ResponsiveContainer draws nothing where an element has no layout (jsdom), so the measured width
 * falls back to `fallbackWidth`.
 */
export function ChartFrame(props: ChartFrameProps) {
  const { height, fallbackWidth = 720 } = props;
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallbackWidth);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const measure = () => {
      const measured = Math.floor(element.getBoundingClientRect().width);
      if (measured > 0) setWidth(measured);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={ref}
      role="figure"
      aria-label={props.label}
      style={{ width: '100%', height }}
    >
      {props.children({ width, height })}
    </div>
  );
}
