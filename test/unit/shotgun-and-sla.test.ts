import { describe, expect, it } from 'vitest';
import { createLeadAssigner } from '../../functions/core/assignment/assigner';
import { handleLeadTimer } from '../../functions/core/assignment/lead-timers';
import type { LeadTimer, PoolSnapshot } from '../../functions/core/assignment/ports';
import type { Lead } from '../../functions/core/leads/lead';
import { chooseRep } from '../../functions/core/methods/choose-rep';
import { EMPTY_ROTATION } from '../../functions/core/methods/rotation';
import type { Pool } from '../../functions/core/team/pool';
import type { Rep } from '../../functions/core/team/rep';
import { aLeadMessage, aPool, aRep, fixedClock, repsById } from '../support/builders';
import { aSource, MemoryAssignmentStore, MemorySources, RecordingNotifier } from '../support/memory-stores';

const T0 = '2026-11-23T10:00:00.000Z';

function aSnapshot(pool: Pool, reps: Rep[]): PoolSnapshot {
  return { pool, reps: repsById(...reps), loads: new Map(), rotation: { seq: 0, members: {} }, configVersion: 1 };
}

function setUp(...snapshots: PoolSnapshot[]) {
  const clock = fixedClock(T0);
  const store = new MemoryAssignmentStore(...snapshots);
  const notifier = new RecordingNotifier();
  const timers: LeadTimer[] = [];
  const counts = new Map<string, number>();
  const metrics = { count: (name: string, value = 1) => void counts.set(name, (counts.get(name) ?? 0) + value) };
  const assigner = createLeadAssigner(
    {
      sources: new MemorySources([aSource('src_1', 'pool_1')]),
      store,
      notifier,
      clock,
      metrics,
      random: () => 0,
      links: (c) => `https://leads.example/l/${c.purpose}-${c.leadId}-${c.repId}-${c.round ?? 0}`,
      timers: { schedule: async (timer) => void timers.push(timer) },
    },
    { sleep: async () => undefined },
  );
  const message = aLeadMessage('L1');
  // The lead as the store has it, for the timer handler.
  const leads = {
    get: async (id: string): Promise<Lead | undefined> => {
      const state = store.leads.get(id);
      if (!state) return undefined;
      return {
        id,
        sourceId: 'src_1',
        createdAt: message.createdAt,
        updatedAt: T0,
        fields: message.fields,
        custom: {},
        decisions: [],
        ...state,
      } as Lead;
    },
  };
  const pools = { getPool: async (id: string) => store.pools.get(id)?.pool };
  const onTimer = (timer: LeadTimer) => handleLeadTimer({ leads, pools, assigner, metrics }, timer);
  return { clock, store, notifier, timers, counts, assigner, message, onTimer };
}

const shotgunPool = (shotgun: Pool['shotgun'] = {}, extra: Partial<Pool> = {}) =>
  aPool('pool_1', ['a', 'b', 'c'], {
    method: 'shotgun',
    shotgun,
    members: [{ repId: 'a' }, { repId: 'b' }, { repId: 'c', tier: 2 }],
    ...extra,
  });

describe('shotgun choice', () => {
  it('offers the lead to every eligible rep of the first tier that has one', () => {
    const view = {
      pool: shotgunPool(),
      reps: repsById(aRep('a'), aRep('b', { status: 'paused' }), aRep('c')),
      loads: new Map(),
    };
    const { decision, offerTier } = chooseRep(view, EMPTY_ROTATION, new Date(T0), { random: () => 0 });
    expect(decision).toMatchObject({
      outcome: 'offered',
      candidates: ['a'],
      skipped: [
        { repId: 'b', reason: 'paused' },
        { repId: 'c', reason: 'later_tier' },
      ],
    });
    expect(offerTier).toBe(1);
    const next = chooseRep(
      view,
      EMPTY_ROTATION,
      new Date(T0),
      { random: () => 0 },
      { method: 'shotgun', afterTier: 1 },
    );
    expect(next.decision).toMatchObject({ outcome: 'offered', candidates: ['c'] });
  });
});

