import { describe, expect, it } from 'vitest';
import { niceCeiling, spreadChart } from './spread-chart';

describe('the spread chart', () => {
  it('draws one bar per rep and series, the even share, and escapes labels', () => {
    const svg = spreadChart({
      title: 'Leads <per> rep',
      subtitle: 's',
      evenShare: 10,
      series: [
        { label: 'ours & co', color: '#00f', counts: [10, 10, 10] },
        { label: 'peer', color: '#f80', counts: [14, 6, 10] },
      ],
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(
      svg.match(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="#(00f|f80)"><title>/g),
    ).toHaveLength(6);
    expect(svg).toContain('Leads &lt;per&gt; rep');
    expect(svg).toContain('ours &amp; co');
    expect(svg).toContain('even share 10');
    expect(svg).toContain('peer, rep 1: 14 leads');
  });

  it('rounds the axis up to a value whose quarters are round', () => {
    expect([niceCeiling(7), niceCeiling(13), niceCeiling(230), niceCeiling(330), niceCeiling(52)]).toEqual([
      8, 20, 250, 400, 60,
    ]);
  });
});
