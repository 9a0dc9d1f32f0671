// `GET /admin/stats`: the aggregates of a period, grouped by one dimension, with percentiles
// read from the summed histograms and, per pool, its fairness.
import * as z from 'zod/mini';
import { ValidationError } from '../shared/errors';
import { EMPTY_WINDOW, fromBeforeTo, instantParameter, lastInstantBefore } from '../shared/period-schemas';
import type { Clock } from '../shared/ports';
import { entityId } from '../shared/validation';
import type { PoolStore } from '../team/ports';
import { type Fairness, fairnessOf, targetShares } from './fairness';
import { type Percentiles, percentilesOf } from './histogram';
import type { StatsStore } from './ports';
import {
  addCounts,
  countsUnder,
  DURATIONS,
  histogramIn,
  NONE,
  PLAIN_COUNTERS,
  type PlainCounter,
  type StatsCounts,
  type StatsKey,
  type StatsRow,
} from './stats-row';

export const STATS_GROUPS = ['rep', 'pool', 'source', 'rule', 'day'] as const;
export type StatsGroup = (typeof STATS_GROUPS)[number];

/** The longest period one request may ask for: a year of days. */
export const MAX_STATS_DAYS = 366;
/** Without `from`, the last 30 days. */
export const DEFAULT_STATS_DAYS = 30;

export const StatsQuerySchema = z
  .strictObject({
    /** The first day counted is the day of `from` (UTC). Default: 30 days before `to`. */
    from: z.optional(instantParameter),
    /** The last day counted is the day of the instant before `to`. Default: now. */
    to: z.optional(instantParameter),
    groupBy: z._default(z.enum(STATS_GROUPS), 'day'),
    poolId: z.optional(entityId),
    sourceId: z.optional(entityId),
    /** `csv`: the rows as CSV with a header line (as `Accept: text/csv` does). */
    format: z.optional(z.enum(['json', 'csv'])),
  })
  .check(z.refine(fromBeforeTo, EMPTY_WINDOW));
export type StatsQuery = z.output<typeof StatsQuerySchema>;

const GROUP_FIELDS = { rep: 'repId', pool: 'poolId', source: 'sourceId', rule: 'rule', day: 'day' } as const;

/** One group's figures. */
export type StatsAnswerRow = { [K in (typeof GROUP_FIELDS)[StatsGroup]]?: string } & Record<PlainCounter, number> & {
    closed: Record<string, number>;
    outcomes: Record<string, { count: number; value: number }>;
    timeToAssignSeconds: Percentiles;
    timeToAcceptSeconds: Percentiles;
    timeToContactSeconds: Percentiles;
    fairness?: Fairness;
  };

/** The stats of a period. */
export interface StatsAnswer {
  from: string;
  to: string;
  groupBy: StatsGroup;
  /** The whole UTC days counted, first and last. */
  days: { first: string; last: string };
  rows: StatsAnswerRow[];
}

export interface StatsDeps {
  stats: Pick<StatsStore, 'rowsOf'>;
  config: Pick<PoolStore, 'listPools'>;
  clock: Clock;
}

/** The stats of the asked period, grouped and filtered; pool rows carry their fairness. */
export async function queryStats(deps: StatsDeps, query: StatsQuery): Promise<StatsAnswer> {
  const to = query.to ?? deps.clock.now().toISOString();
  const from = query.from ?? new Date(Date.parse(to) - DEFAULT_STATS_DAYS * 86_400_000).toISOString();
  if (from >= to)
    throw new ValidationError('The stats query is invalid', [
      { path: 'to', code: 'custom', message: EMPTY_WINDOW.message },
    ]);
  const days = daysBetween(from.slice(0, 10), lastInstantBefore(to).slice(0, 10));
  if (days.length > MAX_STATS_DAYS) {
    throw new ValidationError('The stats query is invalid', [
      { path: 'from', message: `At most ${MAX_STATS_DAYS} days at a time`, code: 'too_big' },
    ]);
  }
  const rows = (await deps.stats.rowsOf(days)).filter(
    (row) =>
      (!query.poolId || row.key.poolId === query.poolId) && (!query.sourceId || row.key.sourceId === query.sourceId),
  );
  const answer = groupRows(rows, query.groupBy);
  if (query.groupBy === 'pool') await addFairness(deps, answer, rows);
  return { from, to, groupBy: query.groupBy, days: { first: days[0]!, last: days[days.length - 1]! }, rows: answer };
}

/** Rows summed by one dimension, in the dimension's order. */
export function groupRows(rows: readonly StatsRow[], groupBy: StatsGroup): StatsAnswerRow[] {
  const field = GROUP_FIELDS[groupBy];
  const groups = new Map<string, StatsCounts[]>();
  for (const row of rows) {
    const value = row.key[field as keyof StatsKey];
    groups.set(value, [...(groups.get(value) ?? []), row.counts]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([value, counts]) => ({ [field]: value, ...figuresOf(addCounts(...counts)) }));
}

/** The figures of summed counters. */
export function figuresOf(counts: StatsCounts): Omit<StatsAnswerRow, 'fairness'> {
  const plain = Object.fromEntries(PLAIN_COUNTERS.map((name) => [name, counts[name] ?? 0])) as Record<
    PlainCounter,
    number
  >;
  const values = countsUnder(counts, 'outcomeValue');
  const outcomes = Object.fromEntries(
    Object.entries(countsUnder(counts, 'outcome')).map(([stage, count]) => [
      stage,
      { count, value: values[stage] ?? 0 },
    ]),
  );
  const [timeToAssignSeconds, timeToAcceptSeconds, timeToContactSeconds] = DURATIONS.map((d) =>
    percentilesOf(histogramIn(counts, d)),
  ) as [Percentiles, Percentiles, Percentiles];
  return {
    ...plain,
    closed: countsUnder(counts, 'closed'),
    outcomes,
    timeToAssignSeconds,
    timeToAcceptSeconds,
    timeToContactSeconds,
  };
}

/** Each pool row's fairness: its reps' assigned counts against what the pool's method means them to get. */
async function addFairness(deps: StatsDeps, answer: StatsAnswerRow[], rows: readonly StatsRow[]): Promise<void> {
  const pools = new Map((await deps.config.listPools()).map((p) => [p.id, p]));
  for (const row of answer) {
    const pool = row.poolId ? pools.get(row.poolId) : undefined;
    if (!pool) continue;
    const assigned = new Map<string, number>();
    for (const r of rows) {
      if (r.key.poolId !== pool.id || r.key.repId === NONE) continue;
      assigned.set(r.key.repId, (assigned.get(r.key.repId) ?? 0) + (r.counts.assigned ?? 0));
    }
    row.fairness = fairnessOf(assigned, targetShares(pool.method, pool.members));
  }
}

/** The days from `first` to `last`, both `YYYY-MM-DD` and included. */
export function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(first); t <= Date.parse(last) && days.length <= MAX_STATS_DAYS; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}
