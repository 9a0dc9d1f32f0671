import { describe, expect, it } from 'vitest';
import { MemoryStatsStore } from '../../functions/adapters/local/memory-stats-store';
import { PerformanceWeightCache } from '../../functions/core/assignment/performance-cache';
import { SnapshotCache } from '../../functions/core/assignment/snapshot-cache';
import { statsPerformanceRates } from '../../functions/core/stats/performance-rates';
import type { PerformanceRates } from '../../functions/core/stats/ports';
import type { StatsKey } from '../../functions/core/stats/stats-row';
import type { Pool } from '../../functions/core/team/pool';
import { aPool, aRep, fixedClock } from '../support/builders';

const key = (day: string, repId: string): StatsKey => ({ day, poolId: 'p', repId, sourceId: 'src', rule: '(default)' });

/** Stats with ana at 30 of 100 qualified and ben at 10 of 100, on 2026-11-20. */
async function seededStats() {
  const stats = new MemoryStatsStore();
  await stats.add([
    { key: key('2026-11-20', 'ana'), counts: { assigned: 100, 'outcome.qualified': 30, 'outcome.won': 2 } },
    { key: key('2026-11-20', 'ben'), counts: { assigned: 100, 'outcome.qualified': 10, 'outcome.won': 9 } },
  ]);
  return stats;
}

/** The rates port over a stats store, counting its reads. */
function countingRates(stats: MemoryStatsStore) {
  const rates = statsPerformanceRates(stats);
  const reads: { from: string; to: string; stage: string }[] = [];
  const port: PerformanceRates = {
    ratesOf: (poolId, stage, from, to) => {
      reads.push({ from, to, stage });
      return rates.ratesOf(poolId, stage, from, to);
    },
  };
  return { port, reads };
}

const pool = (performance: Pool['performance'] = {}) =>
  aPool('p', ['ana', 'ben'], { method: 'performance', performance });
const weightOf = (weights: ReadonlyMap<string, { weight: number }>) =>
  Object.fromEntries([...weights].map(([id, w]) => [id, w.weight]));

describe('performance weight cache', () => {
  it('computes weights from the stats over the window and keeps them until the recompute interval ends', async () => {
    const clock = fixedClock('2026-11-23T10:00:00.000Z');
    const stats = await seededStats();
    const { port, reads } = countingRates(stats);
    const cache = new PerformanceWeightCache(port, clock, { count: () => undefined });
    const first = await cache.weightsOf(pool({ recomputeMinutes: 10 }));
    // m = 0.2; ana (30 + 4) / 120 = 0.283 → 1.417 × 5.5 → 8; ben (10 + 4) / 120 = 0.117 → 3.
    expect(weightOf(first)).toEqual({ ana: 8, ben: 3 });
    expect(first.get('ana')).toEqual({ rate: 0.2833, sample: 100, weight: 8 });
    expect(reads).toEqual([{ from: '2026-10-25', to: '2026-11-23', stage: 'qualified' }]);

    // Ben's new successes are not seen until the interval is over: exact like weighted meanwhile.
    await stats.add([{ key: key('2026-11-23', 'ben'), counts: { assigned: 0, 'outcome.qualified': 40 } }]);
    clock.advance(9 * 60_000 + 59_000);
    expect(await cache.weightsOf(pool({ recomputeMinutes: 10 }))).toBe(first);
    expect(reads).toHaveLength(1);

    clock.advance(1_000);
    const second = await cache.weightsOf(pool({ recomputeMinutes: 10 }));
    expect(reads).toHaveLength(2);
    expect(second.get('ben')!.weight).toBeGreaterThan(second.get('ana')!.weight);
  });

  it('recomputes at once when the stage or the members change', async () => {
    const clock = fixedClock('2026-11-23T10:00:00.000Z');
    const { port, reads } = countingRates(await seededStats());
    const cache = new PerformanceWeightCache(port, clock, { count: () => undefined });
    await cache.weightsOf(pool());
    const won = await cache.weightsOf(pool({ stage: 'won' }));
    // m = 11 / 200; ana (2 + 1.1) / 120 → 0.47 × 5.5 → 3; ben (9 + 1.1) / 120 → 1.53 × 5.5 → 8.
    expect(weightOf(won)).toEqual({ ana: 3, ben: 8 });
    const withCy = await cache.weightsOf(
      aPool('p', ['ana', 'ben', 'cy'], { method: 'performance', performance: { stage: 'won' } }),
    );
    expect(reads.map((r) => r.stage)).toEqual(['qualified', 'won', 'won']);
    expect(withCy.get('cy')).toEqual({ rate: 0.055, sample: 0, weight: 6 });
  });

  it('leaves a window without the rows of earlier days', async () => {
    const clock = fixedClock('2026-11-23T10:00:00.000Z');
    const { port } = countingRates(await seededStats());
    const cache = new PerformanceWeightCache(port, clock, { count: () => undefined });
    // Three days, 11-21..11-23: the 11-20 record is outside, so everyone sits at the mean.
    expect(weightOf(await cache.weightsOf(pool({ windowDays: 3 })))).toEqual({ ana: 6, ben: 6 });
  });

  it('keeps the last weights and counts a failure when the stats cannot be read', async () => {
    const clock = fixedClock('2026-11-23T10:00:00.000Z');
    const stats = await seededStats();
    let failing = false;
    const rates = statsPerformanceRates(stats);
    const failures: string[] = [];
    const cache = new PerformanceWeightCache(
      { ratesOf: (...args) => (failing ? Promise.reject(new Error('throttled')) : rates.ratesOf(...args)) },
      clock,
      { count: (name) => void failures.push(name) },
    );
    const first = await cache.weightsOf(pool());
    failing = true;
    clock.advance(15 * 60_000);
    expect(await cache.weightsOf(pool())).toBe(first);
    expect(failures).toEqual(['PerformanceRatesFailed']);
  });

  it("puts a performance pool's weights in force on its snapshot, and reads the rates once per interval", async () => {
    const clock = fixedClock('2026-11-23T10:00:00.000Z');
    const { port, reads } = countingRates(await seededStats());
    const snapshot = {
      pool: pool(),
      reps: new Map([
        ['ana', aRep('ana')],
        ['ben', aRep('ben')],
      ]),
      loads: new Map(),
      rotation: { seq: 0, members: {} },
      configVersion: 1,
    };
    const store = { loadPool: async () => snapshot, loadRepLoads: async () => new Map() };
    const lifetimes = { maxAgeMs: 300_000, loadsMaxAgeMs: 30_000 };
    const snapshots = new SnapshotCache(
      store,
      clock,
      lifetimes,
      new PerformanceWeightCache(port, clock, { count: () => undefined }),
    );
    for (let i = 0; i < 5; i++)
      expect(weightOf((await snapshots.get('p', i === 3))!.performance!)).toEqual({ ana: 8, ben: 3 });
    expect(reads).toHaveLength(1);
  });
});
