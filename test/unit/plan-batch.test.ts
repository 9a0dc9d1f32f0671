import { describe, expect, it } from 'vitest';
import { type PlannedLead, planBatch } from '../../functions/core/assignment/plan-batch';
import type { PoolSnapshot } from '../../functions/core/assignment/ports';
import type { Pool } from '../../functions/core/team/pool';
import type { Rep, RepLoad } from '../../functions/core/team/rep';
import { aLeadMessage, aPool, aRep, repsById } from '../support/builders';

const now = new Date('2026-11-23T10:00:00.000Z');

function aSnapshot(pool: Pool, reps: Rep[], loads: [string, RepLoad][] = []): PoolSnapshot {
  return { pool, reps: repsById(...reps), loads: new Map(loads), rotation: { seq: 7, members: {} }, configVersion: 3 };
}

function leads(...ids: string[]): PlannedLead[] {
  return ids.map((id) => ({
    message: aLeadMessage(id),
    options: {},
    route: { poolId: 'pool_1', via: 'source' as const, trace: [] },
    origin: 'pool_1',
    via: [],
  }));
}

const plan = (snapshot: PoolSnapshot | undefined, batch: PlannedLead[], fresh = false) =>
  planBatch({ poolId: 'pool_1', snapshot, fresh, leads: batch, now, random: () => 0 });

describe('planning a batch (pure: no store, no clock, no queue)', () => {
  it('decides the leads in order on one snapshot, each on the rotation the previous one left', () => {
    const result = plan(
      aSnapshot(aPool('pool_1', ['a', 'b', 'c']), [aRep('a'), aRep('b'), aRep('c')]),
      leads('L1', 'L2', 'L3', 'L4'),
    );
    expect(result.settlements.map((s) => [s.settlement.leadId, s.settlement.repId])).toEqual([
      ['L1', 'a'],
      ['L2', 'b'],
      ['L3', 'c'],
      ['L4', 'a'],
    ]);
    expect(result.rotation.seq).toBe(11);
    expect(result.settlements.map((s) => s.settlement.decisions.at(-1)?.seq)).toEqual([8, 9, 10, 11]);
    expect(result.needsFresh).toBe(false);
  });

  it('counts each assignment against the rep within the batch, so a cap reached mid-batch skips the rep', () => {
    const snapshot = aSnapshot(
      aPool('pool_1', ['a', 'b']),
      [aRep('a', { maxOpen: 1 }), aRep('b')],
      [['a', { open: 0, dayCount: 0 }]],
    );
    const result = plan(snapshot, leads('L1', 'L2', 'L3'));
    expect(result.settlements.map((s) => s.settlement.repId)).toEqual(['a', 'b', 'b']);
    expect(result.settlements[2]!.settlement.decisions.at(-1)?.skipped).toEqual([
      { repId: 'a', reason: 'at_max_open' },
    ]);
    expect(result.changes).toEqual([
      expect.objectContaining({ repId: 'a', open: 1, dayCount: 1, maxOpen: 1 }),
      expect.objectContaining({ repId: 'b', open: 2, dayCount: 2 }),
    ]);
  });

  it('sends a lead nobody can take on to the fallback pool, but only on a fresh read', () => {
    const pool = aPool('pool_1', ['a'], { fallback: 'pool_2' });
    const snapshot = aSnapshot(pool, [aRep('a', { status: 'paused' })]);
    expect(plan(snapshot, leads('L1')).needsFresh).toBe(true);
    const fresh = plan(snapshot, leads('L1'), true);
    expect(fresh.settlements).toEqual([]);
    expect(fresh.forwards).toEqual([
      expect.objectContaining({
        poolId: 'pool_2',
        step: expect.objectContaining({
          expectation: { poolId: 'pool_1', seq: 7, configVersion: 3 },
          decision: expect.objectContaining({ outcome: 'fallback', fallbackTo: 'pool_2' }),
        }),
      }),
    ]);
  });

  it('leaves a held lead sent round again as it is when still nobody can take it', () => {
    const snapshot = aSnapshot(aPool('pool_1', ['a']), [aRep('a', { status: 'paused' })]);
    const [held] = leads('L1');
    held!.message = { ...held!.message, heldIn: 'pool_1' };
    const result = plan(snapshot, [held!], true);
    expect(result.unchanged).toEqual([held]);
    expect(result.settlements).toEqual([]);
  });

  it('settles a lead whose pool is gone as unassigned, with the reason', () => {
    const result = plan(undefined, leads('L1'));
    expect(result.settlements[0]!.settlement).toMatchObject({
      status: 'unassigned',
      poolId: 'pool_1',
      decisions: [expect.objectContaining({ outcome: 'unassigned', reason: 'pool_not_found' })],
    });
  });
});

describe('a next round that finds nobody and falls back', () => {
  it('is decided in the fallback pool by that pool’s own method, not as the offer’s next tier', () => {
    const [lead] = leads('L1');
    const offered = {
      ...lead!,
      options: { constraints: { method: 'shotgun' as const, afterTier: 1 }, round: 2, reason: 'offer_expired' },
      via: [
        {
          expectation: { poolId: 'pool_0', seq: 1, configVersion: 1 },
          decision: {
            at: now.toISOString(),
            outcome: 'fallback' as const,
            poolId: 'pool_0',
            candidates: [],
            skipped: [],
            fallbackTo: 'pool_1',
          },
        },
      ],
    };
    const result = plan(aSnapshot(aPool('pool_1', ['z']), [aRep('z')]), [offered], true);
    expect(result.settlements[0]!.settlement).toMatchObject({ status: 'assigned', repId: 'z' });
    expect(result.settlements[0]!.settlement.decisions.at(-1)).toMatchObject({ method: 'round_robin' });
  });
});

describe('a lead held for an admin, sent round again', () => {
  it('stays held, with a held decision, where nobody can take it and it does not wait there already', () => {
    const [lead] = leads('L1');
    const held = { ...lead!, message: { ...lead!.message, held: true, heldIn: 'pool_0' } };
    const snapshot = aSnapshot(aPool('pool_1', ['a']), [aRep('a', { status: 'paused' })]);
    const { settlements } = plan(snapshot, [held], true);
    expect(settlements[0]!.settlement).toMatchObject({ status: 'held', from: { status: 'held' } });
    expect(settlements[0]!.settlement.decisions.at(-1)).toMatchObject({ outcome: 'held', reason: 'no_eligible_rep' });
  });
});
