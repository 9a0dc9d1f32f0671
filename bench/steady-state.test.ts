import { describe, expect, it } from 'vitest';
import { cacheRefreshPerLead, lifetimeSteps } from './steady-state';

describe('cache refreshes in steady state', () => {
  it('spreads each lifetime’s reads over the leads that arrive while its caches live', () => {
    const refresh = {
      ingest: [{ seconds: 60, caches: 'source', requests: 2, readUnits: 2 }],
      assigner: [
        { seconds: 30, caches: 'routing rules', requests: 1, readUnits: 1 },
        { seconds: 300, caches: 'pool snapshot', requests: 2, readUnits: 3 },
      ],
    };
    // At 0.5 leads/s: (2/60 + 1/30 + 2/300) / 0.5 requests per lead.
    expect(cacheRefreshPerLead(refresh, 0.5).requests).toBeCloseTo((2 / 60 + 1 / 30 + 2 / 300) / 0.5);
    expect(cacheRefreshPerLead(refresh, 10).readUnits).toBeCloseTo((2 / 60 + 1 / 30 + 3 / 300) / 10);
  });

  it('groups caches of one lifetime and orders lifetimes shortest first', () => {
    expect(
      lifetimeSteps([
        { seconds: 60, cache: 'source' },
        { seconds: 30, cache: 'routing rules' },
        { seconds: 300, cache: 'pool snapshot' },
        { seconds: 30, cache: 'loads' },
      ]),
    ).toEqual([
      { seconds: 30, caches: 'routing rules, loads' },
      { seconds: 60, caches: 'source' },
      { seconds: 300, caches: 'pool snapshot' },
    ]);
  });
});
