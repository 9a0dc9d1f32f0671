// The overview's figures from `GET /admin/leads` (newest first): leads today, this week and
// on each of the last seven days, in the browser's time zone.
import type { LeadPage } from './types';

export interface DayCount {
  /** Local midnight that starts the day. */
  day: Date;
  count: number;
}

export interface LeadCounts {
  today: number;
  /** Since Monday, local time. */
  thisWeek: number;
  /** The last seven days, oldest first, today last. */
  days: DayCount[];
  /** More leads than the pages read: the figures are lower bounds. */
  partial: boolean;
}

/** Local midnight of `date`'s day, `offset` days later. */
export function startOfDay(date: Date, offset = 0): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + offset);
}

/** Local midnight of the Monday of `date`'s week. */
export function startOfWeek(date: Date): Date {
  return startOfDay(date, -((date.getDay() + 6) % 7));
}

/** The earliest time the overview counts from: a week ago or Monday, whichever is first. */
export function countingSince(now: Date): Date {
  return new Date(Math.min(startOfDay(now, -6).getTime(), startOfWeek(now).getTime()));
}

/** Counts leads created since `countingSince(now)`. */
export function countLeads(createdAt: readonly string[], now: Date, partial = false): LeadCounts {
  const today = startOfDay(now).getTime();
  const monday = startOfWeek(now).getTime();
  const days: DayCount[] = Array.from({ length: 7 }, (_, i) => ({ day: startOfDay(now, i - 6), count: 0 }));
  let todayCount = 0;
  let weekCount = 0;
  for (const iso of createdAt) {
    const at = Date.parse(iso);
    if (at >= today) todayCount++;
    if (at >= monday) weekCount++;
    for (let i = days.length - 1; i >= 0; i--) {
      if (at >= days[i]!.day.getTime()) {
        if (i < days.length - 1 || at < startOfDay(now, 1).getTime()) days[i]!.count++;
        break;
      }
    }
  }
  return { today: todayCount, thisWeek: weekCount, days, partial };
}

/**
 * Reads pages of leads, newest first, until one reaches back before `since` or `maxPages`
 * are read; returns the creation times and whether it stopped short.
 */
export async function leadTimesSince(
  page: (cursor: string | undefined) => Promise<LeadPage>,
  since: Date,
  maxPages: number,
): Promise<{ createdAt: string[]; partial: boolean }> {
  const createdAt: string[] = [];
  let cursor: string | undefined;
  for (let read = 0; read < maxPages; read++) {
    const { leads, nextCursor } = await page(cursor);
    for (const lead of leads) {
      if (Date.parse(lead.createdAt) < since.getTime()) return { createdAt, partial: false };
      createdAt.push(lead.createdAt);
    }
    if (!nextCursor) return { createdAt, partial: false };
    cursor = nextCursor;
  }
  return { createdAt, partial: true };
}

/** The subscriptions whose deliveries are failing now (every one since `failingSince`). */
export function failingWebhooks<T extends { failingSince?: string }>(webhooks: readonly T[]): T[] {
  return webhooks.filter((w) => w.failingSince !== undefined);
}
