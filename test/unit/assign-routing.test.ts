import { describe, expect, it } from 'vitest';
import { createLeadAssigner } from '../../functions/core/assignment/assigner';
import type { RuleSet } from '../../functions/core/routing/rules';
import { noMetrics } from '../../functions/core/shared/ports';
import type { Source } from '../../functions/core/sources/source';
import { aLeadMessage, aPool, aRep, fixedClock, repsById } from '../support/builders';
import { aSource, MemoryAssignmentStore, MemorySources, RecordingNotifier } from '../support/memory-stores';

const rules: RuleSet = {
  version: 3,
  rules: [{ name: 'US territory', when: { all: [{ field: 'country', op: 'eq', value: 'US' }] }, poolId: 'pool_1' }],
};

function setUp(source: Source, ruleSet: RuleSet | undefined = rules) {
  const store = new MemoryAssignmentStore({
    pool: aPool('pool_1', ['a', 'b']),
    reps: repsById(aRep('a'), aRep('b')),
    loads: new Map(),
    rotation: { seq: 0, members: {} },
    configVersion: 1,
  });
  const assigner = createLeadAssigner(
    {
      sources: new MemorySources([source]),
      store,
      notifier: new RecordingNotifier(),
      clock: fixedClock(),
      metrics: noMetrics,
      rules: { current: async () => ruleSet },
    },
    { sleep: async () => undefined },
  );
  return { store, assigner };
}

const unpinned = { ...aSource('src_1', 'unused'), poolId: undefined } as Source;
const withCountry = (id: string, country: string) => {
  const message = aLeadMessage(id);
  return { ...message, fields: { ...message.fields, country } };
};

describe('the assigner routes with the rules', () => {
  it('sends a lead of an unpinned source to the pool of the matching rule and names the rule in the decision', async () => {
    const { store, assigner } = setUp(unpinned);
    expect(await assigner.assign(withCountry('L1', 'US'))).toMatchObject({ status: 'assigned', repId: 'a' });
    expect(store.commits[0]!.leads[0]!.decisions[0]).toMatchObject({
      outcome: 'assigned',
      poolId: 'pool_1',
      rule: 'US territory',
    });
  });

  it('settles a lead that no rule matches unassigned, with the reason', async () => {
    const { store, assigner } = setUp(unpinned);
    expect(await assigner.assign(withCountry('L2', 'FR'))).toEqual({
      leadId: 'L2',
      status: 'unassigned',
      reason: 'no_matching_rule',
    });
    expect(store.commits[0]!.leads[0]!.decisions[0]).toMatchObject({
      outcome: 'unassigned',
      reason: 'no_matching_rule',
      candidates: [],
    });
    expect(store.snapshot!.rotation.seq).toBe(0);
  });

  it('settles a test lead unassigned (test_lead) through the same commit, without moving the rotation', async () => {
    const google = { ...aSource('src_1', 'pool_1'), kind: 'google_ads' } as Source;
    const { store, assigner } = setUp(google);
    expect(await assigner.assign({ ...aLeadMessage('L3'), test: true })).toEqual({
      leadId: 'L3',
      status: 'unassigned',
      reason: 'test_lead',
    });
    expect(store.commits[0]!.leads[0]).toMatchObject({
      leadId: 'L3',
      status: 'unassigned',
      decisions: [{ reason: 'test_lead' }],
    });
    expect(store.snapshot!.rotation.seq).toBe(0);
  });

  it('keeps a pinned source going to its pool, with no rule in the decision', async () => {
    const { store, assigner } = setUp(aSource('src_1', 'pool_1'));
    expect(await assigner.assign(withCountry('L4', 'FR'))).toMatchObject({ status: 'assigned' });
    expect(store.commits[0]!.leads[0]!.decisions[0]!.rule).toBeUndefined();
  });
});
