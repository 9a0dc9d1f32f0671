import type * as z from 'zod/mini';
import { localTime, withinSchedule } from '../shared/time-windows';
import type { RepSchema } from './rep-schemas';

export const REP_STATUSES = ['active', 'paused'] as const;

export const NOTIFY_CHANNELS = ['email', 'sms'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

/** A rep as stored and returned: the create fields as normalised, defaults filled in, nulls dropped. */
export type Rep = z.output<typeof RepSchema>;

/** How loaded a rep is: open leads now, and leads assigned on `day` (the rep's local date). */
export interface RepLoad {
  open: number;
  day?: string;
  dayCount: number;
}

export const NO_LOAD: RepLoad = { open: 0, dayCount: 0 };

/** Why a rep is skipped for a lead. */
export type SkipReason = 'unknown_rep' | 'paused' | 'away' | 'off_hours' | 'at_max_open' | 'at_max_per_day';

/** The rep's local date at `now`, the day `maxPerDay` counts against. */
export function repToday(rep: Pick<Rep, 'timezone'>, now: Date): string {
  return localTime(now, rep.timezone).date;
}

/** Leads assigned to the rep today, given their load record. */
export function assignedToday(load: RepLoad, today: string): number {
  return load.day === today ? load.dayCount : 0;
}

/**
 * Why `rep` may not receive a lead at `now`, or undefined when it may. Asked afresh at
 * every assignment: status, away-until, working hours (when the pool respects them) and caps.
 */
export function ineligibility(
  rep: Rep | undefined,
  now: Date,
  load: RepLoad = NO_LOAD,
  options: { respectWorkingHours?: boolean } = {},
): SkipReason | undefined {
  if (!rep) return 'unknown_rep';
  if (rep.status === 'paused') return 'paused';
  if (rep.awayUntil && Date.parse(rep.awayUntil) > now.getTime()) return 'away';
  if (options.respectWorkingHours && rep.workingHours?.length && !withinSchedule(rep.workingHours, now, rep.timezone)) {
    return 'off_hours';
  }
  if (rep.maxOpen !== undefined && load.open >= rep.maxOpen) return 'at_max_open';
  if (rep.maxPerDay !== undefined && assignedToday(load, repToday(rep, now)) >= rep.maxPerDay) return 'at_max_per_day';
  return undefined;
}

/** The endpoints the rep should be subscribed with, per channel. */
export function notificationEndpoints(rep: Rep | undefined): Partial<Record<NotifyChannel, string>> {
  if (!rep) return {};
  const wants = (channel: NotifyChannel) => rep.notifyBy === undefined || rep.notifyBy.includes(channel);
  return {
    ...(rep.email && wants('email') ? { email: rep.email } : {}),
    ...(rep.phone && wants('sms') ? { sms: rep.phone } : {}),
  };
}

/** The counter change for one more lead to `rep`, under its caps unless forced. */
export function oneMoreLead(rep: Rep, load: RepLoad, now: Date, force: boolean): RepLoadChange {
  const today = repToday(rep, now);
  return {
    repId: rep.id,
    open: 1,
    day: today,
    dayCount: 1,
    rollover: load.day !== today,
    ...(!force && rep.maxOpen !== undefined ? { maxOpen: rep.maxOpen } : {}),
    ...(!force && rep.maxPerDay !== undefined ? { maxPerDay: rep.maxPerDay } : {}),
  };
}

/**
 * A change to a rep's load counters, made in the same transaction as the assignment and
 * conditioned on the rep's caps, so concurrent assigners can never exceed them.
 */
export interface RepLoadChange {
  repId: string;
  /** Added to the open count. */
  open: number;
  /** The rep's local date the per-day count is for. */
  day: string;
  /** Added to the per-day count (or its new value when the day rolled over). */
  dayCount: number;
  /** The stored day is an earlier one: start the count afresh. */
  rollover: boolean;
  maxOpen?: number;
  maxPerDay?: number;
}
