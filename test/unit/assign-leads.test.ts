import { describe, expect, it } from 'vitest';
import { type AssignerOptions, createLeadAssigner } from '../../functions/core/assignment/assigner';
import { AssignmentRetriesExhaustedError } from '../../functions/core/assignment/commit-batch';
import type { PoolSnapshot } from '../../functions/core/assignment/ports';
import type { Metrics } from '../../functions/core/shared/ports';
import type { Pool } from '../../functions/core/team/pool';
import type { Rep } from '../../functions/core/team/rep';
import { aLeadMessage, aPool, aRep, fixedClock, repsById } from '../support/builders';
import { aSource, MemoryAssignmentStore, MemorySources, RecordingNotifier } from '../support/memory-stores';

function aSnapshot(pool: Pool, reps: Rep[], overrides: Partial<PoolSnapshot> = {}): PoolSnapshot {
  return {
    pool,
    reps: repsById(...reps),
    loads: new Map(),
    rotation: { seq: 0, members: {} },
    configVersion: 1,
    ...overrides,
  };
}

const defaultPool = () => aSnapshot(aPool('pool_1', ['a', 'b', 'c']), [aRep('a'), aRep('b'), aRep('c')]);

function setUp(options: AssignerOptions = {}, ...snapshots: PoolSnapshot[]) {
  const store = new MemoryAssignmentStore(...(snapshots.length ? snapshots : [defaultPool()]));
  const notifier = new RecordingNotifier();
  const counts = new Map<string, number>();
  const metrics: Metrics = { count: (name, value = 1) => counts.set(name, (counts.get(name) ?? 0) + value) };
  const assigner = createLeadAssigner(
    {
      sources: new MemorySources([aSource('src_1', 'pool_1')]),
      store,
      notifier,
      clock: fixedClock(),
      metrics,
      random: () => 0,
    },
    { sleep: async () => undefined, ...options },
  );
  return { store, notifier, counts, assigner };
}

const assignAll = (assigner: ReturnType<typeof setUp>['assigner'], ids: string[]) =>
  Promise.all(ids.map((id) => assigner.assign(aLeadMessage(id))));

