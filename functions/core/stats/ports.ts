import type { StatsDelta, StatsRow } from './stats-row';

/** Where the stats aggregates are kept: counters that only ever add. */
export interface StatsStore {
  /** Adds deltas to their rows (a row that does not exist starts at zero). */
  add(deltas: readonly StatsDelta[]): Promise<void>;
  /** Every row of these days (`YYYY-MM-DD`), whatever its pool, rep, source and rule. */
  rowsOf(days: readonly string[]): Promise<StatsRow[]>;
}
