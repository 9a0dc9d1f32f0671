import { describe, expect, it } from 'vitest';
import { MemoryStatsStore } from '../../functions/adapters/local/memory-stats-store';
import type { Decision, Lead } from '../../functions/core/leads/lead';
import { bucketOf } from '../../functions/core/stats/histogram';
import { statsDeltas } from '../../functions/core/stats/stats-fold';
import { figuresOf, groupRows } from '../../functions/core/stats/stats-query';

const created = '2026-11-20T10:00:00.000Z';
const lead = (decisions: Partial<Decision>[], extra: Partial<Lead> = {}): Lead => ({
  id: 'lead_1',
  sourceId: 'src_form',
  status: 'assigned',
  createdAt: created,
  updatedAt: created,
  fields: {},
  custom: {},
  poolId: 'pool_a',
  decisions: decisions.map(
    (d) => ({ at: created, outcome: 'assigned', candidates: [], skipped: [], ...d }) as Decision,
  ),
  ...extra,
});

describe('the stats fold over a lead change', () => {
  it('counts a new lead once, in the pool and rule that routed it, with its time to assign', () => {
    const routed = lead([{ at: '2026-11-20T10:00:04.000Z', poolId: 'pool_a', repId: 'ana', rule: 'west' }]);
    const deltas = statsDeltas(lead([], { status: 'received' }), routed);
    const rows = groupRows(deltas, 'rep');
    expect(rows.find((r) => r.repId === '-')).toMatchObject({ received: 1, assigned: 0 });
    expect(rows.find((r) => r.repId === 'ana')).toMatchObject({ received: 0, assigned: 1 });
    expect(deltas.every((d) => d.key.rule === 'west' && d.key.poolId === 'pool_a' && d.key.day === '2026-11-20')).toBe(
      true,
    );
    expect(deltas.flatMap((d) => Object.keys(d.counts))).toContain(`timeToAssign.${bucketOf(4)}`);
  });

  it('counts only the decisions appended since the old image', () => {
    const first = lead([{ poolId: 'pool_a', repId: 'ana' }]);
    const accepted = lead([
      { poolId: 'pool_a', repId: 'ana' },
      { at: '2026-11-20T10:05:00.000Z', outcome: 'accepted', poolId: 'pool_a', repId: 'ana' },
    ]);
    const figures = figuresOf(Object.assign({}, ...statsDeltas(first, accepted).map((d) => d.counts)));
    expect(figures).toMatchObject({ received: 0, assigned: 0, accepted: 1 });
    expect(figures.timeToAcceptSeconds.count).toBe(1);
    expect(figures.timeToAcceptSeconds.p50! / 300).toBeCloseTo(1, 1);
    expect(statsDeltas(accepted, accepted)).toEqual([]);
    expect(statsDeltas(accepted, undefined)).toEqual([]);
  });

  it('charges an SLA miss to the rep who missed it and counts the move as a reassignment', async () => {
    const before = lead([{ poolId: 'pool_a', repId: 'ana' }], { repId: 'ana', assignedAt: created });
    const after = lead([
      { poolId: 'pool_a', repId: 'ana' },
      { poolId: 'pool_a', repId: 'ben', reason: 'sla_missed' },
    ]);
    const store = new MemoryStatsStore();
    await store.add(statsDeltas(before, after));
    const rows = groupRows(await store.rowsOf(['2026-11-20']), 'rep');
    expect(rows.find((r) => r.repId === 'ana')).toMatchObject({ slaMissed: 1, assigned: 0 });
    expect(rows.find((r) => r.repId === 'ben')).toMatchObject({ assigned: 1, reassigned: 1, slaMissed: 0 });
    expect(rows.find((r) => r.repId === 'ben')!.timeToAssignSeconds.count).toBe(0);
  });

  it('counts a claimed shotgun offer as assigned and accepted, and closes by reason', () => {
    const offered = lead([{ outcome: 'offered', poolId: 'pool_s', candidates: ['ana', 'ben'] }]);
    const claimed = lead([
      { outcome: 'offered', poolId: 'pool_s', candidates: ['ana', 'ben'] },
      { at: '2026-11-20T10:00:30.000Z', outcome: 'accepted', poolId: 'pool_s', repId: 'ben' },
      { at: '2026-11-21T10:00:00.000Z', outcome: 'closed', poolId: 'pool_s', repId: 'ben', reason: 'spam' },
    ]);
    const rows = groupRows([...statsDeltas(undefined, offered), ...statsDeltas(offered, claimed)], 'rep');
    expect(rows.find((r) => r.repId === 'ana')).toMatchObject({ offered: 1, assigned: 0 });
    expect(rows.find((r) => r.repId === 'ben')).toMatchObject({
      offered: 1,
      assigned: 1,
      accepted: 1,
      closed: { spam: 1 },
    });
    expect(groupRows(statsDeltas(offered, claimed), 'day').map((r) => r.day)).toEqual(['2026-11-20', '2026-11-21']);
  });

  it('names a pool chosen by no rule the default, and counts it as routed by the default', () => {
    const deltas = statsDeltas(undefined, lead([{ poolId: 'pool_a', repId: 'ana' }]));
    expect(groupRows(deltas, 'rule')).toEqual([expect.objectContaining({ rule: '(default)', routedByDefault: 1 })]);
  });

  it('counts a lead held for an admin, and an exhausted SLA as a miss by its owner; a waiting lead is not held', () => {
    const held = statsDeltas(undefined, lead([{ outcome: 'held', reason: 'offer_expired' }]));
    const waiting = statsDeltas(undefined, lead([{ outcome: 'unassigned', reason: 'no_eligible_rep' }]));
    expect(groupRows(held, 'pool')[0]).toMatchObject({ held: 1, slaMissed: 0 });
    expect(groupRows(waiting, 'pool')[0]).toMatchObject({ held: 0, received: 1 });
    const assigned = lead([{ poolId: 'pool_a', repId: 'ana' }], { repId: 'ana' });
    const exhausted = {
      ...assigned,
      decisions: [
        ...assigned.decisions,
        { ...assigned.decisions[0]!, outcome: 'held' as const, repId: undefined, reason: 'sla_exhausted' },
      ],
    };
    expect(groupRows(statsDeltas(assigned, exhausted), 'rep')).toEqual(
      expect.arrayContaining([expect.objectContaining({ repId: 'ana', slaMissed: 1 })]),
    );
  });

  it('counts a pass against the rep who passed', () => {
    const assigned = lead([{ poolId: 'pool_a', repId: 'ana' }], { repId: 'ana' });
    const passed = {
      ...assigned,
      decisions: [...assigned.decisions, { ...assigned.decisions[0]!, outcome: 'passed' as const }],
    };
    expect(groupRows(statsDeltas(assigned, passed), 'rep')).toEqual([
      expect.objectContaining({ repId: 'ana', passed: 1 }),
    ]);
  });
});
