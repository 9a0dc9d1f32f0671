import { describe, expect, it } from 'vitest';
import { cacheRefreshPerLead } from './steady-state';

describe('cache refreshes in steady state', () => {
  it('spreads cache refreshes over the leads that arrive while the cache lives', () => {
    const fill = { ingest: { requests: 2, readUnits: 2 }, assigner: { requests: 4, readUnits: 13 } };
    // ingest every 60 s, assigner every 30 s, at 0.5 leads/s: (2/60 + 4/30) / 0.5 requests per lead.
    expect(cacheRefreshPerLead(fill, 0.5).requests).toBeCloseTo((2 / 60 + 4 / 30) / 0.5);
    expect(cacheRefreshPerLead(fill, 10).readUnits).toBeCloseTo((2 / 60 + 13 / 30) / 10);
  });
});
