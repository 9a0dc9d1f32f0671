import type { LeadChangeConsumer } from '../leads/ports';
import type { StatsStore } from './ports';
import { statsDeltas, sumDeltas } from './stats-fold';

/**
 * The stats aggregates' lead-change consumer: folds a batch of changes and adds the sums,
 * one update per row touched (changes to the same rows in one batch cost one write).
 */
export function recordStats(stats: Pick<StatsStore, 'add'>): LeadChangeConsumer {
  return async (changes) => {
    const deltas = changes.flatMap((change) => statsDeltas(change.old, change.new));
    if (deltas.length > 0) await stats.add([...sumDeltas(deltas).values()]);
  };
}
