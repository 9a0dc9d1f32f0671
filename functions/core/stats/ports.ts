import type { OutcomeRecord } from './performance-weights';
import type { StatsDelta, StatsRow } from './stats-row';

/** Where the stats aggregates are kept: counters that only ever add. */
export interface StatsStore {
  /** Adds deltas to their rows (a row that does not exist starts at zero). */
  add(deltas: readonly StatsDelta[]): Promise<void>;
  /** Every row of these days (`YYYY-MM-DD`), whatever its pool, rep, source and rule. */
  rowsOf(days: readonly string[]): Promise<StatsRow[]>;
}

/** Reps' outcome records in a pool over a window: what performance weights are computed from. */
export interface PerformanceRates {
  /** Each rep's leads assigned in the pool and how many reached `stage`, over the UTC days `from`..`to` (`YYYY-MM-DD`). */
  ratesOf(poolId: string, stage: string, from: string, to: string): Promise<Map<string, OutcomeRecord>>;
}
