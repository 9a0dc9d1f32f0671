// The live per-pool figures the dashboard graphs, from the same fold as the stats: a lead
// change's counters, summed per pool, with speed to lead as the values CloudWatch takes its
// percentiles from.
import type { LeadChangeConsumer } from '../leads/ports';
import { bucketValue } from './histogram';
import { statsDeltas } from './stats-fold';
import { countsUnder, NONE } from './stats-row';

/** One pool's figures from a batch of lead changes. */
export interface PoolFigures {
  received: number;
  assigned: number;
  held: number;
  slaMissed: number;
  /** Each acceptance's speed to lead, as its histogram bucket's value. */
  speedToLeadSeconds: number[];
}

/** Where pool figures go (CloudWatch metrics in AWS). */
export type PoolFiguresSink = (figures: ReadonlyMap<string, PoolFigures>) => void;

/** A lead-change consumer that sums each batch's counters per pool for the sink. */
export function recordPoolFigures(sink: PoolFiguresSink): LeadChangeConsumer {
  return async (changes) => {
    const pools = new Map<string, PoolFigures>();
    for (const { key, counts } of changes.flatMap((c) => statsDeltas(c.old, c.new))) {
      if (key.poolId === NONE) continue;
      const figures = pools.get(key.poolId) ?? {
        received: 0,
        assigned: 0,
        held: 0,
        slaMissed: 0,
        speedToLeadSeconds: [],
      };
      figures.received += counts.received ?? 0;
      figures.assigned += counts.assigned ?? 0;
      figures.held += counts.held ?? 0;
      figures.slaMissed += counts.slaMissed ?? 0;
      for (const [bucket, n] of Object.entries(countsUnder(counts, 'timeToAccept'))) {
        for (let i = 0; i < n; i++) figures.speedToLeadSeconds.push(bucketValue(Number(bucket)));
      }
      pools.set(key.poolId, figures);
    }
    if (pools.size > 0) sink(pools);
  };
}
