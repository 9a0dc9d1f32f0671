// The stats screen's figures: the period asked for (whole UTC days, as the aggregates are
// kept), each row's name, and the bars of volume and of a pool's fairness.
import type { Bar } from './chart';
import type { NameOf } from './decisions';
import type { StatsGroup } from './vocabulary';

/** Duration percentiles as the API answers them (`null` without data). */
export interface Percentiles {
  count: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
}

/** One rep's leads in a pool against the share its method means them to get. */
export interface RepShare {
  repId: string;
  assigned: number;
  targetShare: number;
  actualShare: number;
  deviation: number;
}

/** One row of `GET /admin/stats`: the group's value and its figures. */
export interface StatsRow {
  repId?: string;
  poolId?: string;
  sourceId?: string;
  rule?: string;
  day?: string;
  received: number;
  routedByDefault: number;
  assigned: number;
  accepted: number;
  slaMissed: number;
  held: number;
  timeToAcceptSeconds: Percentiles;
  timeToAssignSeconds: Percentiles;
  fairness?: { jain: number; spread: number; reps: RepShare[] };
}

/** The answer of `GET /admin/stats`. */
export interface StatsAnswer {
  groupBy: StatsGroup;
  days: { first: string; last: string };
  rows: StatsRow[];
}

/** The period and grouping the screen shows: days as `YYYY-MM-DD`, the last one included. */
export interface StatsFilters {
  from: string;
  to: string;
  groupBy: StatsGroup;
  poolId: string;
}

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The last seven UTC days, today included, grouped by rep. */
export function defaultStatsFilters(now: Date): StatsFilters {
  return { from: isoDay(now.getTime() - 6 * DAY_MS), to: isoDay(now.getTime()), groupBy: 'rep', poolId: '' };
}

/** The API's query for the filters: its `to` is exclusive, so it is the day after the last one shown. */
export function statsParameters(filters: StatsFilters, groupBy: StatsGroup = filters.groupBy) {
  const after = Date.parse(`${filters.to}T00:00:00Z`) + DAY_MS;
  return {
    from: filters.from,
    to: Number.isNaN(after) ? filters.to : isoDay(after),
    groupBy,
    poolId: filters.poolId || undefined,
  };
}

/** What a row is about: a rep's, pool's or source's name, the rule's name, or the day. */
export function rowName(row: StatsRow, groupBy: StatsGroup, nameOf: NameOf): string {
  const value = { rep: row.repId, pool: row.poolId, source: row.sourceId, rule: row.rule, day: row.day }[groupBy];
  if (value === undefined || value === '-') return groupBy === 'rep' ? 'nobody (not assigned)' : 'none';
  if (groupBy === 'rule')
    return value === '(default)' ? 'default pool' : value === '(source)' ? "the source's own pool" : value;
  return groupBy === 'day' ? value : nameOf(value);
}

/** Leads received on each day of the period, days without any at 0. */
export function volumeBars(rows: readonly StatsRow[], days: { first: string; last: string }): Bar[] {
  const received = new Map(rows.map((row) => [row.day, row.received]));
  const bars: Bar[] = [];
  for (let ms = Date.parse(`${days.first}T00:00:00Z`); ms <= Date.parse(`${days.last}T00:00:00Z`); ms += DAY_MS) {
    const day = isoDay(ms);
    bars.push({ label: day.slice(5), value: received.get(day) ?? 0 });
  }
  return bars;
}

/** A share as a whole percentage: `0.333` → `33 %`. */
export function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** A deviation with its sign: `+8 pts`, `−5 pts`, `0 pts`. */
export function points(deviation: number): string {
  const p = Math.round(deviation * 100);
  return `${p > 0 ? '+' : p < 0 ? '−' : ''}${Math.abs(p)} pts`;
}

/** How fair a Jain index is, in words: 1 is perfectly fair, 1/n one rep taking all. */
export function jainText(jain: number): string {
  if (jain >= 0.95) return 'fair';
  if (jain >= 0.8) return 'somewhat uneven';
  return 'uneven';
}
