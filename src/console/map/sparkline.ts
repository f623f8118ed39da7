// The trend sparklines, drawn with uPlot (a small, maintained canvas chart library). This module
// is loaded on demand (its own chunk with uPlot and its stylesheet): the table paints first, the
// lines follow. The canvas is decoration for sighted readers: the same numbers are in the trend
// table next to it (see Trend.tsx), so the chart is hidden from assistive technology.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface SparklineHandle {
  destroy(): void;
}

/**
 * Draws `values` (one per month, null where withheld) into `target`. Withheld months are gaps,
 * never interpolated: a line through them would show a number the reader may not see.
 */
export function drawSparkline(
  target: HTMLElement,
  values: readonly (number | null)[],
  size: { width: number; height: number },
): SparklineHandle {
  const xs = values.map((_, index) => index);
  const max = Math.max(1, ...values.map((v) => v ?? 0));
  const chart = new uPlot(
    {
      width: size.width,
      height: size.height,
      padding: [3, 3, 3, 3],
      legend: { show: false },
      cursor: { show: false },
      select: { show: false, left: 0, top: 0, width: 0, height: 0 },
      axes: [{ show: false }, { show: false }],
      scales: { x: { time: false }, y: { range: [0, max] } },
      series: [
        {},
        {
          stroke: '#0b5d4b',
          width: 1.5,
          fill: 'rgba(11, 93, 75, 0.12)',
          spanGaps: false,
          // Points too: a month between two withheld ones has no line to either side.
          points: { show: true, size: 4, width: 1, fill: '#0b5d4b' },
        },
      ],
    },
    [xs, [...values]],
    target,
  );
  return { destroy: () => chart.destroy() };
}
