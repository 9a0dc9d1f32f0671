import { describe, expect, it } from 'vitest';
import type { Decision, Lead } from '../../functions/core/leads/lead';
import { type PoolFigures, recordPoolFigures } from '../../functions/core/stats/pool-metrics';
import { poolMetricDocuments } from '../../functions/entry/pool-metrics';

const created = '2026-11-20T10:00:00.000Z';
const lead = (decisions: Partial<Decision>[]): Lead => ({
  id: 'lead_1',
  sourceId: 'src_1',
  status: 'accepted',
  createdAt: created,
  updatedAt: created,
  fields: {},
  custom: {},
  decisions: decisions.map(
    (d) => ({ at: created, outcome: 'assigned', candidates: [], skipped: [], ...d }) as Decision,
  ),
});

describe('live pool figures for the dashboard', () => {
  it('sums a batch of lead changes per pool, with each speed to lead as a value', async () => {
    const seen: ReadonlyMap<string, PoolFigures>[] = [];
    const consume = recordPoolFigures((figures) => seen.push(figures));
    const routed = lead([{ poolId: 'pool_a', repId: 'ana' }]);
    const accepted = lead([
      { poolId: 'pool_a', repId: 'ana' },
      { at: '2026-11-20T10:02:00.000Z', outcome: 'accepted', poolId: 'pool_a', repId: 'ana' },
    ]);
    const held = lead([{ outcome: 'held', poolId: 'pool_b', reason: 'offer_expired' }]);
    await consume([{ new: routed }, { old: routed, new: accepted }, { new: held }]);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.get('pool_a')).toMatchObject({ received: 1, assigned: 1, held: 0 });
    expect(seen[0]!.get('pool_a')!.speedToLeadSeconds).toHaveLength(1);
    expect(seen[0]!.get('pool_a')!.speedToLeadSeconds[0]! / 120).toBeCloseTo(1, 1);
    expect(seen[0]!.get('pool_b')).toMatchObject({ received: 1, held: 1 });
  });

  it('writes one EMF document per pool, by pool and for the whole service', () => {
    const figures = new Map([
      ['pool_a', { received: 2, assigned: 1, held: 0, slaMissed: 1, speedToLeadSeconds: [30] }],
    ]);
    const [document] = poolMetricDocuments(figures, 1_700_000_000_000).map((d) => JSON.parse(d));
    expect(document._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'poolId'], ['service']]);
    expect(document).toMatchObject({
      poolId: 'pool_a',
      PoolLeadsReceived: 2,
      PoolSlaMissed: 1,
      SpeedToLeadSeconds: [30],
    });
  });
});
