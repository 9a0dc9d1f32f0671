import { describe, expect, it } from 'vitest';
import type { PoolSnapshot } from '../../functions/core/assignment/ports';
import { SnapshotCache } from '../../functions/core/assignment/snapshot-cache';
import type { Rep } from '../../functions/core/team/rep';
import { aPool, aRep, fixedClock, repsById } from '../support/builders';
import { MemoryAssignmentStore } from '../support/memory-stores';

const LIFETIMES = { maxAgeMs: 300_000, loadsMaxAgeMs: 30_000 };

function aPoolOf(reps: Rep[]): PoolSnapshot {
  return {
    pool: aPool(
      'pool_1',
      reps.map((r) => r.id),
    ),
    reps: repsById(...reps),
    loads: new Map(),
    rotation: { seq: 0, members: {} },
    configVersion: 1,
  };
}

function setUp(reps: Rep[]) {
  const store = new MemoryAssignmentStore(aPoolOf(reps));
  const clock = fixedClock();
  return { store, clock, cache: new SnapshotCache(store, clock, LIFETIMES) };
}

describe('SnapshotCache', () => {
  it('trusts a pool without caps for its whole lifetime: the commit verifies everything it decides on', async () => {
    // Prepare
    const { store, clock, cache } = setUp([aRep('a'), aRep('b')]);
    await cache.get('pool_1', false);
    // Act
    clock.advance(299_000);
    await cache.get('pool_1', false);
    // Assess
    expect(store.loads).toBe(1);
    expect(store.loadReads).toEqual([]);
    clock.advance(2_000);
    await cache.get('pool_1', false);
    expect(store.loads).toBe(2);
  });

  it("re-reads a capped pool's loads after 30 s, not the pool: a rep who closed leads is not skipped for long", async () => {
    // Prepare: a rep at her cap, as first read
    const { store, clock, cache } = setUp([aRep('a', { maxOpen: 2 }), aRep('b')]);
    store.repLoads.set('a', { open: 2, dayCount: 2 });
    expect((await cache.get('pool_1', false))!.loads.get('a')!.open).toBe(2);
    // Act: she closes a lead; 30 seconds pass
    store.repLoads.set('a', { open: 1, dayCount: 2 });
    clock.advance(29_000);
    const before = await cache.get('pool_1', false);
    clock.advance(1_000);
    const after = await cache.get('pool_1', false);
    // Assess
    expect(before!.loads.get('a')!.open).toBe(2);
    expect(after!.loads.get('a')!.open).toBe(1);
    expect(store.loads).toBe(1);
    expect(store.loadReads).toHaveLength(1);
  });

  it('hands the store what it knows when the lifetime ends, so an unchanged pool costs its rotation and loads', async () => {
    // Prepare
    const known: (PoolSnapshot | undefined)[] = [];
    const { store, clock, cache } = setUp([aRep('a')]);
    const loadPool = store.loadPool.bind(store);
    store.loadPool = (poolId, k) => {
      known.push(k);
      return loadPool(poolId, k);
    };
    const first = await cache.get('pool_1', false);
    // Act
    clock.advance(300_000);
    await cache.get('pool_1', false);
    await cache.get('pool_1', true);
    // Assess
    expect(known[0]).toBeUndefined();
    expect(known[1]).toBe(first);
    expect(known[2]).toBeDefined();
  });
});