describe('shotgun offers', () => {
  it('offers to each candidate with their own claim link, marks the lead offered and sets the window timer', async () => {
    const { store, notifier, timers, assigner, message } = setUp(
      aSnapshot(shotgunPool({ windowSeconds: 90 }), [aRep('a'), aRep('b'), aRep('c')]),
    );
    expect(await assigner.assign(message)).toEqual({
      leadId: 'L1',
      status: 'offered',
      repIds: ['a', 'b'],
      poolId: 'pool_1',
      round: 1,
    });
    expect(store.leads.get('L1')).toMatchObject({
      status: 'offered',
      offer: { round: 1, tier: 1, repIds: ['a', 'b'], expiresAt: '2026-11-23T10:01:30.000Z' },
    });
    expect(notifier.sent.map((n) => [n.repId, n.kind, n.link])).toEqual([
      ['a', 'offer', 'https://leads.example/l/claim-L1-a-1'],
      ['b', 'offer', 'https://leads.example/l/claim-L1-b-1'],
    ]);
    expect(notifier.sent[0]!.text).not.toContain(message.fields.email!); // offers show no contact details
    expect(timers).toEqual([{ type: 'offer_expired', leadId: 'L1', round: 1, dueAt: '2026-11-23T10:01:30.000Z' }]);
  });

  it.each([
    ['round_robin', { status: 'assigned', repId: 'a' }],
    ['next_tier', { status: 'offered', offer: { round: 2, tier: 2, repIds: ['c'] } }],
    ['hold', { status: 'held' }],
  ] as const)(
    'when nobody claims in time, "then: %s" decides, once, even if the timer comes twice',
    async (then, expected) => {
      const { store, timers, clock, onTimer, assigner, message } = setUp(
        aSnapshot(shotgunPool({ then }), [aRep('a'), aRep('b'), aRep('c')]),
      );
      await assigner.assign(message);
      const timer = timers[0]!;
      clock.advance(121_000);
      expect(await onTimer(timer)).toBe('handled');
      expect(await onTimer(timer)).toBe('no_longer_due');
      expect(store.leads.get('L1')).toMatchObject(expected);
      expect(store.commits.filter((c) => c.leads.some((l) => l.from?.status === 'offered'))).toHaveLength(1);
    },
  );

  it('sends an unclaimed offer to another pool when the pool says so', async () => {
    const other = aSnapshot(aPool('pool_2', ['z']), [aRep('z')]);
    const { store, timers, clock, onTimer, assigner, message } = setUp(
      aSnapshot(shotgunPool({ then: 'pool_2' }), [aRep('a'), aRep('b'), aRep('c')]),
      other,
    );
    await assigner.assign(message);
    clock.advance(121_000);
    await onTimer(timers[0]!);
    expect(store.leads.get('L1')).toMatchObject({ status: 'assigned', repId: 'z', poolId: 'pool_2' });
    const decisions = store.commits.at(-1)!.leads[0]!.decisions;
    expect(decisions.map((d) => [d.outcome, d.poolId])).toEqual([
      ['expired', 'pool_1'],
      ['assigned', 'pool_2'],
    ]);
  });

  it('does nothing when the timer arrives for an offer already claimed', async () => {
    const { store, timers, clock, onTimer, assigner, message } = setUp(
      aSnapshot(shotgunPool(), [aRep('a'), aRep('b'), aRep('c')]),
    );
    await assigner.assign(message);
    store.leads.set('L1', { status: 'accepted', repId: 'b', poolId: 'pool_1' });
    clock.advance(121_000);
    expect(await onTimer(timers[0]!)).toBe('no_longer_due');
    expect(store.leads.get('L1')).toMatchObject({ status: 'accepted', repId: 'b' });
  });
});

