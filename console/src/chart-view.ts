import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Bar } from './chart';

/**
 * A bar chart with its figures as a table: the canvas is decoration for sighted readers,
 * the table is what assistive technology reads. The chart's code loads on first use.
 */
export function BarChart(props: { caption: string; bars: readonly Bar[]; valueLabel: string }) {
  const target = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let remove: (() => void) | undefined;
    let current = true;
    void import('./chart').then(({ drawBars }) => {
      if (current && target.current) remove = drawBars(target.current, props.bars);
    });
    return () => {
      current = false;
      remove?.();
    };
  }, [props.bars]);
  return html`<figure class="chart">
    <figcaption>${props.caption}</figcaption>
    <div class="chart-canvas" ref=${target} aria-hidden="true"></div>
    <table class="chart-figures">
      <caption class="visually-hidden">${props.caption}</caption>
      <thead><tr><td></td>${props.bars.map((b) => html`<th scope="col">${b.label}</th>`)}</tr></thead>
      <tbody><tr><th scope="row">${props.valueLabel}</th>${props.bars.map((b) => html`<td>${b.value}</td>`)}</tr></tbody>
    </table>
  </figure>`;
}