describe('createLeadAssigner', () => {
  it('decides leads that arrive together in order and commits them in one transaction', async () => {
    const { store, assigner } = setUp();
    const outcomes = await assignAll(assigner, ['L1', 'L2', 'L3', 'L4']);
    expect(outcomes.map((o) => o.status === 'assigned' && o.repId)).toEqual(['a', 'b', 'c', 'a']);
    expect(store.commits).toHaveLength(1);
    expect(store.commits[0]).toMatchObject({
      poolId: 'pool_1',
      expected: { poolId: 'pool_1', seq: 0, configVersion: 1 },
      rotation: { seq: 4 },
    });
    expect(store.commits[0]!.leads.map((l) => l.decisions[0]!.seq)).toEqual([1, 2, 3, 4]);
  });

  it('moves each chosen rep’s counters once per batch, with its caps', async () => {
    const { store, assigner } = setUp(
      {},
      aSnapshot(aPool('pool_1', ['a', 'b']), [aRep('a', { maxOpen: 5 }), aRep('b')]),
    );
    await assignAll(assigner, ['L1', 'L2', 'L3']);
    expect(store.commits[0]!.loads).toEqual([
      { repId: 'a', open: 2, day: '2026-11-23', dayCount: 2, rollover: true, maxOpen: 5 },
      { repId: 'b', open: 1, day: '2026-11-23', dayCount: 1, rollover: true },
    ]);
  });

  it('counts leads decided earlier in the same batch against a rep’s cap', async () => {
    const { assigner } = setUp({}, aSnapshot(aPool('pool_1', ['a', 'b']), [aRep('a', { maxOpen: 1 }), aRep('b')]));
    const outcomes = await assignAll(assigner, ['L1', 'L2', 'L3']);
    expect(outcomes.map((o) => (o.status === 'assigned' ? o.repId : o.status))).toEqual(['a', 'b', 'b']);
  });

  it('decides a batch in arrival order even when routing lookups finish in another order', async () => {
    const store = new MemoryAssignmentStore(defaultPool());
    let calls = 0;
    // The first lookup is the slowest: the later leads are routed first.
    const sources = {
      findByKey: async () => undefined,
      get: async () => {
        const wait = 30 - 3 * calls++;
        await new Promise((r) => setTimeout(r, wait));
        return aSource('src_1', 'pool_1');
      },
    };
    const assigner = createLeadAssigner(
      { sources, store, notifier: new RecordingNotifier(), clock: fixedClock(), metrics: { count: () => undefined } },
      { sleep: async () => undefined },
    );
    const outcomes = await Promise.all(['L1', 'L2', 'L3', 'L4'].map((id) => assigner.assign(aLeadMessage(id))));
    expect(outcomes.map((o) => o.status === 'assigned' && o.repId)).toEqual(['a', 'b', 'c', 'a']);
    expect(store.commits).toHaveLength(1);
  });

  it('notifies each assigned rep once', async () => {
    const { notifier, assigner } = setUp();
    await assignAll(assigner, ['L1', 'L2']);
    expect(notifier.sent.map((n) => [n.repId, n.leadId, n.kind])).toEqual([
      ['a', 'L1', 'assigned'],
      ['b', 'L2', 'assigned'],
    ]);
  });

  it('reuses its snapshot of the pool between batches: no read per lead', async () => {
    const { store, assigner } = setUp();
    for (const id of ['L1', 'L2', 'L3']) await assigner.assign(aLeadMessage(id));
    expect(store.loads).toBe(1);
    expect(store.commits.map((c) => c.expected?.seq)).toEqual([0, 1, 2]);
  });

  it('reads fresh counts only for the reps its cached snapshot shows at a cap', async () => {
    const pool = aSnapshot(aPool('pool_1', ['a', 'b']), [aRep('a', { maxOpen: 1 }), aRep('b')]);
    const { store, assigner } = setUp({}, pool);
    await assigner.assign(aLeadMessage('L1')); // a, now at her cap in the cached snapshot
    await assigner.assign(aLeadMessage('L2')); // b: a's count was read to be sure
    expect(store.loadReads).toEqual([['a']]);
    store.repLoads.set('a', { open: 0, dayCount: 1, day: '2026-11-23' }); // a closed her lead
    const third = await assigner.assign(aLeadMessage('L3'));
    expect(third).toMatchObject({ status: 'assigned', repId: 'a' });
    expect(store.loadReads).toEqual([['a'], ['a']]);
    expect(store.loads).toBe(1);
  });

  it('reads no counts at all while nobody is at a cap', async () => {
    const { store, assigner } = setUp();
    for (const id of ['L1', 'L2', 'L3', 'L4']) await assigner.assign(aLeadMessage(id));
    expect(store.loadReads).toEqual([]);
  });

  it('reads the pool again and retries when the rotation moved under it', async () => {
    const { store, counts, assigner } = setUp();
    await assigner.assign(aLeadMessage('L1'));
    store.snapshot!.rotation = { seq: 10, members: { a: { last: 9 }, b: { last: 10 } } }; // another assigner
    const outcome = await assigner.assign(aLeadMessage('L2'));
    expect(outcome).toEqual({ leadId: 'L2', status: 'assigned', repId: 'c', poolId: 'pool_1', seq: 11 });
    expect(store.loads).toBe(2);
    expect(counts.get('AssignmentConflictRetries')).toBe(1);
  });

  it('never assigns a redelivered lead twice nor moves the rotation for it', async () => {
    const { store, notifier, assigner } = setUp();
    await assigner.assign(aLeadMessage('L1'));
    expect(await assigner.assign(aLeadMessage('L1'))).toEqual({ leadId: 'L1', status: 'duplicate' });
    expect(store.snapshot!.rotation.seq).toBe(1);
    expect(notifier.sent).toHaveLength(1);
  });

  it('keeps two copies of one lead out of one transaction', async () => {
    const { store, assigner } = setUp();
    const outcomes = await assignAll(assigner, ['L1', 'L1']);
    expect(outcomes.map((o) => o.status)).toEqual(['assigned', 'duplicate']);
    expect(store.commits.every((c) => new Set(c.leads.map((l) => l.leadId)).size === c.leads.length)).toBe(true);
  });

  it('drops a settled lead from a batch and still assigns the others', async () => {
    const { store, assigner } = setUp();
    store.leads.set('OLD', { status: 'assigned', repId: 'c' });
    expect(await assignAll(assigner, ['OLD', 'N1', 'N2'])).toEqual([
      { leadId: 'OLD', status: 'duplicate' },
      { leadId: 'N1', status: 'assigned', repId: 'a', poolId: 'pool_1', seq: 1 },
      { leadId: 'N2', status: 'assigned', repId: 'b', poolId: 'pool_1', seq: 2 },
    ]);
  });

  it('sends the notice again when a redelivery finds its lead assigned (the first notice may have failed)', async () => {
    const { notifier, assigner } = setUp();
    notifier.failNext = 1;
    await expect(assigner.assign(aLeadMessage('L1'))).rejects.toThrow('SNS is down');
    expect((await assigner.assign(aLeadMessage('L1'), { redelivered: true })).status).toBe('duplicate');
    expect(notifier.sent.map((n) => [n.repId, n.leadId])).toEqual([['a', 'L1']]);
  });

  it('gives the leads back to the queue after too many conflicts, and counts them', async () => {
    const { store, counts, assigner } = setUp({ maxAttempts: 3 });
    store.scripted.push({ status: 'contended' }, { status: 'contended' }, { status: 'contended' });
    await expect(assigner.assign(aLeadMessage('L1'))).rejects.toBeInstanceOf(AssignmentRetriesExhaustedError);
    expect(store.commits).toHaveLength(3);
    expect(counts.get('AssignmentRetriesExhausted')).toBe(1);
  });

  it('holds a lead, with the reason, when nobody is eligible and the pool has no fallback', async () => {
    const { store, assigner } = setUp(
      {},
      aSnapshot(aPool('pool_1', ['a']), [aRep('a', { status: 'paused' })], {
        rotation: { seq: 3, members: {} },
        configVersion: 2,
      }),
    );
    expect(await assigner.assign(aLeadMessage('L1'))).toEqual({
      leadId: 'L1',
      status: 'unassigned',
      reason: 'no_eligible_rep',
      poolId: 'pool_1',
    });
    expect(store.commits[0]).toMatchObject({ expected: { seq: 3, configVersion: 2 }, rotation: { seq: 3 }, loads: [] });
    expect(store.commits[0]!.leads[0]!.decisions[0]!.skipped).toEqual([{ repId: 'a', reason: 'paused' }]);
  });

  it('writes nothing for a held lead sent round again while still nobody can take it', async () => {
    const { store, assigner } = setUp({}, aSnapshot(aPool('pool_1', ['a']), [aRep('a', { status: 'paused' })]));
    const outcome = await assigner.assign({ ...aLeadMessage('L1'), heldIn: 'pool_1' });
    expect(outcome).toEqual({ leadId: 'L1', status: 'unassigned', reason: 'no_eligible_rep', poolId: 'pool_1' });
    expect(store.commits).toEqual([]);
    expect(store.loads).toBe(2); // the first answer is confirmed on a fresh read: no write verifies it
  });

  it('leaves a manual pool’s leads for an admin', async () => {
    const { assigner } = setUp({}, aSnapshot(aPool('pool_1', ['a'], { method: 'manual' }), [aRep('a')]));
    expect(await assigner.assign(aLeadMessage('L1'))).toMatchObject({ status: 'unassigned', reason: 'manual' });
  });

  it('follows the fallback when nobody can take the lead, checking the pool it left in the same commit', async () => {
    const first = aSnapshot(aPool('pool_1', ['a'], { fallback: 'pool_2' }), [aRep('a', { status: 'paused' })], {
      rotation: { seq: 7, members: {} },
    });
    const second = aSnapshot(aPool('pool_2', ['z']), [aRep('z')]);
    const { store, assigner } = setUp({}, first, second);
    expect(await assigner.assign(aLeadMessage('L1'))).toMatchObject({
      status: 'assigned',
      repId: 'z',
      poolId: 'pool_2',
    });
    const commit = store.commits.at(-1)!;
    expect(commit).toMatchObject({ poolId: 'pool_2', checks: [{ poolId: 'pool_1', seq: 7, configVersion: 1 }] });
    expect(commit.leads[0]!.decisions.map((d) => [d.poolId, d.outcome, d.fallbackTo])).toEqual([
      ['pool_1', 'fallback', 'pool_2'],
      ['pool_2', 'assigned', undefined],
    ]);
  });

  it('routes a lead afresh when the pool it fell back from changed meanwhile', async () => {
    const first = aSnapshot(aPool('pool_1', ['a'], { fallback: 'pool_2' }), [aRep('a', { status: 'paused' })]);
    const second = aSnapshot(aPool('pool_2', ['z']), [aRep('z')]);
    const { store, assigner } = setUp({}, first, second);
    // The first commit in pool_2 finds pool_1 changed: Ana is back.
    store.scripted.push({ status: 'stale', poolIds: ['pool_1'] });
    store.pools.get('pool_1')!.reps = repsById(aRep('a'));
    store.pools.get('pool_1')!.configVersion = 2;
    expect(await assigner.assign(aLeadMessage('L1'))).toMatchObject({
      status: 'assigned',
      repId: 'a',
      poolId: 'pool_1',
    });
  });

  it('holds a lead where a fallback loop would begin', async () => {
    const one = aSnapshot(aPool('pool_1', ['a'], { fallback: 'pool_2' }), [aRep('a', { status: 'paused' })]);
    const two = aSnapshot(aPool('pool_2', ['b'], { fallback: 'pool_1' }), [aRep('b', { status: 'paused' })]);
    const { assigner } = setUp({}, one, two);
    expect(await assigner.assign(aLeadMessage('L1'))).toEqual({
      leadId: 'L1',
      status: 'unassigned',
      reason: 'fallback_loop',
      poolId: 'pool_2',
    });
  });

  it('keeps a lead unassigned when its pool or its source no longer exists', async () => {
    const store = new MemoryAssignmentStore();
    const assigner = createLeadAssigner(
      {
        sources: new MemorySources([aSource('src_1', 'pool_1')]),
        store,
        notifier: new RecordingNotifier(),
        clock: fixedClock(),
        metrics: { count: () => undefined },
      },
      { sleep: async () => undefined },
    );
    expect(await assigner.assign(aLeadMessage('L1'))).toMatchObject({ status: 'unassigned', reason: 'pool_not_found' });
    expect(await assigner.assign(aLeadMessage('L2', 'src_gone'))).toMatchObject({
      status: 'unassigned',
      reason: 'source_not_found',
    });
  });
});
