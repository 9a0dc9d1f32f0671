// Charts, loaded only by the screens that draw one (a chunk of its own): uPlot on a canvas.
// Every chart has its figures beside it as text, for screen readers and for copying.
import uPlot from 'uplot';

export interface Bar {
  label: string;
  value: number;
}

/** Draws `bars` into `target` at its width; returns a function that removes the chart. */
export function drawBars(target: HTMLElement, bars: readonly Bar[], options: { height?: number } = {}): () => void {
  const xs = bars.map((_, i) => i);
  const plot = new uPlot(
    {
      width: Math.max(240, target.clientWidth),
      height: options.height ?? 180,
      legend: { show: false },
      cursor: { show: false },
      select: { show: false, left: 0, top: 0, width: 0, height: 0 },
      scales: {
        x: { time: false, range: [-0.5, bars.length - 0.5] },
        y: { range: (_u, _min, max) => [0, Math.max(4, max * 1.15)] },
      },
      axes: [
        {
          splits: () => xs,
          values: (_u, splits) => splits.map((i) => bars[i]?.label ?? ''),
          grid: { show: false },
          stroke: '#3d4556',
        },
        {
          stroke: '#3d4556',
          grid: { stroke: '#e3e6eb' },
          values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')),
        },
      ],
      series: [
        {},
        {
          label: 'Leads',
          fill: '#2f5fd0',
          stroke: '#2f5fd0',
          paths: uPlot.paths.bars!({ size: [0.6, 60] }),
          points: { show: false },
        },
      ],
    },
    [xs, bars.map((b) => b.value)],
    target,
  );
  const resize = new ResizeObserver(() =>
    plot.setSize({ width: Math.max(240, target.clientWidth), height: plot.height }),
  );
  resize.observe(target);
  return () => {
    resize.disconnect();
    plot.destroy();
  };
}
