import type { StatsStore } from '../../core/stats/ports';
import { addCounts, rowKeyOf, type StatsDelta, type StatsRow } from '../../core/stats/stats-row';

/** The stats aggregates in memory: rows by day and dimensions, counters that add. */
export class MemoryStatsStore implements StatsStore {
  private readonly days = new Map<string, Map<string, StatsRow>>();

  async add(deltas: readonly StatsDelta[]): Promise<void> {
    for (const delta of deltas) {
      const rows = this.days.get(delta.key.day) ?? new Map<string, StatsRow>();
      const id = rowKeyOf(delta.key);
      const row = rows.get(id);
      rows.set(id, { key: { ...delta.key }, counts: addCounts(row?.counts ?? {}, delta.counts) });
      this.days.set(delta.key.day, rows);
    }
  }

  async rowsOf(days: readonly string[]): Promise<StatsRow[]> {
    return days.flatMap((day) => [...(this.days.get(day)?.values() ?? [])].map((row) => structuredClone(row)));
  }
}
