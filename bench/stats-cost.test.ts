import { describe, expect, it } from 'vitest';
import { leadHistory } from '../test/support/lead-history';
import { loadPrices } from './aws-cost';
import { statsCost } from './stats-cost';

describe('the stats aggregates cost per lead', () => {
  it('stays at a few small writes per lead, each 1 WRU, a few dollars per million leads', () => {
    // 3,000 leads over 30 days, routed, some moved by the SLA, most accepted, some closed.
    const cost = statsCost(leadHistory(3_000, 15, Date.parse('2026-11-30T00:00:00Z')), loadPrices());
    expect(cost.largestRowBytes).toBeLessThan(1024);
    expect(cost.writeUnitsPerLead).toBe(cost.writesPerLead);
    expect(cost.writesPerLead).toBeGreaterThan(2);
    expect(cost.writesPerLead).toBeLessThan(5);
    expect(cost.usdPerMillionLeads).toBeCloseTo(cost.writeUnitsPerLead * 0.625, 5);
    expect(cost.usdPerMillionLeads).toBeLessThan(3);
  });
});
