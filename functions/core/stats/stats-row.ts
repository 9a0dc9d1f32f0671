// The stats aggregates: one row per day × pool × rep × source × rule, holding counters that
// only add. Every counter is a flat name → number, so a store adds a row with one update
// (`ADD` in DynamoDB) and rows of any days and dimensions sum by name.
import { type Histogram, mergeHistograms } from './histogram';

/** What `-` stands for in a row's key: no pool, rep or rule (yet). */
export const NONE = '-';

/** The dimensions of a row. */
export interface StatsKey {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  poolId: string;
  repId: string;
  sourceId: string;
  /** The routing rule's name, `(default)`, `(source)`, or `-` when routing chose no pool. */
  rule: string;
}

/**
 * The counters of a row, by flat name: `received`, `routedByDefault`, `assigned`, `offered`,
 * `accepted`, `passed`, `slaMissed`, `reassigned`, `released`, `held`, `queued`, `failed`,
 * `closed.<reason>`, `outcome.<stage>`, `outcomeValue.<stage>`, and the histograms' buckets
 * `timeToAssign.<bucket>`, `timeToAccept.<bucket>`, `timeToContact.<bucket>`.
 */
export type StatsCounts = Record<string, number>;

/** Counters to add to one row. */
export interface StatsDelta {
  key: StatsKey;
  counts: StatsCounts;
}

/** A stored row: its key and its counters so far. */
export type StatsRow = StatsDelta;

/** The plain counters a row answers with. */
export const PLAIN_COUNTERS = [
  'received',
  'routedByDefault',
  'assigned',
  'offered',
  'accepted',
  'passed',
  'slaMissed',
  'reassigned',
  'released',
  'held',
  'queued',
  'failed',
] as const;
export type PlainCounter = (typeof PLAIN_COUNTERS)[number];

/** The durations kept as histograms. */
export const DURATIONS = ['timeToAssign', 'timeToAccept', 'timeToContact'] as const;
export type Duration = (typeof DURATIONS)[number];

/** The sum of counters, name by name. */
export function addCounts(...counts: readonly StatsCounts[]): StatsCounts {
  const sum: StatsCounts = {};
  for (const c of counts) for (const [name, n] of Object.entries(c)) sum[name] = (sum[name] ?? 0) + n;
  return sum;
}

/** Counters under `<prefix>.`, by what follows the dot (`closed.spam` → `spam`). */
export function countsUnder(counts: StatsCounts, prefix: string): Record<string, number> {
  const found: Record<string, number> = {};
  for (const [name, n] of Object.entries(counts)) {
    if (name.startsWith(`${prefix}.`) && n !== 0) found[name.slice(prefix.length + 1)] = n;
  }
  return found;
}

/** A duration's histogram from a row's counters. */
export function histogramIn(counts: StatsCounts, duration: Duration): Histogram {
  return mergeHistograms(countsUnder(counts, duration));
}

/** A row's store key within its day: the dimensions, each escaped, joined by `|`. */
export function rowKeyOf(key: Omit<StatsKey, 'day'>): string {
  return [key.poolId, key.repId, key.sourceId, key.rule].map(encodeURIComponent).join('|');
}
