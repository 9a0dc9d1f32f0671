import { describe, expect, it } from 'vitest';
import { AssignmentRetriesExhaustedError, createLeadAssigner, type AssignerOptions } from '../../functions/core/assign-leads';
import type { Metrics, PoolSnapshot } from '../../functions/core/ports';
import { aLeadMessage, aPool, aRep, fixedClock, repsById } from '../support/builders';
import { aSource, MemoryAssignmentStore, MemorySources, RecordingNotifier } from '../support/memory-stores';

function setUp(options: AssignerOptions = {}, snapshot?: PoolSnapshot | null) {
  const store = new MemoryAssignmentStore(
    snapshot === null
      ? undefined
      : snapshot ?? {
          pool: aPool('pool_1', ['a', 'b', 'c']),
          reps: repsById(aRep('a'), aRep('b'), aRep('c')),
          rotation: { seq: 0, members: {} },
          configVersion: 1,
        },
  );
  const notifier = new RecordingNotifier();
  const counts = new Map<string, number>();
  const metrics: Metrics = { count: (name, value = 1) => counts.set(name, (counts.get(name) ?? 0) + value) };
  const assigner = createLeadAssigner(
    { sources: new MemorySources([aSource('src_1', 'pool_1')]), store, notifier, clock: fixedClock(), metrics },
    { sleep: async () => undefined, ...options },
  );
  return { store, notifier, counts, assigner };
}

describe('createLeadAssigner', () => {
  it('decides leads that arrive together in order and commits them in one transaction', async () => {
    const { store, assigner } = setUp();
    const outcomes = await Promise.all(['L1', 'L2', 'L3', 'L4'].map((id) => assigner.assign(aLeadMessage(id))));
    expect(outcomes.map((o) => o.status === 'assigned' && o.repId)).toEqual(['a', 'b', 'c', 'a']);
    expect(store.commits).toHaveLength(1);
    expect(store.commits[0]).toMatchObject({ poolId: 'pool_1', expected: { seq: 0, configVersion: 1 }, rotation: { seq: 4 } });
    expect(store.commits[0]!.leads.map((l) => l.decision.seq)).toEqual([1, 2, 3, 4]);
  });

  it('notifies each assigned rep once', async () => {
    const { notifier, assigner } = setUp();
    await Promise.all(['L1', 'L2'].map((id) => assigner.assign(aLeadMessage(id))));
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

  it('reads the pool again and retries when the rotation moved under it', async () => {
    const { store, counts, assigner } = setUp();
    await assigner.assign(aLeadMessage('L1'));
    store.snapshot!.rotation = { seq: 10, members: { a: { last: 9 }, b: { last: 10 } } }; // another assigner
    const outcome = await assigner.assign(aLeadMessage('L2'));
    expect(outcome).toEqual({ leadId: 'L2', status: 'assigned', repId: 'c', seq: 11 });
    expect(store.loads).toBe(2);
    expect(counts.get('AssignmentConflictRetries')).toBe(1);
  });

  it('never assigns a redelivered lead twice nor moves the rotation for it', async () => {
    const { store, notifier, assigner } = setUp();
    await assigner.assign(aLeadMessage('L1'));
    const again = await assigner.assign(aLeadMessage('L1'));
    expect(again).toEqual({ leadId: 'L1', status: 'duplicate' });
    expect(store.snapshot!.rotation.seq).toBe(1);
    expect(notifier.sent).toHaveLength(1);
  });

  it('drops a settled lead from a batch and still assigns the others', async () => {
    const { store, assigner } = setUp();
    store.leads.set('OLD', { status: 'assigned', repId: 'c' });
    const outcomes = await Promise.all(['OLD', 'N1', 'N2'].map((id) => assigner.assign(aLeadMessage(id))));
    expect(outcomes).toEqual([
      { leadId: 'OLD', status: 'duplicate' },
      { leadId: 'N1', status: 'assigned', repId: 'a', seq: 1 },
      { leadId: 'N2', status: 'assigned', repId: 'b', seq: 2 },
    ]);
  });

  it('sends the notice again when a redelivery finds its lead assigned (the first notice may have failed)', async () => {
    const { notifier, assigner } = setUp();
    notifier.failNext = 1;
    await expect(assigner.assign(aLeadMessage('L1'))).rejects.toThrow('SNS is down');
    const redelivery = await assigner.assign(aLeadMessage('L1'), { redelivered: true });
    expect(redelivery.status).toBe('duplicate');
    expect(notifier.sent.map((n) => [n.repId, n.leadId])).toEqual([['a', 'L1']]);
  });

  it('gives the leads back to the queue after too many conflicts, and counts them', async () => {
    const { store, counts, assigner } = setUp({ maxAttempts: 3 });
    store.scripted.push({ status: 'contended' }, { status: 'contended' }, { status: 'contended' });
    await expect(assigner.assign(aLeadMessage('L1'))).rejects.toBeInstanceOf(AssignmentRetriesExhaustedError);
    expect(store.commits).toHaveLength(3);
    expect(counts.get('AssignmentRetriesExhausted')).toBe(1);
  });

  it('keeps a lead unassigned, with the reason, when nobody in the pool is eligible', async () => {
    const { store, assigner } = setUp({}, {
      pool: aPool('pool_1', ['a']),
      reps: repsById(aRep('a', { status: 'paused' })),
      rotation: { seq: 3, members: {} },
      configVersion: 2,
    });
    expect(await assigner.assign(aLeadMessage('L1'))).toEqual({ leadId: 'L1', status: 'unassigned', reason: 'no_eligible_rep' });
    expect(store.commits[0]).toMatchObject({ expected: { seq: 3, configVersion: 2 }, rotation: { seq: 3 } });
    expect(store.commits[0]!.leads[0]!.decision.skipped).toEqual([{ repId: 'a', reason: 'paused' }]);
  });

  it('keeps a lead unassigned when its pool or its source no longer exists', async () => {
    const { assigner } = setUp({}, null);
    expect(await assigner.assign(aLeadMessage('L1'))).toMatchObject({ status: 'unassigned', reason: 'pool_not_found' });
    expect(await assigner.assign(aLeadMessage('L2', 'src_gone'))).toMatchObject({ status: 'unassigned', reason: 'source_not_found' });
  });
});