describe('accept SLA', () => {
  const slaPool = (max = 1) =>
    aPool('pool_1', ['a', 'b', 'c'], { sla: { acceptWithinSeconds: 300, maxReassignments: max } });

  it('sends the owner an accept link and sets the accept deadline', async () => {
    const { notifier, timers, assigner, message } = setUp(aSnapshot(slaPool(), [aRep('a'), aRep('b'), aRep('c')]));
    await assigner.assign(message);
    expect(notifier.sent[0]).toMatchObject({
      repId: 'a',
      kind: 'assigned',
      link: 'https://leads.example/l/accept-L1-a-0',
    });
    expect(timers).toEqual([
      {
        type: 'accept_deadline',
        leadId: 'L1',
        repId: 'a',
        reassignments: 0,
        dueAt: '2026-11-23T10:05:00.000Z',
        assignedAt: T0,
      },
    ]);
  });

  it('keeps a deadline to its own assignment: moved away and back, the rep gets a full new window', async () => {
    const { store, timers, clock, onTimer, assigner, message } = setUp(aSnapshot(slaPool(), [aRep('a'), aRep('b')]));
    await assigner.assign(message);
    // An admin moves the lead to b and back to a two minutes later (manual moves keep the SLA count).
    clock.advance(120_000);
    const back = {
      type: 'accept_deadline' as const,
      leadId: 'L1',
      repId: 'a',
      reassignments: 0,
      dueAt: '2026-11-23T10:07:00.000Z',
      assignedAt: clock.now().toISOString(),
    };
    store.leads.set('L1', { ...store.leads.get('L1')!, status: 'assigned', repId: 'a', assignedAt: back.assignedAt });
    clock.advance(181_000);
    expect(await onTimer(timers[0]!)).toBe('no_longer_due');
    expect(store.leads.get('L1')).toMatchObject({ status: 'assigned', repId: 'a' });
    clock.advance(120_000);
    expect(await onTimer(back)).toBe('handled');
    expect(store.leads.get('L1')).toMatchObject({ status: 'assigned', repId: 'b', slaReassignments: 1 });
  });

  it('moves an unaccepted lead to the next eligible rep, once per deadline, then holds it for an admin and counts it', async () => {
    const { store, timers, clock, counts, onTimer, assigner, message } = setUp(
      aSnapshot(slaPool(1), [aRep('a'), aRep('b'), aRep('c')]),
    );
    await assigner.assign(message);
    clock.advance(301_000);
    await onTimer(timers[0]!);
    expect(await onTimer(timers[0]!)).toBe('no_longer_due');
    expect(store.leads.get('L1')).toMatchObject({ status: 'assigned', repId: 'b', slaReassignments: 1 });
    expect(store.repLoads.get('a')?.open).toBe(0);
    const moved = store.commits.at(-1)!.leads[0]!.decisions[0]!;
    expect(moved).toMatchObject({
      outcome: 'assigned',
      repId: 'b',
      previousRepId: 'a',
      reason: 'sla_missed',
      skipped: [{ repId: 'a', reason: 'sla_missed' }],
    });

    expect(timers[1]).toMatchObject({ type: 'accept_deadline', repId: 'b', reassignments: 1 });
    clock.advance(301_000);
    await onTimer(timers[1]!);
    expect(store.leads.get('L1')).toMatchObject({ status: 'held' });
    expect(store.leads.get('L1')!.repId).toBeUndefined();
    expect(store.repLoads.get('b')?.open).toBe(0);
    expect(counts.get('SlaExhausted')).toBe(1);
  });

  it('leaves an accepted lead alone when its deadline passes', async () => {
    const { store, timers, clock, onTimer, assigner, message } = setUp(aSnapshot(slaPool(), [aRep('a'), aRep('b')]));
    await assigner.assign(message);
    store.leads.set('L1', { ...store.leads.get('L1')!, status: 'accepted' });
    clock.advance(301_000);
    expect(await onTimer(timers[0]!)).toBe('no_longer_due');
  });
});
