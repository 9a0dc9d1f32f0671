// The weights of performance-based routing: each rep's outcome rate at a stage over a window,
// read from the stats aggregates (no lead is scanned), smoothed toward the pool's mean with a
// Bayesian prior, turned into whole weights within `minWeight`..`maxWeight`. Between two
// recomputations a pool distributes exactly like `weighted` with these weights.
import { NONE, type StatsRow } from './stats-row';

/** How a performance pool turns outcome rates into weights; see docs/distribution-methods.md. */
export interface PerformanceSettings {
  /** The outcome stage that counts as success (default `qualified`). */
  stage: string;
  /** The prior's strength, in leads: a rep's rate counts as this many leads at the pool's mean (default 20). */
  priorStrength: number;
  /** Every rep gets at least this many leads per cycle (default 1) ... */
  minWeight: number;
  /** ... and at most this many (default 10). */
  maxWeight: number;
}

export const DEFAULT_PERFORMANCE: PerformanceSettings = {
  stage: 'qualified',
  priorStrength: 20,
  minWeight: 1,
  maxWeight: 10,
};

/** A rep's record over the window: leads assigned, and how many reached the stage. */
export interface OutcomeRecord {
  assigned: number;
  reached: number;
}

/** What a decision records about a rep's weight: the smoothed rate, the sample it rests on, the weight. */
export interface PerformanceWeight {
  rate: number;
  sample: number;
  weight: number;
}

/** Each rep's record in a pool from stats rows (the window's days): `assigned` and `outcome.<stage>`. */
export function outcomeRecords(rows: readonly StatsRow[], poolId: string, stage: string): Map<string, OutcomeRecord> {
  const records = new Map<string, OutcomeRecord>();
  for (const { key, counts } of rows) {
    if (key.poolId !== poolId || key.repId === NONE) continue;
    const record = records.get(key.repId) ?? { assigned: 0, reached: 0 };
    record.assigned += counts.assigned ?? 0;
    record.reached += counts[`outcome.${stage}`] ?? 0;
    records.set(key.repId, record);
  }
  return records;
}

/**
 * The members' weights. The pool's mean rate m = Σ reached ÷ Σ assigned; a rep's smoothed
 * rate is (reached + k·m) ÷ (assigned + k) with k the prior strength, so a rep with few leads
 * sits near the mean and a new rep exactly at it. The weight is the smoothed rate relative to
 * the mean, scaled so the mean is the middle of the bounds, rounded, and kept within them.
 */
export function performanceWeights(
  memberIds: readonly string[],
  records: ReadonlyMap<string, OutcomeRecord>,
  settings: PerformanceSettings = DEFAULT_PERFORMANCE,
): Map<string, PerformanceWeight> {
  let assigned = 0;
  let reached = 0;
  for (const id of memberIds) {
    assigned += records.get(id)?.assigned ?? 0;
    reached += Math.min(records.get(id)?.reached ?? 0, records.get(id)?.assigned ?? 0);
  }
  const mean = assigned > 0 ? reached / assigned : 0;
  const middle = (settings.minWeight + settings.maxWeight) / 2;
  const k = settings.priorStrength;
  return new Map(
    memberIds.map((id) => {
      const record = records.get(id) ?? { assigned: 0, reached: 0 };
      const sample = record.assigned;
      const rate = (Math.min(record.reached, sample) + k * mean) / (sample + k || 1);
      const relative = mean > 0 ? rate / mean : 1;
      const weight = Math.min(settings.maxWeight, Math.max(settings.minWeight, Math.round(middle * relative)));
      return [id, { rate: Math.round(rate * 10_000) / 10_000, sample, weight }];
    }),
  );
}
