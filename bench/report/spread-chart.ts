// A hand-written SVG bar chart of leads per rep, ours beside the peers. Pure.
import type { BenchResults } from '../results';

export interface SpreadSeries {
  label: string;
  color: string;
  counts: readonly number[];
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Grouped bars, one group per rep, one bar per series, with a dashed line at the even
 * share. Self-contained SVG (no scripts, no external fonts).
 */
export function spreadChart(options: {
  title: string;
  subtitle: string;
  series: readonly SpreadSeries[];
  evenShare: number;
}): string {
  const { series } = options;
  const reps = Math.max(0, ...series.map((s) => s.counts.length));
  const width = 760;
  const height = 360;
  const plot = { left: 56, right: 16, top: 64, bottom: 56 };
  const plotWidth = width - plot.left - plot.right;
  const plotHeight = height - plot.top - plot.bottom;
  const max = Math.max(1, options.evenShare, ...series.flatMap((s) => s.counts));
  const top = niceCeiling(max * 1.1);
  const y = (value: number) => plot.top + plotHeight - (value / top) * plotHeight;
  const groupWidth = reps ? plotWidth / reps : plotWidth;
  const barWidth = Math.max(2, (groupWidth * 0.8) / Math.max(1, series.length));

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
  );
  parts.push(`<title>${escapeXml(options.title)}</title>`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(
    `<text x="${plot.left}" y="24" font-size="16" font-weight="600" fill="#111">${escapeXml(options.title)}</text>`,
  );
  parts.push(`<text x="${plot.left}" y="44" fill="#555">${escapeXml(options.subtitle)}</text>`);

  for (let i = 0; i <= 4; i++) {
    const value = (top / 4) * i;
    const gy = y(value).toFixed(1);
    parts.push(`<line x1="${plot.left}" x2="${width - plot.right}" y1="${gy}" y2="${gy}" stroke="#e5e5e5"/>`);
    parts.push(
      `<text x="${plot.left - 8}" y="${gy}" text-anchor="end" dominant-baseline="middle" fill="#555">${formatTick(value)}</text>`,
    );
  }

  series.forEach((s, si) => {
    s.counts.forEach((count, ri) => {
      const x = plot.left + ri * groupWidth + groupWidth * 0.1 + si * barWidth;
      const barTop = y(count);
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${barTop.toFixed(1)}" width="${(barWidth - 1).toFixed(1)}" height="${(plot.top + plotHeight - barTop).toFixed(1)}" fill="${s.color}"><title>${escapeXml(`${s.label}, rep ${ri + 1}: ${count} leads`)}</title></rect>`,
      );
    });
  });

  const evenY = y(options.evenShare).toFixed(1);
  parts.push(
    `<line x1="${plot.left}" x2="${width - plot.right}" y1="${evenY}" y2="${evenY}" stroke="#111" stroke-dasharray="5 4"/>`,
  );
  parts.push(
    `<text x="${width - plot.right}" y="${(Number(evenY) - 6).toFixed(1)}" text-anchor="end" fill="#111">even share ${formatTick(options.evenShare)}</text>`,
  );

  for (let ri = 0; ri < reps; ri++) {
    const x = plot.left + ri * groupWidth + groupWidth / 2;
    parts.push(
      `<text x="${x.toFixed(1)}" y="${plot.top + plotHeight + 18}" text-anchor="middle" fill="#333">rep ${ri + 1}</text>`,
    );
  }
  parts.push(
    `<line x1="${plot.left}" x2="${width - plot.right}" y1="${plot.top + plotHeight}" y2="${plot.top + plotHeight}" stroke="#333"/>`,
  );

  let legendX = plot.left;
  const legendY = height - 14;
  for (const s of series) {
    parts.push(`<rect x="${legendX}" y="${legendY - 10}" width="12" height="12" fill="${s.color}"/>`);
    parts.push(`<text x="${legendX + 18}" y="${legendY}" fill="#111">${escapeXml(s.label)}</text>`);
    legendX += 18 + s.label.length * 6.5 + 24;
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** The smallest of 1, 2, 2.5, 4, 5, 6 or 8 × 10^n at or above `x` (quarters stay round). */
export function niceCeiling(x: number): number {
  if (x <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(x));
  for (const step of [1, 2, 2.5, 4, 5, 6, 8, 10]) if (step * power >= x) return step * power;
  return 10 * power;
}

function formatTick(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

const PEER_COLORS: Record<string, string> = { atomicCounter: '#16a34a', readPickWrite: '#f97316' };

/** bench/spread.svg: leads per rep in the round robin runs, ours and each peer. */
export function spreadSvg(r: BenchResults): string {
  const ours = r.throughput.find((t) => t.method === 'round_robin')?.ours;
  const leads = ours?.leads ?? r.peers[0]?.leads ?? 0;
  const figures = (label: string, f: { spread: number; duplicateTurns: number } | undefined) =>
    `${label} ${f?.spread ?? '–'} / ${f?.duplicateTurns ?? '–'}`;
  return spreadChart({
    title: `Leads per rep: ${leads} leads each, ${r.config.reps} reps, ${r.config.workers} concurrent workers`,
    subtitle: `Spread (max − min) / duplicate turns: ${[figures('leadrouter', ours?.fairness), ...r.peers.map((p) => figures(p.label, p.fairness))].join(', ')}`,
    evenShare: leads / r.config.reps,
    series: [
      { label: 'leadrouter (conditional transaction)', color: '#2563eb', counts: ours?.fairness.counts ?? [] },
      ...r.peers.map((p) => ({ label: p.label, color: PEER_COLORS[p.name] ?? '#888', counts: p.fairness.counts })),
    ],
  });
}
