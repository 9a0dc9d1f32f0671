import { outcomeRecords } from './performance-weights';
import type { PerformanceRates, StatsStore } from './ports';
import { daysBetween } from './stats-query';

/** Performance rates read from the stats aggregates: one read of the window's rows, no lead scanned. */
export function statsPerformanceRates(stats: Pick<StatsStore, 'rowsOf'>): PerformanceRates {
  return {
    async ratesOf(poolId, stage, from, to) {
      return outcomeRecords(await stats.rowsOf(daysBetween(from, to)), poolId, stage);
    },
  };
}
