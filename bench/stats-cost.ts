// What the stats aggregates add per lead, off the hot path: the lead-change consumer's
// UpdateItem writes to the stats table, their write units from the rows' sizes (AWS's
// rules, bench/capacity.ts), and the dollars per million leads at the price table's WRU
// price. No request on the webhook or assignment path changes. Pure.

import type { Lead } from '../functions/core/leads/lead';
import { statsDeltas, sumDeltas } from '../functions/core/stats/stats-fold';
import { rowKeyOf, type StatsCounts } from '../functions/core/stats/stats-row';
import type { PriceTable } from './aws-cost';
import { itemSize, writeUnits } from './capacity';

export interface StatsCost {
  leads: number;
  /** Lead writes (stream records) per lead. */
  changesPerLead: number;
  /** Stats-table UpdateItem calls per lead. */
  writesPerLead: number;
  writeUnitsPerLead: number;
  /** The largest stats row seen, in bytes (a write costs 1 WRU while it stays under 1 KB). */
  largestRowBytes: number;
  usdPerMillionLeads: number;
}

/** The stats' added writes for leads given as their successive images (oldest first). */
export function statsCost(histories: readonly (readonly Lead[])[], prices: PriceTable): StatsCost {
  const rows = new Map<string, Record<string, unknown>>();
  let changes = 0;
  let writes = 0;
  let units = 0;
  let largest = 0;
  for (const images of histories) {
    for (let i = 1; i < images.length; i++) {
      changes++;
      // As the consumer writes: one change at a time, its rows summed, one update per row.
      for (const { key, counts } of sumDeltas(statsDeltas(images[i - 1], images[i])).values()) {
        const id = `${key.day}|${rowKeyOf(key)}`;
        const before = rows.get(id) ?? {};
        const after = { pk: key.day, sk: rowKeyOf(key), ...dimensions(key), ...added(before, counts) };
        rows.set(id, after);
        const bytes = Math.max(itemSize(before), itemSize(after));
        largest = Math.max(largest, itemSize(after));
        writes++;
        units += writeUnits(bytes);
      }
    }
  }
  const leads = histories.length;
  const wru = prices.prices.find((p) => p.id === 'dynamodb.ondemand.wru')!.usd;
  return {
    leads,
    changesPerLead: changes / leads,
    writesPerLead: writes / leads,
    writeUnitsPerLead: units / leads,
    largestRowBytes: largest,
    usdPerMillionLeads: (units / leads) * wru * 1_000_000,
  };
}

function dimensions(key: { poolId: string; repId: string; sourceId: string; rule: string }) {
  return { poolId: key.poolId, repId: key.repId, sourceId: key.sourceId, rule: key.rule };
}

function added(row: Record<string, unknown>, counts: StatsCounts): Record<string, unknown> {
  const next = { ...row };
  for (const [name, n] of Object.entries(counts)) next[name] = ((next[name] as number | undefined) ?? 0) + n;
  return next;
}
